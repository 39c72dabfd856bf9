import ArgumentParser
import Foundation
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

  @Option(help: "The acting policy: 'random' (a trained run's policy comes with `pavlov train`).")
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
    guard policy == "random" else {
      throw ValidationError(
        "--policy '\(policy)': only 'random' is available; collecting with a trained policy (a run directory) "
          + "needs `pavlov train`'s checkpoints, which are not on this branch yet")
    }
  }

  func run() throws {
    let vec = try VecEnv(id: env, count: numEnvs, seed: seed)
    let spec = vec.spec
    guard case .discrete(let actionCount) = spec.actionSpace else {
      throw ValidationError("--env \(env): the random collector handles discrete actions only")
    }
    let labels = try LabelStore(path: store)
    try vec.reset()
    try labels.attach(
      environmentID: spec.id, observationType: spec.observationType.rawValue,
      observationByteCount: spec.observationByteCount, observationHigh: spec.observationBounds.upperBound,
      goal: try vec.mission(of: 0))
    var nextEpisode = try labels.nextEpisode()
    var episode = (0..<numEnvs).map { nextEpisode + $0 }
    nextEpisode += numEnvs
    var step = [Int](repeating: 0, count: numEnvs)
    var episodeReturn = [Float](repeating: 0, count: numEnvs)
    var pending: [RecordedObservation] = []
    var generator = SplitMix64(seed: seed ^ 0x5EED_C011_EC70_0000)
    let start = monotonicSeconds()

    func info(_ i: Int, _ column: Int) -> Float { vec.info(of: i)[column] }
    for i in 0..<numEnvs {
      pending.append(RecordedObservation(
        episode: episode[i], step: 0, bytes: Array(vec.observationBytes(of: i)), caption: try vec.caption(of: i),
        progress: info(i, InfoColumn.progress), event: 0, reward: 0, episodeReturn: 0))
    }
    var recorded = numEnvs
    var actions = [Int32](repeating: 0, count: numEnvs)
    while recorded < steps {
      for i in 0..<numEnvs { actions[i] = Int32(Int.random(in: 0..<actionCount, using: &generator)) }
      try vec.step(actions)
      for i in 0..<numEnvs where recorded < steps {
        step[i] += 1
        episodeReturn[i] += vec.rewards[i]
        let event = Int(info(i, InfoColumn.event))
        let done = vec.results.isDone(i)
        // A finished episode's last observation is the final one; its row already shows the next episode.
        let bytes = done ? vec.finalObservationBytes(of: i)! : vec.observationBytes(of: i)
        let caption = done ? try vec.caption(observation: bytes, event: event) : try vec.caption(of: i)
        pending.append(RecordedObservation(
          episode: episode[i], step: step[i], bytes: Array(bytes), caption: caption,
          progress: info(i, InfoColumn.progress), event: event, reward: vec.rewards[i],
          episodeReturn: episodeReturn[i]))
        recorded += 1
        if done {
          episode[i] = nextEpisode
          nextEpisode += 1
          step[i] = 0
          episodeReturn[i] = 0
        }
      }
      if pending.count >= 4096 {
        try labels.record(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
    try labels.record(pending)
    let seconds = monotonicSeconds() - start
    let counts = try labels.counts()
    print("collected \(recorded) observations of \(spec.id) with the random policy in \(String(format: "%.1f", seconds)) s "
          + "(\(humanRate(Double(recorded) / seconds))obs/s)")
    print("store \(store): \(counts.observations) observations, \(counts.captions) distinct captions, "
          + "\(counts.pairs) pairs, \(counts.labels) labels")
  }
}
