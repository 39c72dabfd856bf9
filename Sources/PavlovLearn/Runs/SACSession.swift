import Foundation

/// A `SACTrainer` bound to a run directory, with the same files and rules as PPO's
/// `TrainingSession`: config.json, metrics.jsonl (a line per metrics interval), checkpoint.bin
/// (SAC's format, written atomically every 10 intervals, every 5 minutes, at the end and when
/// asked to stop), curve.svg. Everything is checked before anything is written; a directory
/// holding a run is continued only with `resume`, and then only with the settings it started
/// with (`SACConfig.resumableFields` excepted). On resume the envs start fresh episodes (as
/// PPO's do: env state is not checkpointed); networks, optimisers, α, the replay buffer, the
/// sampling stream and the counters continue exactly.
public final class SACSession {
  public let trainer: SACTrainer
  public let run: RunDirectory
  private let recorder: RunRecorder<SACTrainer>
  private var started = Date()
  /// A checkpoint holds the replay buffer, so it is written less often than PPO's.
  static let checkpointSeconds = 300.0

  public init(config: SACConfig, run: RunDirectory, resume: Bool, reward: any RewardFunction = EnvironmentReward()) throws {
    self.run = run
    try run.requireUsable()
    let checkpoint: SACCheckpoint?
    if resume {
      guard FileManager.default.fileExists(atPath: run.checkpointURL.path) else {
        throw TrainingError.checkpoint("no checkpoint.bin in \(run.url.path) to resume; start without --resume")
      }
      guard SACCheckpoint.isSACCheckpoint(at: run.checkpointURL) else {
        throw TrainingError.checkpoint("\(run.url.path) holds a PPO run; resume it without --algo sac")
      }
      let loaded = try SACCheckpoint.load(from: run.checkpointURL)
      try run.requireSACConfigFile(agreesWith: loaded.header.config)
      let differences = config.differences(from: loaded.header.config, ignoring: SACConfig.resumableFields)
      guard differences.isEmpty else {
        throw TrainingError.checkpoint(
          "--resume continues \(run.url.path) with the settings it was started with; these differ: "
            + differences.map { "\($0.field) \($0.mine) (the run has \($0.other))" }.joined(separator: ", ")
            + ". A resumed run may change only " + SACConfig.resumableFields.sorted().joined(separator: ", ")
            + "; drop the others, or start a new run in another --out")
      }
      checkpoint = loaded
    } else {
      if run.holdsRun {
        throw TrainingError.io("\(run.url.path) already holds a run; pass --resume to continue it, or choose another --out")
      }
      checkpoint = nil
    }
    trainer = try SACTrainer(config: config, environment: try SACTrainer.makeEnvironment(for: config), reward: reward)
    var curve = LearningCurve(title: "SAC on \(config.envID), seed \(config.seed), reward \(reward.name)")
    var metrics: [Substring] = []
    if let checkpoint {
      try trainer.restore(checkpoint)
      metrics = try run.metricsLines(through: checkpoint.header.iteration)
    }
    // Checked; now the directory is written.
    try run.begin(config: config, metrics: metrics)
    if resume { curve = LearningCurve.read(metrics, title: curve.title) }
    recorder = RunRecorder(trainer: trainer, run: run, curve: curve, checkpointIterations: 10,
                           checkpointSeconds: Self.checkpointSeconds)
  }

  /// Trains to the end, calling `progress` after each interval, or until `shouldStop` says to
  /// stop: then it checkpoints first. A NaN loss keeps the last good checkpoint.
  @discardableResult
  public func run(until shouldStop: () -> Bool = { false }, progress: (SACMetrics) -> Void) throws
    -> TrainingSession.Outcome
  {
    started = Date()
    return try recorder.record(until: shouldStop, progress: progress)
  }

  /// Two lines for the end of a run.
  public var summary: String {
    guard let last = recorder.last else { return "nothing to do: the run already reached \(trainer.globalStep) steps" }
    let success = last.successRate.map { String(format: "%.3f", $0) } ?? "n/a"
    return String(format: "done: %d steps, %d updates in %.1f s (%.0f steps/s this session), success rate (last 100 "
                    + "episodes) %@\n", last.globalStep, last.totalUpdates, Date().timeIntervalSince(started),
                  last.stepsPerSecond, success)
      + "run: \(run.url.path) (checkpoint.bin, metrics.jsonl, curve.svg)"
  }
}

extension LearningCurve {
  /// Rebuilds a curve from kept lines of metrics.jsonl.
  static func read(_ lines: [Substring], title: String) -> LearningCurve {
    var curve = LearningCurve(title: title)
    for line in lines {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let step = object["global_step"] as? Double else { continue }
      if let rate = object["charts/success_rate"] as? Double { curve.success.append((step, rate)) }
      if let value = object["charts/episodic_return"] as? Double { curve.returns.append((step, value)) }
    }
    return curve
  }
}

extension RunDirectory {
  /// Which learner wrote the run's checkpoint: "sac", "ppo", or nil without one.
  public var algorithm: String? {
    guard FileManager.default.fileExists(atPath: checkpointURL.path) else { return nil }
    return SACCheckpoint.isSACCheckpoint(at: checkpointURL) ? "sac" : "ppo"
  }

  /// The settings of the SAC run to resume (its checkpoint's, checked against config.json).
  public func savedSACConfig() throws(TrainingError) -> SACConfig? {
    guard algorithm == "sac" else { return nil }
    let saved = try SACCheckpoint.load(from: checkpointURL).header.config
    try requireSACConfigFile(agreesWith: saved)
    return saved
  }

  func requireSACConfigFile(agreesWith saved: SACConfig) throws(TrainingError) {
    guard FileManager.default.fileExists(atPath: configURL.path) else { return }
    let recorded: SACConfig
    do { recorded = try SACConfig.decode(try Data(contentsOf: configURL), over: saved) } catch {
      throw .checkpoint("cannot read \(configURL.path) to check it against the checkpoint: \(error)")
    }
    let differences = saved.differences(from: recorded, ignoring: SACConfig.resumableFields)
    guard differences.isEmpty else {
      throw .checkpoint("checkpoint.bin and config.json in \(url.path) describe different runs ("
                        + differences.map { "\($0.field): checkpoint \($0.mine), config.json \($0.other)" }
                          .joined(separator: "; ") + "); put back the matching file, or start a new run")
    }
  }
}
