import Foundation
import PavlovSim

/// CleanRL's SAC over a `VecEnv` of continuous actions: `numEnvs` envs step together (on the
/// core's threads), every transition goes into the replay buffer, and after `learningStarts`
/// transitions each vector step is followed by the gradient updates that keep the run at
/// `utdRatio` updates per transition (numEnvs × utd_ratio per vector step on average).
/// Readable top to bottom in `step()`.
public final class SACTrainer {
  public let config: SACConfig
  public let environment: VecEnv
  public let reward: any RewardFunction
  public let networks: SACNetworks
  let learner: SACLearner
  let replay: ReplayBuffer
  let storage: RolloutStorage
  let episodes: EpisodeTracker
  var random: RandomStream
  var statistics: RunningMeanStd?
  public internal(set) var globalStep = 0
  public internal(set) var iteration = 0
  var previousSeconds = 0.0
  private let observationSize: Int
  private let dimension: Int
  private let bounds: ClosedRange<Float>
  /// (numEnvs × observationSize) the current observations as floats, raw and network-ready.
  private let current: UnsafeMutableBufferPointer<Float>
  private let reached: UnsafeMutableBufferPointer<Float>
  private let input: UnsafeMutableBufferPointer<Float>
  private let actorOutput, normals, squashed, logProbabilities: UnsafeMutableBufferPointer<Float>
  private var interval = SACUpdateStatistics()
  /// The reward's generation the buffer's rewards were computed with (PEBBLE relabelling).
  private var rewardGeneration = 0
  private var relabelled = 0, relabelSeconds = 0.0
  private var rolloutSeconds = 0.0, updateSeconds = 0.0
  private var sessionStart = Date(), sessionStartStep = 0

  /// Trains on `environment`, the envs `config` describes (`makeEnvironment(for:)` builds them).
  /// Refuses discrete actions. Resets every env; the run reproduces from `config.seed`.
  public init(config: SACConfig, environment: VecEnv, reward: any RewardFunction = EnvironmentReward()) throws {
    try config.validate()
    let spec = environment.spec
    guard case .continuous(let dimension, let bounds) = spec.actionSpace else {
      throw TrainingError.invalidConfig(
        field: "env_id", message: "SAC needs continuous actions, and \(spec.id) has discrete ones; train it with PPO "
          + "(--algo ppo), or choose a continuous env such as arm/reach")
    }
    guard spec.id == config.envID, environment.count == config.numEnvs else {
      throw TrainingError.invalidConfig(field: "env_id", message: "the config describes \(config.numEnvs) envs of "
                                          + "\(config.envID), the environment given is \(environment.count) of \(spec.id)")
    }
    if let stored = reward as? any StoredTransitionReward {
      guard stored.scoresStoredTransitions else {
        throw TrainingError.invalidConfig(
          field: "reward", message: "reward \(reward.name) changes during the run and depends on whole episodes "
            + "(count or potential), so SAC cannot relabel its replay buffer with it; use the plain shape")
      }
      guard spec.observationType == .float32 else {
        throw TrainingError.invalidConfig(field: "reward", message: "relabelling the replay buffer needs float "
                                            + "observations, and \(spec.id) has \(spec.observationType.rawValue)")
      }
      rewardGeneration = stored.generation
    }
    self.config = config
    self.environment = environment
    self.reward = reward
    observationSize = spec.observationSize
    self.dimension = dimension
    self.bounds = bounds
    let envs = config.numEnvs
    networks = try SACNetworks(config: config, observationSize: observationSize,
                               head: SquashedGaussian(dimension: dimension, bounds: bounds),
                               maxBatchSize: max(config.batchSize, envs))
    learner = SACLearner(config: config, networks: networks)
    replay = ReplayBuffer(capacity: config.bufferSize, observationSize: observationSize, actionSize: dimension)
    storage = RolloutStorage(spec: spec, envs: envs, steps: 1, isOneHot: false)
    episodes = EpisodeTracker(envs: envs)
    random = RandomStream(seed: config.seed, stream: 3)
    statistics = config.normalizeObservation ? RunningMeanStd(featureCount: observationSize) : nil
    func make(_ n: Int) -> UnsafeMutableBufferPointer<Float> {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
      buffer.initialize(repeating: 0)
      return buffer
    }
    current = make(envs * observationSize); reached = make(observationSize); input = make(envs * observationSize)
    actorOutput = make(envs * 2 * dimension); normals = make(envs * dimension); squashed = make(envs * dimension)
    logProbabilities = make(envs)
    do { try environment.reset(into: storage.resetBuffers()) } catch {
      throw TrainingError.environment("\(config.envID): \(error)")
    }
    readObservations(UnsafeRawBufferPointer(storage.observations(at: 0)), rows: envs, into: current)
    statistics?.update(rows: envs) { i, j in Double(current[i * observationSize + j]) }
  }

