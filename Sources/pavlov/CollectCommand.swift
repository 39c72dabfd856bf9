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

  @Option(help: "The label store to append to (created if missing, and said so).")
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
    // Everything that can be refused is, before a store is created.
    _ = try ObservationCollector(environmentID: env).checkEnvironment()
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: store, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("--store \(store) is a directory; give a file name")
    }
    let parent = URL(fileURLWithPath: store).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("--store \(store): the directory \(parent) does not exist")
    }
  }

  func run() throws {
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
    // Opened last: a policy that does not load leaves no new store behind.
    let labels = try LabelStore(path: store, mode: .createIfMissing)
    if labels.wasCreated { print("created a new label store \(store)") }
    let recorded = try collector.collect(steps: steps, into: labels, policy: source)
    let seconds = monotonicSeconds() - start
    let counts = try labels.counts()
    print("collected \(recorded) observations of \(env) with \(policy == "random" ? "the random policy" : "the policy of \(policy)") in \(String(format: "%.1f", seconds)) s "
          + "(\(humanRate(Double(recorded) / seconds))obs/s)")
    print("store \(store): \(counts.observations) observations, \(counts.captions) distinct captions, "
          + "\(counts.pairs) pairs, \(counts.labels) labels")
  }
}
