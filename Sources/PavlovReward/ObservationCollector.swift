import PavlovSim

/// Steps an environment with random actions or a trained policy and records every observation with its
/// caption and privileged progress into a label store (what `pavlov collect` runs).
///
/// The observation after each step is recorded; where an episode ended, that is its final
/// observation (the autoreset row already shows the next episode's start).
public struct ObservationCollector {
  public var environmentID: String
  public var environmentCount: Int
  public var seed: UInt64

  public init(environmentID: String, environmentCount: Int = 16, seed: UInt64 = 0) {
    self.environmentID = environmentID
    self.environmentCount = environmentCount
    self.seed = seed
  }

  /// The environment's spec, if it is registered; a caller checks this before creating a store
  /// to collect into.
  public func checkEnvironment() throws -> EnvSpec {
    try VecEnv.spec(for: environmentID)
  }

  /// Records `steps` observations (over the whole batch) into `store` with uniformly random
  /// actions; returns how many.
  @discardableResult
  public func collectRandom(steps: Int, into store: LabelStore) throws -> Int {
    try collect(steps: steps, into: store, policy: nil)
  }

  /// Records `steps` observations with actions from `policy` (given the batch, it fills one
  /// action per env: `policy` for discrete action spaces, `continuousPolicy` the action vectors
  /// of continuous ones), or uniformly random ones within the action bounds when the space's
  /// policy is nil; returns how many.
  @discardableResult
  public func collect(steps: Int, into store: LabelStore,
                      policy: ((VecEnv, UnsafeMutableBufferPointer<Int32>) throws -> Void)?,
                      continuousPolicy: ((VecEnv, UnsafeMutableBufferPointer<Float>) throws -> Void)? = nil) throws -> Int {
    guard steps > 0 else { throw RewardError.invalidArgument("steps must be at least 1; got \(steps)") }
    guard environmentCount > 0 else {
      throw RewardError.invalidArgument("environment count must be at least 1; got \(environmentCount)")
    }
    let n = environmentCount
    let spec = try checkEnvironment()
    switch spec.actionSpace {
    case .discrete where continuousPolicy != nil:
      throw RewardError.invalidArgument("env \(environmentID) has discrete actions; a continuous policy cannot act in it")
    case .continuous where policy != nil:
      throw RewardError.invalidArgument("env \(environmentID) has continuous actions; a discrete policy cannot act in it")
    default: break
    }
    let vec = try VecEnv(id: environmentID, count: n, seed: seed)
    try vec.reset()
    try store.attach(
      environmentID: spec.id, observationType: spec.observationType.rawValue,
      observationByteCount: spec.observationByteCount, observationHigh: spec.observationBounds.upperBound,
      goal: try vec.mission(of: 0))
    var nextEpisode = try store.nextEpisode()
    var episode = (0..<n).map { nextEpisode + $0 }
    nextEpisode += n
    var step = [Int](repeating: 0, count: n)
    var episodeReturn = [Float](repeating: 0, count: n)
    var pending: [RecordedObservation] = []
    var generator = PairGenerator(seed: seed, pairID: -1)

    func info(_ i: Int, _ column: Int) -> Float { vec.info(of: i)[column] }
    let stagedColumn = spec.infoColumn(named: InfoColumn.stagedProgressName)
    func staged(_ i: Int) -> Float? { stagedColumn.map { info(i, $0) } }
    for i in 0..<min(n, steps) {
      pending.append(RecordedObservation(
        episode: episode[i], step: 0, bytes: Array(vec.observationBytes(of: i)), caption: try vec.caption(of: i),
        progress: info(i, InfoColumn.progress), event: 0, reward: 0, episodeReturn: 0, stagedProgress: staged(i)))
    }
    var recorded = pending.count
    var actions = [Int32](repeating: 0, count: n)
    var vectors: [Float] = []
    if case .continuous(let dimension, _) = spec.actionSpace { vectors = [Float](repeating: 0, count: n * dimension) }
    while recorded < steps {
      switch spec.actionSpace {
      case .discrete(let actionCount):
        if let policy {
          try actions.withUnsafeMutableBufferPointer { try policy(vec, $0) }
        } else {
          for i in 0..<n { actions[i] = Int32(Int.random(in: 0..<actionCount, using: &generator)) }
        }
        try vec.step(actions)
      case .continuous(_, let bounds):
        if let continuousPolicy {
          try vectors.withUnsafeMutableBufferPointer { try continuousPolicy(vec, $0) }
        } else {
          for k in vectors.indices { vectors[k] = Float.random(in: bounds, using: &generator) }
        }
        try vec.step(vectors)
      }
      for i in 0..<n where recorded < steps {
        step[i] += 1
        episodeReturn[i] += vec.rewards[i]
        let event = Int(info(i, InfoColumn.event))
        let done = vec.results.isDone(i)
        let bytes = done ? vec.finalObservationBytes(of: i)! : vec.observationBytes(of: i)
        let caption = done ? try vec.caption(observation: bytes, event: event) : try vec.caption(of: i)
        pending.append(RecordedObservation(
          episode: episode[i], step: step[i], bytes: Array(bytes), caption: caption,
          progress: info(i, InfoColumn.progress), event: event, reward: vec.rewards[i],
          episodeReturn: episodeReturn[i], stagedProgress: staged(i)))
        recorded += 1
        if done {
          episode[i] = nextEpisode
          nextEpisode += 1
          step[i] = 0
          episodeReturn[i] = 0
        }
      }
      if pending.count >= 4096 {
        try store.record(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
    try store.record(pending)
    return recorded
  }
}
