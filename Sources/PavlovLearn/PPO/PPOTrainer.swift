import Foundation
import PavlovSim

/// CleanRL's PPO over a `VecEnv`: collect `numSteps` steps of every env, compute GAE, run the
/// clipped-surrogate update, repeat. Readable top to bottom in `runIteration()`.
public final class PPOTrainer {
  public let config: PPOConfig
  public let environment: VecEnv
  public let reward: any RewardFunction
  public let shape: NetworkShape
  let encoder: ObservationEncoder
  let storage: RolloutStorage
  let learner: PPOLearner
  let episodes: EpisodeTracker
  var random: RandomStream
  var rewardScaler: RewardScaler?
  public internal(set) var globalStep = 0
  public internal(set) var iteration = 0
  /// Seconds spent in earlier sessions of a resumed run.
  var previousSeconds = 0.0
  private var sessionStart = Date()
  private var sessionStartStep = 0
  // Scratch for the value of truncated episodes' final observations.
  private var truncatedRows: [Int] = []
  private let finalRaw: UnsafeMutableRawBufferPointer
  private let finalIndices: UnsafeMutableBufferPointer<Int32>
  private let finalFloats: UnsafeMutableBufferPointer<Float>
  private let finalValueScratch: UnsafeMutableBufferPointer<Float>

  /// Trains on `environment`, which must be the envs `config` describes (`env_id`, `num_envs`;
  /// `makeEnvironment(for:)` builds them). Validates `config`, builds the networks and resets
  /// every env, so episodes a caller left running end here; the run reproduces from
  /// `config.seed` when `environment` was created with that seed and not stepped before.
  public init(config: PPOConfig, environment: VecEnv, reward: any RewardFunction = EnvironmentReward()) throws {
    try config.validate()
    try Self.requireDescribed(environment, by: config)
    self.config = config
    self.environment = environment
    self.reward = reward
    let spec = environment.spec
    let encoding = ObservationEncoding.automatic(for: spec, preferredView: config.wordleKnowledge)
    let head: PolicyHead
    switch spec.actionSpace {
    case .discrete(let count):
      if config.letterHead, let tokens = spec.actionTokens, let letters = PolicyHead.wordLetters(from: tokens) {
        head = letters
      } else {
        head = .categorical(actionCount: count)
      }
    case .continuous(let dimension, _): head = .gaussian(dimension: dimension)
    }
    shape = NetworkShape(encoding: encoding, observationSize: spec.observationSize, hiddenSize: config.hiddenSize,
                         head: head)
    encoder = try ObservationEncoder(spec: spec, encoding: encoding, normalize: config.normalizeObservation)
    storage = RolloutStorage(spec: spec, envs: config.numEnvs, steps: config.numSteps, isOneHot: encoder.isOneHot,
                             featureCount: encoder.featureCount)
    learner = try PPOLearner(config: config, shape: shape, envs: config.numEnvs)
    episodes = EpisodeTracker(envs: config.numEnvs)
    random = RandomStream(seed: config.seed, stream: 1)
    rewardScaler = config.normalizeReward ? RewardScaler(envs: config.numEnvs, gamma: config.gamma) : nil
    let envs = config.numEnvs, features = encoder.featureCount
    finalRaw = .allocate(byteCount: max(1, envs * spec.observationByteCount), alignment: 16)
    finalIndices = .allocate(capacity: encoder.isOneHot ? envs * features : 1)
    finalFloats = .allocate(capacity: encoder.isOneHot ? 1 : envs * features)
    finalValueScratch = .allocate(capacity: envs)
    try environment.reset(into: storage.resetBuffers())
    try storage.encode(slot: 0, with: encoder, updateStatistics: true)
  }

  deinit {
    finalRaw.deallocate()
    finalIndices.deallocate()
    finalFloats.deallocate()
    finalValueScratch.deallocate()
  }

  /// The actor and critic being trained.
  public var agent: ActorCritic { learner.master }

  /// Success rate over the last 100 finished episodes.
  public var recentSuccessRate: Double? { episodes.recentSuccessRate }

  /// Trains until `config.numIterations` (or `stopSuccessRate`), calling `progress` after
  /// every iteration; `progress` returns false to stop early.
  public func train(progress: (TrainingMetrics) throws -> Bool = { _ in true }) throws {
    sessionStart = Date()
    sessionStartStep = globalStep
    while iteration < config.numIterations {
      let metrics = try runIteration()
      if try !progress(metrics) { return }
      if let stop = config.stopSuccessRate, let rate = metrics.successRate, rate >= stop,
         episodes.recent.count >= episodes.window { return }
    }
  }

