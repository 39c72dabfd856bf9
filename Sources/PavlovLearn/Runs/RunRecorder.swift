import Foundation

/// What a run directory needs from a learner: PPO's `PPOTrainer` and SAC's `SACTrainer` both
/// train in iterations that report `RunMetrics`, and both can write their whole state.
public protocol RunTrainer: AnyObject {
  associatedtype Metrics: RunMetrics
  /// Environment steps taken so far.
  var globalStep: Int { get }
  /// Trains to the end, calling `progress` after each iteration; `progress` returns false to stop.
  func train(progress: (Metrics) throws -> Bool) throws
  /// The checkpoint file of the state now, checked to load again (a NaN network is refused).
  func encodedCheckpoint(seconds: Double) throws -> Data
}

extension PPOTrainer: RunTrainer {
  public func encodedCheckpoint(seconds: Double) throws -> Data {
    let checkpoint = makeCheckpoint(seconds: seconds)
    // Never replace a good checkpoint with one that could not be loaded again.
    try checkpoint.requireFiniteValues(source: "the checkpoint of iteration \(iteration)")
    return try checkpoint.encoded()
  }
}

extension SACTrainer: RunTrainer {
  public func encodedCheckpoint(seconds: Double) throws -> Data {
    let checkpoint = makeCheckpoint(seconds: seconds)
    for (k, buffer) in checkpoint.parameters.enumerated() where !buffer.allSatisfy(\.isFinite) {
      throw TrainingError.nonFiniteLoss("parameter buffer \(k) of the checkpoint of step \(globalStep) is not finite")
    }
    return try checkpoint.encoded()
  }
}

/// Runs a trainer in a run directory, the part both sessions share: appends each iteration's
/// line to metrics.jsonl, adds it to the curve, checkpoints atomically (every
/// `checkpointIterations` iterations, every `checkpointSeconds`, at the end and when asked to
/// stop) and redraws curve.svg with each checkpoint. A NaN loss keeps the last good checkpoint.
final class RunRecorder<Trainer: RunTrainer> {
  let trainer: Trainer
  let run: RunDirectory
  var curve: LearningCurve
  private let checkpointIterations: Int
  private let checkpointSeconds: Double
  private(set) var lastCheckpointStep: Int
  private var lastCheckpointTime = Date()
  private(set) var last: Trainer.Metrics?

  init(trainer: Trainer, run: RunDirectory, curve: LearningCurve, checkpointIterations: Int, checkpointSeconds: Double) {
    self.trainer = trainer
    self.run = run
    self.curve = curve
    self.checkpointIterations = checkpointIterations
    self.checkpointSeconds = checkpointSeconds
    lastCheckpointStep = trainer.globalStep
  }

  func record(until shouldStop: () -> Bool, progress: (Trainer.Metrics) -> Void) throws -> TrainingSession.Outcome {
    let metrics: FileHandle
    do {
      metrics = try FileHandle(forWritingTo: run.metricsURL)
      try metrics.seekToEnd()
    } catch {
      throw TrainingError.io("cannot append to \(run.metricsURL.path): \(error.localizedDescription)")
    }
    defer { try? metrics.close() }
    var outcome = TrainingSession.Outcome.finished
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
        if m.iteration % checkpointIterations == 0 || Date().timeIntervalSince(lastCheckpointTime) > checkpointSeconds {
          try saveCheckpoint(m)
        }
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

  private func saveCheckpoint(_ m: Trainer.Metrics) throws {
    try writeAtomically(try trainer.encodedCheckpoint(seconds: m.seconds), to: run.checkpointURL)
    try writeAtomically(Data(curve.svg().utf8), to: run.curveURL)
    lastCheckpointStep = m.globalStep
    lastCheckpointTime = Date()
  }

  /// The POSIX reason inside a Foundation file error ("File too large"), else its description.
  private static func reason(_ error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    return underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
  }
}
