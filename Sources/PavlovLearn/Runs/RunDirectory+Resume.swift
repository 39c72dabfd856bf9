import Foundation

// What --resume may trust. A run's settings live twice, in config.json and in the checkpoint;
// the command line may restate them. Any disagreement is refused with the values that differ:
// resuming on the wrong env, seed or network silently is worse than not resuming.

extension PPOConfig {
  /// Settings a resumed run may change: its length, its early stop and its thread counts.
  /// Every other field defines the run (env, seed, network, PPO's hyperparameters).
  public static let resumableFields: Set<String> = ["total_timesteps", "stop_success_rate", "env_threads", "learner_threads"]

  /// (field, this value, other's value) for each field that differs, in file order.
  public func differences(from other: PPOConfig, ignoring ignored: Set<String> = []) -> [(field: String, mine: String, other: String)] {
    let mine = fieldTexts(), theirs = other.fieldTexts()
    return Self.fieldNames.compactMap { field in
      guard !ignored.contains(field), mine[field] != theirs[field] else { return nil }
      return (field, mine[field] ?? "absent", theirs[field] ?? "absent")
    }
  }

  /// Each field's JSON text (absent optionals are missing).
  private func fieldTexts() -> [String: String] {
    guard let data = try? JSONEncoder().encode(self),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return object.mapValues { value in
      if let text = value as? String { return "\"\(text)\"" }
      return "\(value)"
    }
  }
}

extension RunDirectory {
  /// The settings of the run to resume: its checkpoint's, after checking that config.json (if
  /// any) describes the same run. Nil when there is no checkpoint.
  public func savedConfig() throws(TrainingError) -> PPOConfig? {
    guard FileManager.default.fileExists(atPath: checkpointURL.path) else { return nil }
    let saved = try Checkpoint.load(from: checkpointURL).header.config
    try requireConfigFile(agreesWith: saved)
    return saved
  }

  /// Throws if config.json exists and differs from `saved` in a field that defines the run.
  func requireConfigFile(agreesWith saved: PPOConfig) throws(TrainingError) {
    guard FileManager.default.fileExists(atPath: configURL.path) else { return }
    let recorded: PPOConfig
    do {
      recorded = try PPOConfig.decode(try Data(contentsOf: configURL), over: saved)
    } catch {
      throw .checkpoint("cannot read \(configURL.path) to check it against the checkpoint: \(error)")
    }
    let differences = saved.differences(from: recorded, ignoring: PPOConfig.resumableFields)
    guard differences.isEmpty else {
      let list = differences.map { "\($0.field): checkpoint \($0.mine), config.json \($0.other)" }
      throw .checkpoint("checkpoint.bin and config.json in \(url.path) describe different runs ("
                        + list.joined(separator: "; ") + "); put back the matching file, or start a new run")
    }
  }

  /// Throws if `requested` differs from the run's `saved` settings in a field --resume may not change.
  static func requireResumable(_ requested: PPOConfig, as saved: PPOConfig, in run: RunDirectory) throws(TrainingError) {
    let differences = requested.differences(from: saved, ignoring: PPOConfig.resumableFields)
    guard differences.isEmpty else {
      let list = differences.map { "\($0.field) \($0.mine) (the run has \($0.other))" }
      throw .checkpoint("--resume continues \(run.url.path) with the settings it was started with; these differ: "
                        + list.joined(separator: ", ") + ". A resumed run may change only "
                        + PPOConfig.resumableFields.sorted().joined(separator: ", ")
                        + "; drop the others, or start a new run in another --out")
    }
  }
}

extension RunDirectory {
  /// Writes the run's directory once everything has been checked (PPO and SAC alike): creates
  /// it, removes a killed session's temporary files, writes the config, and cuts
  /// `metrics.jsonl` back to `metrics` (on resume, what a killed session wrote after its last
  /// checkpoint goes: those iterations are about to be run again).
  func begin<Config: Encodable>(config: Config, metrics: [Substring]) throws {
    try create()
    removeStaleTemporaryFiles(in: url)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try writeAtomically(try encoder.encode(config), to: configURL)
    try writeAtomically(Data(metrics.joined().utf8), to: metricsURL)
  }
}
