import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward
import PavlovSim

/// `pavlov collect`: steps an environment with a policy and records every observation with
/// its caption (and privileged progress, for scripted teachers) into a label store.
struct CollectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect",
    abstract: "Record observations and their captions into a label store (SQLite).")

  @Option(help: "Environment id (see `pavlov envs`).")
  var env: String

  @Option(help: "The acting policy: 'random', or a run directory of `pavlov train` (its sampling policy).")
  var policy: String = "random"

  @Option(help: "Environment steps to record, over the whole batch.")
  var steps: Int = 10_000

  @Option(help: "The label store to append to (created if missing).")
  var store: String

  @Option(name: .customLong("num-envs"), help: "Environments stepped together.")
  var numEnvs: Int = 16

  @Option(help: "Seed of the environments and of the random policy.")
  var seed: UInt64 = 0

  func validate() throws {
    guard steps > 0 else { throw ValidationError("--steps must be at least 1; got \(steps)") }
    guard numEnvs > 0 else { throw ValidationError("--num-envs must be at least 1; got \(numEnvs)") }
    if policy != "random", !FileManager.default.fileExists(atPath: RunDirectory(path: policy).checkpointURL.path) {
      throw ValidationError("--policy '\(policy)': not 'random' and not a run directory with a checkpoint.bin")
    }
  }

  func run() throws {
    let labels = try LabelStore(path: store)
    let start = monotonicSeconds()
    let collector = ObservationCollector(environmentID: env, environmentCount: numEnvs, seed: seed)
    var source: ((VecEnv, UnsafeMutableBufferPointer<Int32>) throws -> Void)? = nil
    if policy != "random" {
      let checkpoint = try Checkpoint.load(from: RunDirectory(path: policy).checkpointURL)
      let trained = try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: env), maxBatchSize: numEnvs, seed: seed)
      source = { vec, actions in
        try trained.actions(observations: vec.observations, count: vec.count, into: actions)
      }
    }
    let recorded = try collector.collect(steps: steps, into: labels, policy: source)
    let seconds = monotonicSeconds() - start
    let counts = try labels.counts()
    print("collected \(recorded) observations of \(env) with \(policy == "random" ? "the random policy" : "the policy of \(policy)") in \(String(format: "%.1f", seconds)) s "
          + "(\(humanRate(Double(recorded) / seconds))obs/s)")
    print("store \(store): \(counts.observations) observations, \(counts.captions) distinct captions, "
          + "\(counts.pairs) pairs, \(counts.labels) labels")
  }
}