  /// One rollout of numSteps × numEnvs steps and one PPO update.
  public func runIteration() throws -> TrainingMetrics {
    let learningRate = config.annealLR
      ? config.learningRate * (1 - Float(iteration) / Float(config.numIterations)) : config.learningRate
    learner.setLearningRate(learningRate)
    let rolloutStart = Date()
    for t in 0..<config.numSteps {
      try collectStep(t)
    }
    try computeAdvantages()
    let updateStart = Date()
    let update = try learner.update(storage, random: &random)
    let updateSeconds = Date().timeIntervalSince(updateStart)
    storage.rollOver()
    iteration += 1
    try reward.iterationEnded(iteration)
    let finished = episodes.drainFinished()
    let elapsed = Date().timeIntervalSince(sessionStart)
    func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
    return TrainingMetrics(
      iteration: iteration, globalStep: globalStep, seconds: previousSeconds + elapsed,
      stepsPerSecond: Double(globalStep - sessionStartStep) / max(elapsed, 1e-9), learningRate: Double(learningRate),
      rolloutSeconds: updateStart.timeIntervalSince(rolloutStart), updateSeconds: updateSeconds,
      episodicReturn: mean(finished.map(\.environmentReturn)),
      episodicTrainingReturn: mean(finished.map(\.trainingReturn)),
      episodicLength: mean(finished.map { Double($0.length) }), successRate: episodes.recentSuccessRate,
      episodes: episodes.totalEpisodes, update: update)
  }

  /// Step t: act on slot t, step the envs into slot t + 1, reward, bookkeeping.
  private func collectStep(_ t: Int) throws {
    try learner.act(storage, step: t, random: &random)
    let buffers = storage.stepBuffers(at: t)
    do {
      if storage.isDiscrete {
        try environment.step(UnsafeBufferPointer(storage.row(storage.discreteActions, t)), into: buffers)
      } else {
        let width = storage.actionWidth, envs = storage.envs
        let actions = UnsafeBufferPointer(
          rebasing: storage.continuousActions[(t * envs * width)..<((t + 1) * envs * width)])
        try environment.step(actions, into: buffers)
      }
    } catch {
      throw TrainingError.environment("\(config.envID): \(error)")
    }
    let rewards = storage.row(storage.rewards, t)
    let batch = TransitionBatch(
      spec: environment.spec, captioner: environment, count: storage.envs,
      observations: UnsafeRawBufferPointer(storage.observations(at: t + 1)),
      finalObservations: UnsafeRawBufferPointer(storage.finalObservations),
      environmentRewards: UnsafeBufferPointer(buffers.rewards), terminated: UnsafeBufferPointer(buffers.terminated),
      truncated: UnsafeBufferPointer(buffers.truncated), info: UnsafeBufferPointer(storage.info))
    try reward.rewards(for: batch, into: rewards)
    episodes.record(environmentRewards: batch.environmentRewards, trainingRewards: UnsafeBufferPointer(rewards),
                    terminated: batch.terminated, truncated: batch.truncated, info: batch.info,
                    infoWidth: storage.infoWidth, successColumn: InfoColumn.success)
    rewardScaler?.scale(rewards, terminated: batch.terminated, truncated: batch.truncated)
    try storage.encode(slot: t + 1, with: encoder, updateStatistics: true)
    try bootstrapTruncated(t, batch)
    globalStep += storage.envs
  }

  /// For envs cut by the step limit (not terminated), the critic's value of the observation the
  /// episode ended in goes to `finalValues`, which GAE bootstraps from.
  private func bootstrapTruncated(_ t: Int, _ batch: TransitionBatch) throws {
    let finalValues = storage.row(storage.finalValues, t)
    finalValues.update(repeating: 0)
    truncatedRows.removeAll(keepingCapacity: true)
    for e in 0..<batch.count where batch.truncated[e] != 0 && batch.terminated[e] == 0 { truncatedRows.append(e) }
    guard !truncatedRows.isEmpty else { return }
    let width = storage.observationBytes, rows = truncatedRows.count, features = storage.featureCount
    for (k, e) in truncatedRows.enumerated() {
      UnsafeMutableRawBufferPointer(rebasing: finalRaw[(k * width)..<((k + 1) * width)])
        .copyMemory(from: batch.reachedObservation(of: e))
    }
    let raw = UnsafeRawBufferPointer(rebasing: finalRaw[0..<(rows * width)])
    let input: FeatureRows
    if encoder.isOneHot {
      let out = UnsafeMutableBufferPointer(rebasing: finalIndices[0..<(rows * features)])
      try encoder.encodeIndices(raw, rows: rows, into: out)
      input = .indices(UnsafeBufferPointer(out))
    } else {
      let out = UnsafeMutableBufferPointer(rebasing: finalFloats[0..<(rows * features)])
      encoder.encodeFloats(raw, rows: rows, into: out)
      input = .floats(UnsafeBufferPointer(out))
    }
    let values = UnsafeMutableBufferPointer(rebasing: finalValueScratch[0..<rows])
    try learner.values(of: input, rows: rows, into: values)
    for (k, e) in truncatedRows.enumerated() { finalValues[e] = values[k] }
  }

  private func computeAdvantages() throws {
    let envs = storage.envs, steps = storage.steps
    let nextValues = UnsafeMutableBufferPointer(rebasing: finalValueScratch[0..<envs])
    try learner.values(of: storage.features(slot: steps, envs: 0..<envs), rows: envs, into: nextValues)
    GeneralizedAdvantage.compute(
      rewards: UnsafeBufferPointer(storage.rewards), values: UnsafeBufferPointer(storage.values),
      terminated: UnsafeBufferPointer(storage.terminated), truncated: UnsafeBufferPointer(storage.truncated),
      finalValues: UnsafeBufferPointer(storage.finalValues), nextValues: UnsafeBufferPointer(nextValues),
      steps: steps, envs: envs, gamma: config.gamma, lambda: config.gaeLambda,
      advantages: storage.advantages, returns: storage.returns)
  }
}
