import Foundation

/// A `PPOTrainer` bound to a run directory: it writes config.json, appends metrics.jsonl,
/// checkpoints atomically (every 10 iterations, every 60 s and at the end) and redraws
/// curve.svg with each checkpoint. A run directory that already holds a run is never
/// overwritten: continue it with `resume`, or choose another.
public final class TrainingSession {
  public let trainer: PPOTrainer
  public let run: RunDirectory
  private var curve: LearningCurve
  private var lastCheckpointStep: Int
  private var lastCheckpointTime = Date()
  private var last: TrainingMetrics?
  private var started = Date()

  public init(config: PPOConfig, run: RunDirectory, resume: Bool,
              reward: any RewardFunction = EnvironmentReward()) throws
  {
    self.run = run
    let exists = FileManager.default.fileExists(atPath: run.checkpointURL.path)
    if resume && !exists {
      throw TrainingError.checkpoint("no checkpoint.bin in \(run.url.path) to resume; start without --resume")
    }
    if !resume && (exists || FileManager.default.fileExists(atPath: run.metricsURL.path)) {
      throw TrainingError.io("\(run.url.path) already holds a run; pass --resume to continue it, "
                             + "or choose another --out")
    }
    trainer = try PPOTrainer(config: config, reward: reward)
    curve = LearningCurve(title: "PPO on \(config.envID), seed \(config.seed), reward \(reward.name)")
    try run.create()
    if resume {
      try trainer.restore(Checkpoint.load(from: run.checkpointURL))
      curve = Self.readCurve(run, title: curve.title)
    } else {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try writeAtomically(try encoder.encode(config), to: run.configURL)
      try writeAtomically(Data(), to: run.metricsURL)
    }
    lastCheckpointStep = trainer.globalStep
  }

  /// The configuration a run directory was started with (to resume it without repeating flags).
  public static func savedConfig(of run: RunDirectory) -> PPOConfig? {
    if let checkpoint = try? Checkpoint.load(from: run.checkpointURL) { return checkpoint.header.config }
    guard let data = try? Data(contentsOf: run.configURL) else { return nil }
    return try? JSONDecoder().decode(PPOConfig.self, from: data)
  }

  /// Trains to the end, calling `progress` after each iteration. A NaN loss stops the run with
  /// `nonFiniteLoss`; the checkpoint on disk is then the last good one.
  public func run(progress: (TrainingMetrics) -> Void) throws {
    started = Date()
    let metrics: FileHandle
    do {
      metrics = try FileHandle(forWritingTo: run.metricsURL)
      try metrics.seekToEnd()
    } catch {
      throw TrainingError.io("cannot append to \(run.metricsURL.path): \(error.localizedDescription)")
    }
    defer { try? metrics.close() }
    do {
      try trainer.train { m in
        metrics.write(Data((m.jsonLine + "\n").utf8))
        curve.add(m)
        last = m
        if m.iteration % 10 == 0 || Date().timeIntervalSince(lastCheckpointTime) > 60 { try saveCheckpoint(m) }
        progress(m)
        return true
      }
    } catch TrainingError.nonFiniteLoss(let message) {
      try? writeAtomically(Data(curve.svg().utf8), to: run.curveURL)
      throw TrainingError.nonFiniteLoss(message + "; the last good checkpoint (step \(lastCheckpointStep)) is kept in "
                                        + run.checkpointURL.path)
    }
    if let last, last.globalStep != lastCheckpointStep { try saveCheckpoint(last) }
  }

  private func saveCheckpoint(_ m: TrainingMetrics) throws {
    try writeAtomically(try trainer.makeCheckpoint(seconds: m.seconds).encoded(), to: run.checkpointURL)
    try writeAtomically(Data(curve.svg().utf8), to: run.curveURL)
    lastCheckpointStep = m.globalStep
    lastCheckpointTime = Date()
  }

  /// Two lines for the end of a run.
  public var summary: String {
    guard let last else { return "nothing to do: the run already reached \(trainer.globalStep) steps" }
    let success = last.successRate.map { String(format: "%.3f", $0) } ?? "n/a"
    return String(format: "done: %d steps in %.1f s (%.0f steps/s this session), success rate (last 100 episodes) %@\n",
                  last.globalStep, Date().timeIntervalSince(started), last.stepsPerSecond, success)
      + "run: \(run.url.path) (checkpoint.bin, metrics.jsonl, curve.svg)"
  }

  /// Rebuilds the curve from metrics.jsonl when resuming.
  private static func readCurve(_ run: RunDirectory, title: String) -> LearningCurve {
    var curve = LearningCurve(title: title)
    guard let text = try? String(contentsOf: run.metricsURL, encoding: .utf8) else { return curve }
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let step = object["global_step"] as? Double else { continue }
      if let rate = object["charts/success_rate"] as? Double { curve.success.append((step, rate)) }
      if let value = object["charts/episodic_return"] as? Double { curve.returns.append((step, value)) }
    }
    return curve
  }
}