  deinit {
    for buffer in [current, reached, input, actorOutput, normals, squashed, logProbabilities] { buffer.deallocate() }
  }

  /// Success rate over the last 100 finished episodes.
  public var recentSuccessRate: Double? { episodes.recentSuccessRate }
  /// Gradient updates made so far.
  public var updateCount: Int { learner.updateCount }
  /// Vector steps the run makes: `totalTimesteps / numEnvs`.
  public var totalVectorSteps: Int { config.totalTimesteps / config.numEnvs }

  /// Trains to `totalTimesteps` (or `stopSuccessRate`), calling `progress` after every metrics
  /// interval; `progress` returns false to stop early.
  public func train(progress: (SACMetrics) throws -> Bool = { _ in true }) throws {
    sessionStart = Date()
    sessionStartStep = globalStep
    let end = totalVectorSteps * config.numEnvs
    while globalStep < end {
      try step()
      // An interval ends each time the step count passes a multiple of metrics_interval, and at the end.
      guard globalStep / config.metricsInterval > iteration || globalStep >= end else { continue }
      let metrics = try finishInterval()
      if try !progress(metrics) { return }
      if let stop = config.stopSuccessRate, let rate = metrics.successRate, rate >= stop,
         episodes.recent.count >= episodes.window { return }
    }
  }

  /// One vector step: act, step the envs, store the transitions, then the owed updates.
  public func step() throws {
    let envs = config.numEnvs, o = observationSize, a = dimension
    let stepStart = Date()
    let actions = storage.continuousActions
    if globalStep < config.learningStarts {
      for k in 0..<(envs * a) {
        actions[k] = bounds.lowerBound + (bounds.upperBound - bounds.lowerBound) * random.unitFloat()
      }
    } else {
      try act(into: actions)
    }
    let buffers = storage.stepBuffers(at: 0)
    do { try environment.step(UnsafeBufferPointer(actions), into: buffers) } catch {
      throw TrainingError.environment("\(config.envID): \(error)")
    }
    let rewards = storage.row(storage.rewards, 0)
    let batch = TransitionBatch(
      spec: environment.spec, captioner: environment, count: envs,
      observations: UnsafeRawBufferPointer(storage.observations(at: 1)),
      finalObservations: UnsafeRawBufferPointer(storage.finalObservations),
      environmentRewards: UnsafeBufferPointer(buffers.rewards), terminated: UnsafeBufferPointer(buffers.terminated),
      truncated: UnsafeBufferPointer(buffers.truncated), info: UnsafeBufferPointer(storage.info))
    try reward.rewards(for: batch, into: rewards)
    episodes.record(environmentRewards: batch.environmentRewards, trainingRewards: UnsafeBufferPointer(rewards),
                    terminated: batch.terminated, truncated: batch.truncated, info: batch.info,
                    infoWidth: storage.infoWidth, successColumn: InfoColumn.success)
    for e in 0..<envs {
      readObservations(batch.reachedObservation(of: e), rows: 1, into: reached)
      replay.add(observation: UnsafeBufferPointer(rebasing: current[(e * o)..<((e + 1) * o)]),
                 action: UnsafeBufferPointer(rebasing: actions[(e * a)..<((e + 1) * a)]), reward: rewards[e],
                 nextObservation: UnsafeBufferPointer(reached), terminated: batch.terminated[e] != 0,
                 event: batch.event(of: e))
    }
    storage.rollOver()
    readObservations(UnsafeRawBufferPointer(storage.observations(at: 0)), rows: envs, into: current)
    statistics?.update(rows: envs) { i, j in Double(current[i * o + j]) }
    globalStep += envs
    let updateStart = Date()
    rolloutSeconds += updateStart.timeIntervalSince(stepStart)
    if globalStep > config.learningStarts {
      let owed = Int(Double(globalStep - config.learningStarts) * config.utdRatio)
      while learner.updateCount < owed {
        try learner.update(replay, random: &random, statistics: &interval) { rows, count in normalize(rows, count) }
      }
    }
    updateSeconds += Date().timeIntervalSince(updateStart)
  }

  /// The actor's sampled actions for the current observations.
  private func act(into actions: UnsafeMutableBufferPointer<Float>) throws {
    let envs = config.numEnvs
    _ = input.update(fromContentsOf: UnsafeBufferPointer(current))
    normalize(input, envs)
    try networks.actor.forward(UnsafeBufferPointer(input), batchSize: envs, into: actorOutput)
    for k in 0..<(envs * dimension) { normals[k] = random.normal() }
    networks.head.sample(output: UnsafeBufferPointer(actorOutput), normals: UnsafeBufferPointer(normals), batch: envs,
                         actions: actions, squashed: squashed, logProbabilities: logProbabilities)
  }

