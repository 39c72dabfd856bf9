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
  private let recorder: RunRecorder<PPOTrainer>
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
    var curve = LearningCurve(title: "PPO on \(config.envID), seed \(config.seed), reward \(reward.name)")
    var metrics: [Substring] = []
    if let checkpoint {
      try trainer.restore(checkpoint)
      metrics = try run.metricsLines(through: checkpoint.header.iteration)
    }
    // Checked; now the directory is written.
    try run.begin(config: config, metrics: metrics)
    if resume { curve = LearningCurve.read(metrics, title: curve.title) }
    recorder = RunRecorder(trainer: trainer, run: run, curve: curve, checkpointIterations: 10, checkpointSeconds: 60)
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
    return try recorder.record(until: shouldStop, progress: progress)
  }

  /// Two lines for the end of a run.
  public var summary: String {
    guard let last = recorder.last else { return "nothing to do: the run already reached \(trainer.globalStep) steps" }
    let success = last.successRate.map { String(format: "%.3f", $0) } ?? "n/a"
    return String(format: "done: %d steps in %.1f s (%.0f steps/s this session), success rate (last 100 episodes) %@\n",
                  last.globalStep, Date().timeIntervalSince(started), last.stepsPerSecond, success)
      + "run: \(run.url.path) (checkpoint.bin, metrics.jsonl, curve.svg)"
  }
}
