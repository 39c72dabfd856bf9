import ArgumentParser
import Foundation
import PavlovReward

/// `pavlov collect`: steps an environment with a policy and records every observation with
/// its caption (and privileged progress, for scripted teachers) into a label store.
struct CollectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect",
    abstract: "Record observations and their captions into a label store (SQLite).")

  @Option(help: "Environment id (see `pavlov envs`).")
  var env: String

  @Option(help: "The acting policy: 'random', 'expert' (the environment's scripted expert, privileged), or a run directory of `pavlov train` (its sampling policy).")
  var policy: String = "random"

  @Option(help: "Environment steps to record, over the whole batch.")
  var steps: Int = 10_000

  @Option(help: "The label store to append to (created if missing, and said so).")
  var store: String

  @Option(name: .customLong("num-envs"), help: "Environments stepped together.")
  var numEnvs: Int = 16

  @Option(help: "Seed of the environments and of the random policy.")
  var seed: UInt64 = 0

  private var collector: ObservationCollector {
    ObservationCollector(environmentID: env, environmentCount: numEnvs, seed: seed)
  }

  func validate() throws {
    guard steps > 0 else { throw ValidationError("--steps must be at least 1; got \(steps)") }
    guard numEnvs > 0 else { throw ValidationError("--num-envs must be at least 1; got \(numEnvs)") }
    // Everything that can be refused is, before a store is created.
    do { try collector.check(storePath: store, policy: CollectionPolicy(parsing: policy)) } catch {
      throw ValidationError("\(error)")
    }
  }

  func run() throws {
    let summary = try collector.collect(steps: steps, intoStoreAt: store, policy: CollectionPolicy(parsing: policy))
    printCollection(summary, environmentID: env, policy: CollectionPolicy(parsing: policy), store: store)
  }
}

/// What `pavlov collect` (and each of the demo's collect stages) says it did.
func printCollection(_ summary: CollectionSummary, environmentID: String, policy: CollectionPolicy, store: String) {
  if summary.createdStore { print("created a new label store \(store)") }
  print("collected \(summary.recorded) observations of \(environmentID) with \(policy) in "
        + "\(String(format: "%.1f", summary.seconds)) s (\(humanRate(Double(summary.recorded) / summary.seconds))obs/s)")
  print("store \(store): \(summary.observations) observations, \(summary.captions) distinct captions, "
        + "\(summary.pairs) pairs, \(summary.labels) labels")
}