  /// Normalises `rows` observation rows in place with the running statistics, if any.
  func normalize(_ rows: UnsafeMutableBufferPointer<Float>, _ count: Int) {
    guard let statistics else { return }
    for k in 0..<(count * observationSize) {
      rows[k] = statistics.normalize(Double(rows[k]), feature: k % observationSize)
    }
  }

  private func readObservations(_ raw: UnsafeRawBufferPointer, rows: Int, into output: UnsafeMutableBufferPointer<Float>) {
    let type = environment.spec.observationType
    for k in 0..<(rows * observationSize) {
      switch type {
      case .uint8: output[k] = Float(raw.load(fromByteOffset: k, as: UInt8.self))
      case .int32: output[k] = Float(raw.load(fromByteOffset: 4 * k, as: Int32.self))
      case .float32: output[k] = raw.load(fromByteOffset: 4 * k, as: Float.self)
      }
    }
  }

  private func finishInterval() throws -> SACMetrics {
    iteration += 1
    try reward.iterationEnded(iteration)
    try relabelIfChanged()
    let finished = episodes.drainFinished()
    let elapsed = Date().timeIntervalSince(sessionStart)
    func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
    var metrics = SACMetrics(
      iteration: iteration, globalStep: globalStep, seconds: previousSeconds + elapsed,
      stepsPerSecond: Double(globalStep - sessionStartStep) / max(elapsed, 1e-9), rolloutSeconds: rolloutSeconds,
      updateSeconds: updateSeconds, episodicReturn: mean(finished.map(\.environmentReturn)),
      episodicTrainingReturn: mean(finished.map(\.trainingReturn)),
      episodicLength: mean(finished.map { Double($0.length) }), successRate: episodes.recentSuccessRate,
      episodes: episodes.totalEpisodes, totalUpdates: learner.updateCount, replaySize: replay.count,
      relabelled: relabelled, relabelSeconds: relabelSeconds, update: interval.averaged)
    if config.evalEpisodes > 0 { metrics.evaluation = try evaluateActor(episodes: config.evalEpisodes) }
    relabelled = 0
    relabelSeconds = 0
    interval = SACUpdateStatistics()
    rolloutSeconds = 0
    updateSeconds = 0
    return metrics
  }
}

extension SACTrainer {
  /// After the reward changed (a refit), every stored transition's reward is computed again from
  /// the observation it reached and its step's event (PEBBLE), in chunks.
  func relabelIfChanged() throws {
    guard let stored = reward as? any StoredTransitionReward, stored.generation != rewardGeneration else { return }
    let start = Date(), o = replay.observationSize, chunk = 4096
    var events = [Int32](repeating: 0, count: chunk)
    var row = 0
    while row < replay.count {
      let rows = min(chunk, replay.count - row)
      for i in 0..<rows { events[i] = Int32(replay.events[row + i]) }
      let observations = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: replay.nextObservations[(row * o)..<((row + rows) * o)]))
      try events.withUnsafeBufferPointer { codes in
        try stored.rewards(reachedObservations: observations, events: UnsafeBufferPointer(rebasing: codes[0..<rows]),
                           count: rows, into: UnsafeMutableBufferPointer(rebasing: replay.rewards[row..<(row + rows)]))
      }
      row += rows
    }
    rewardGeneration = stored.generation
    relabelled += replay.count
    relabelSeconds += Date().timeIntervalSince(start)
  }

  /// The actor as it is now, frozen, one episode in each of `episodes` fresh envs seeded as
  /// `pavlov eval` seeds them (the run's seed + 100000), sampling with its own stream: the
  /// training run's envs, buffer and random stream are not touched.
  public func evaluateActor(episodes: Int, greedy: Bool = false) throws -> EvaluationResult {
    try Evaluation.run(actor: Array(networks.actor.parameters), config: config, observationSize: observationSize,
                       actionDimension: dimension, statistics: statistics, episodes: episodes,
                       seed: config.seed &+ 100_000, greedy: greedy, threads: config.envThreads)
  }

  /// The envs `config` describes, for callers that do not build their own.
  public static func makeEnvironment(for config: SACConfig) throws(TrainingError) -> VecEnv {
    try config.validate()
    return try trainingEnvironment(id: config.envID, count: config.numEnvs, seed: config.seed,
                                   threads: config.envThreads, rewardKind: config.rewardKind)
  }
}
