import PavlovSim

/// The outcome of evaluating a policy for one episode in each of `episodes` fresh envs.
public struct EvaluationResult: Sendable, Equatable {
  public var episodes: Int
  public var successRate: Double
  public var meanReturn: Double
  public var meanLength: Double
  /// Episodes truncated before the step limit: on the arm and NetHack, a physics fault or an
  /// engine that failed (the env's fault count says how many), which ends the episode unsolved.
  public var cutShort = 0
}

/// Runs a policy for exactly one episode in each of `episodes` envs, seeded apart from
/// training. Counting only each env's first episode keeps the estimate unbiased: the first K
/// episodes to finish from fewer envs would over-count short (often successful) ones.
public enum Evaluation {
  /// The trained policy of a checkpoint; `greedy` takes the most likely action (the mean for
  /// continuous actions) instead of sampling.
  public static func run(_ checkpoint: Checkpoint, episodes: Int, seed: UInt64, greedy: Bool = false,
                         threads: Int = 2) throws -> EvaluationResult
  {
    guard episodes > 0 else { throw TrainingError.invalidConfig(field: "episodes", message: "episodes must be positive, got \(episodes)") }
    var config = checkpoint.header.config
    config.numEnvs = episodes
    config.numSteps = 1
    config.numMinibatches = 1
    config.envThreads = max(1, threads)
    config.learnerThreads = max(1, min(threads, episodes))
    let environment = try makeEnvironment(config.envID, episodes, seed, threads, rewardKind: config.rewardKind)
    // A checkpoint names its own env; its network must still fit what that env sends and takes.
    try checkpoint.header.requireNetwork(fits: environment.spec)
    let shape = checkpoint.header.shape
    let encoder = try ObservationEncoder(spec: environment.spec, encoding: shape.encoding,
                                         normalize: checkpoint.header.observationStatistics != nil)
    try encoder.restore(statistics: checkpoint.header.observationStatistics)
    let storage = RolloutStorage(spec: environment.spec, envs: episodes, steps: 1, isOneHot: encoder.isOneHot,
                                 featureCount: encoder.featureCount)
    let learner = try PPOLearner(config: config, shape: shape, envs: episodes)
    try learner.master.load(parameters: checkpoint.parameters)
    for replica in learner.replicas.dropFirst() { replica.copyParameters(from: learner.master) }
    var random = RandomStream(seed: seed, stream: 7)
    try environment.reset(into: storage.resetBuffers())
    try storage.encode(slot: 0, with: encoder, updateStatistics: false)
    return try collect(environment, storage) { storage in
      try learner.act(storage, step: 0, random: &random, greedy: greedy)
      try step(environment, storage)
      try storage.encode(slot: 1, with: encoder, updateStatistics: false)
      storage.rollOver()
    }
  }

  /// Uniformly random actions: the floor any learned policy must beat.
  public static func random(envID: String, episodes: Int, seed: UInt64, threads: Int = 2) throws -> EvaluationResult {
    guard episodes > 0 else { throw TrainingError.invalidConfig(field: "episodes", message: "episodes must be positive, got \(episodes)") }
    let environment = try makeEnvironment(envID, episodes, seed, threads)
    let isOneHot = false
    let storage = RolloutStorage(spec: environment.spec, envs: episodes, steps: 1, isOneHot: isOneHot)
    var random = RandomStream(seed: seed, stream: 9)
    try environment.reset(into: storage.resetBuffers())
    return try collect(environment, storage) { storage in
      switch environment.spec.actionSpace {
      case .discrete(let count):
        for e in 0..<episodes { storage.discreteActions[e] = Int32(random.below(count)) }
      case .continuous(_, let bounds):
        for k in 0..<storage.continuousActions.count {
          storage.continuousActions[k] = bounds.lowerBound + (bounds.upperBound - bounds.lowerBound) * random.unitFloat()
        }
      }
      try step(environment, storage)
      storage.rollOver()
    }
  }

  /// The environment's scripted expert (the grid worlds' planner, Wordle's solver, the robot
  /// arm's as metaworld.policies, the web tasks'): proof that a task is solvable, and the ceiling a learner is
  /// compared with.
  public static func expert(envID: String, episodes: Int, seed: UInt64, threads: Int = 2) throws -> EvaluationResult {
    guard episodes > 0 else { throw TrainingError.invalidConfig(field: "episodes", message: "episodes must be positive, got \(episodes)") }
    let environment = try makeEnvironment(envID, episodes, seed, threads)
    let storage = RolloutStorage(spec: environment.spec, envs: episodes, steps: 1, isOneHot: false)
    try environment.reset(into: storage.resetBuffers())
    // Discrete spaces get each action's index as a float.
    var indices = [Float](repeating: 0, count: episodes)
    return try collect(environment, storage) { storage in
      // The expert reads the envs' true state, so its action comes before the step it drives.
      do {
        switch environment.spec.actionSpace {
        case .continuous: try environment.expertActions(into: storage.continuousActions)
        case .discrete:
          try indices.withUnsafeMutableBufferPointer { try environment.expertActions(into: $0) }
          for e in 0..<episodes { storage.discreteActions[e] = Int32(indices[e]) }
        }
      } catch {
        throw TrainingError.environment("\(envID): \(error)")
      }
      try step(environment, storage)
      storage.rollOver()
    }
  }

  static func makeEnvironment(_ id: String, _ count: Int, _ seed: UInt64, _ threads: Int, rewardKind: Int = 0) throws
    -> VecEnv
  {
    do {
      return try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: max(1, threads), rewardKind: rewardKind))
    } catch {
      throw TrainingError.environment("\(id): \(error)")
    }
  }

  static func step(_ environment: VecEnv, _ storage: RolloutStorage) throws {
    if storage.isDiscrete {
      try environment.step(UnsafeBufferPointer(storage.discreteActions), into: storage.stepBuffers(at: 0))
    } else {
      try environment.step(UnsafeBufferPointer(storage.continuousActions), into: storage.stepBuffers(at: 0))
    }
  }

  /// Steps with `advance` until every env has finished its first episode.
  static func collect(_ environment: VecEnv, _ storage: RolloutStorage,
                      advance: (RolloutStorage) throws -> Void) throws -> EvaluationResult
  {
    let envs = storage.envs, width = storage.infoWidth
    var returns = [Double](repeating: 0, count: envs), lengths = [Int](repeating: 0, count: envs)
    var succeeded = [Bool](repeating: false, count: envs), done = [Bool](repeating: false, count: envs)
    var remaining = envs, cutShort = 0
    // Every episode ends by the step limit, so this terminates; the bound guards a broken env.
    let limit = max(1, environment.spec.maxEpisodeSteps) + 1
    for _ in 0..<limit where remaining > 0 {
      try advance(storage)
      for e in 0..<envs where !done[e] {
        returns[e] += Double(storage.environmentRewards[e])
        lengths[e] += 1
        if storage.info[e * width + InfoColumn.success] > 0 { succeeded[e] = true }
        if storage.terminated[e] != 0 || storage.truncated[e] != 0 {
          done[e] = true
          remaining -= 1
          if storage.terminated[e] == 0 && lengths[e] < limit - 1 { cutShort += 1 }
        }
      }
    }
    let n = Double(envs)
    return EvaluationResult(episodes: envs, successRate: Double(succeeded.filter { $0 }.count) / n,
                            meanReturn: returns.reduce(0, +) / n, meanLength: Double(lengths.reduce(0, +)) / n,
                            cutShort: cutShort)
  }
}
