import Foundation

/// A `PPOTrainer` bound to a run directory: it writes config.json, appends metrics.jsonl,
/// checkpoints atomically (every 10 iterations, every 60 s, at the end and when asked to stop)
/// and redraws curve.svg with each checkpoint. A run directory that already holds a run is
/// never overwritten: continue it with `resume`, or choose another.
///
/// Everything is checked before anything is written: the directory, the config, the env and
/// networks, and on resume the checkpoint, config.json and the requested settings. A refused
/// command leaves the directory as it was.
public final class TrainingSession {
  public let trainer: PPOTrainer
  public let run: RunDirectory
  private var curve: LearningCurve
  private var lastCheckpointStep: Int
  private var lastCheckpointTime = Date()
  private var last: TrainingMetrics?
  private var started = Date()

  /// How `run` ended.
  public enum Outcome: Equatable, Sendable {
    /// The run reached its steps (or its success rate stop).
    case finished
    /// `shouldStop` asked for a stop; the checkpoint holds the last iteration.
    case stopped
  }

  public init(config: PPOConfig, run: RunDirectory, resume: Bool,
              reward: any RewardFunction = EnvironmentReward()) throws
  {
    self.run = run
    try run.requireUsable()
    let checkpoint: Checkpoint?
    if resume {
      guard FileManager.default.fileExists(atPath: run.checkpointURL.path) else {
        throw TrainingError.checkpoint("no checkpoint.bin in \(run.url.path) to resume; start without --resume")
      }
      let loaded = try Checkpoint.load(from: run.checkpointURL)
      try run.requireConfigFile(agreesWith: loaded.header.config)
      try RunDirectory.requireResumable(config, as: loaded.header.config, in: run)
      checkpoint = loaded
    } else {
      if run.holdsRun {
        throw TrainingError.io("\(run.url.path) already holds a run; pass --resume to continue it, "
                               + "or choose another --out")
      }
      checkpoint = nil
    }
    trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config), reward: reward)
    curve = LearningCurve(title: "PPO on \(config.envID), seed \(config.seed), reward \(reward.name)")
    var metrics: [Substring] = []
    if let checkpoint {
      try trainer.restore(checkpoint)
      metrics = try run.metricsLines(through: checkpoint.header.iteration)
    }
    // Checked; now the directory is written.
    try run.create()
    removeStaleTemporaryFiles(in: run.url)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try writeAtomically(try encoder.encode(config), to: run.configURL)
    // On resume, what a killed session wrote after its last checkpoint goes: those iterations
    // are about to be run again.
    try writeAtomically(Data(metrics.joined().utf8), to: run.metricsURL)
    if resume { curve = Self.readCurve(metrics, title: curve.title) }
    lastCheckpointStep = trainer.globalStep
  }

  /// The configuration a run directory was started with (to resume it without repeating
  /// flags): its checkpoint's, checked against config.json. Nil without a checkpoint.
  public static func savedConfig(of run: RunDirectory) throws(TrainingError) -> PPOConfig? {
    try run.savedConfig()
  }

  /// Trains to the end, calling `progress` after each iteration, or until `shouldStop`
  /// (asked after each iteration) says to stop: then it checkpoints first. A NaN loss stops
  /// the run with `nonFiniteLoss`; the checkpoint on disk is then the last good one.
  @discardableResult
  public func run(until shouldStop: () -> Bool = { false }, progress: (TrainingMetrics) -> Void) throws -> Outcome {
    started = Date()
    let metrics: FileHandle
    do {
      metrics = try FileHandle(forWritingTo: run.metricsURL)
      try metrics.seekToEnd()
    } catch {
      throw TrainingError.io("cannot append to \(run.metricsURL.path): \(error.localizedDescription)")
    }
    defer { try? metrics.close() }
    var outcome = Outcome.finished
    do {
      try trainer.train { m in
        do { try metrics.write(contentsOf: Data((m.jsonLine + "\n").utf8)) } catch {
          let kept = FileManager.default.fileExists(atPath: run.checkpointURL.path)
            ? "the checkpoint of step \(lastCheckpointStep) is kept" : "no checkpoint was written yet"
          throw TrainingError.io("cannot append to \(run.metricsURL.path): \(Self.reason(error)); \(kept)")
        }
        curve.add(m)
        last = m
        if shouldStop() {
          try saveCheckpoint(m)
          progress(m)
          outcome = .stopped
          return false
        }
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
    return outcome
  }

  /// The POSIX reason inside a Foundation file error ("File too large"), else its description.
  private static func reason(_ error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    return underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
  }

  private func saveCheckpoint(_ m: TrainingMetrics) throws {
    let checkpoint = trainer.makeCheckpoint(seconds: m.seconds)
    // Never replace a good checkpoint with one that could not be loaded again.
    try checkpoint.requireFiniteValues(source: "the checkpoint of iteration \(m.iteration)")
    try writeAtomically(try checkpoint.encoded(), to: run.checkpointURL)
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

  /// Rebuilds the curve from the kept lines of metrics.jsonl when resuming.
  private static func readCurve(_ lines: [Substring], title: String) -> LearningCurve {
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
