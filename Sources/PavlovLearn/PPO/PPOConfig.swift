import Foundation
import PavlovSim

/// Everything that defines a PPO run, with CleanRL's names and defaults (ppo.py for discrete
/// actions; `continuousDefaults` mirrors ppo_continuous_action.py).
///
/// Codable so a run can be configured from a JSON file (`pavlov train --config`) and so the
/// checkpoint records exactly what produced it. Keys are the property names in snake_case.
public struct PPOConfig: Codable, Sendable, Equatable {
  public var envID: String = "MiniGrid-DoorKey-5x5-v0"
  public var seed: UInt64 = 1
  public var totalTimesteps: Int = 1_000_000
  public var numEnvs: Int = 64
  /// Steps per env per rollout; the batch is numEnvs × numSteps.
  public var numSteps: Int = 128
  public var learningRate: Float = 2.5e-4
  /// Linear decay of the learning rate to 0 over the run.
  public var annealLR: Bool = true
  public var gamma: Float = 0.99
  public var gaeLambda: Float = 0.95
  public var numMinibatches: Int = 8
  public var updateEpochs: Int = 4
  /// Normalise advantages per minibatch.
  public var normAdv: Bool = true
  public var clipCoef: Float = 0.2
  /// The PPO paper's clipped value loss.
  public var clipVLoss: Bool = true
  public var entCoef: Float = 0.01
  public var vfCoef: Float = 0.5
  public var maxGradNorm: Float = 0.5
  /// Stop the update epochs of a rollout once the approximate KL exceeds this (nil: never).
  public var targetKL: Float? = nil
  /// Width of each of the two hidden layers of the actor and of the critic.
  public var hiddenSize: Int = 64
  /// Running mean/std normalisation of float observations (clipped to ±10), as gymnasium's
  /// NormalizeObservation. Categorical observations are one-hot encoded instead.
  public var normalizeObservation: Bool = true
  /// Divide rewards by a running std of the discounted return (clipped to ±10), as gymnasium's
  /// NormalizeReward.
  public var normalizeReward: Bool = false
  /// Worker threads stepping the environments (the core's pool). One by default: 64 grid envs
  /// step in about 6 µs, and idle pool threads spinning between steps took CPU from the learner
  /// (DoorKey-8x8, 2 learner threads: 71.7k steps/s with one env thread, 67.0k with two).
  /// The arm's physics is slower, so `continuousDefaults` uses two.
  public var envThreads: Int = 1
  /// Threads computing the networks (data-parallel replicas).
  public var learnerThreads: Int = 2
  /// Stop early once the success rate of the last 100 episodes reaches this (nil: never).
  public var stopSuccessRate: Double? = nil
  /// Score discrete actions by their tokens (`PolicyHead.wordLetters`) where the environment
  /// declares five tokens of 26 values per action (Wordle's letters), instead of a flat output layer.
  public var letterHead: Bool = true
  /// Feed the networks the environment's preferred observation view (its `observation_view`
  /// hint: Wordle's is `WordleKnowledge`, what the board says per (position, letter)) instead of
  /// the raw parts; with the letter head, also a linear path from it to the scores. The key keeps
  /// its first name so that config files and checkpoints stay readable.
  public var wordleKnowledge: Bool = true
  /// The environment's reward_kind option (Wordle: 0 solve, 1 solve − per guess, 2 shaped).
  public var rewardKind: Int = 0

  public init() {}

  /// CleanRL's ppo_continuous_action.py defaults (MuJoCo): 1 env × 2048 steps, 32 minibatches,
  /// 10 epochs, lr 3e-4, no entropy bonus, observation and reward normalisation.
  public static var continuousDefaults: PPOConfig {
    var config = PPOConfig()
    config.numEnvs = 16
    config.numSteps = 256
    config.learningRate = 3e-4
    config.numMinibatches = 32
    config.updateEpochs = 10
    config.entCoef = 0
    config.normalizeReward = true
    config.envThreads = 2
    return config
  }

  /// The defaults `pavlov train` starts from for an environment: `continuousDefaults` for
  /// continuous actions, CleanRL's discrete defaults otherwise, then the environment's learner
  /// hints that name a field of this config (`applyingHints(of:)`).
  ///
  /// Wordle's hints, for example, are lr 1e-3 and the shaped reward (reward_kind 2: +0.1 per new
  /// green, +0.05 per new yellow, +1 on solving):
  /// - lr: the linear path from the knowledge view to the letter scores needs logit gaps of
  ///   several units between words the feedback allows and words it rules out; Adam moves a
  ///   weight by about lr per step, so at 2.5e-4 that alone takes millions of steps (seed 1,
  ///   1M steps: 0.01 wins at 2.5e-4, 0.81 at 1e-3).
  /// - reward: with +1 on solving only, wins are too rare to learn from at first (seed 1,
  ///   lr 1e-3: 0.01 wins at 1.8M steps, against 0.96 at 1.65M with the shaped reward).
  /// Wins are logged from the privileged info, whatever the reward.
  public static func defaults(for spec: EnvSpec) -> PPOConfig {
    var config: PPOConfig
    if case .continuous = spec.actionSpace {
      config = .continuousDefaults
    } else {
      config = PPOConfig()
    }
    config = (try? config.applyingHints(of: spec)) ?? config
    config.envID = spec.id
    return config
  }

  /// This config with `spec`'s learner hints applied where a hint's key is one of its fields
  /// (`fieldNames`, e.g. "learning_rate", "reward_kind"); other hints (e.g. "observation_view")
  /// are for other parts of the learner. Throws when a hint's value does not fit its field.
  public func applyingHints(of spec: EnvSpec) throws -> PPOConfig {
    let fields = spec.learnerHints.filter { CodingKeys(rawValue: $0.key) != nil }
    guard !fields.isEmpty else { return self }
    // Hint values are JSON literals (numbers, true/false), so the config file reader applies them.
    let json = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    return try Self.decode(Data(json.utf8), over: self)
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case envID = "env_id", seed, totalTimesteps = "total_timesteps", numEnvs = "num_envs", numSteps = "num_steps"
    case learningRate = "learning_rate", annealLR = "anneal_lr", gamma, gaeLambda = "gae_lambda"
    case numMinibatches = "num_minibatches", updateEpochs = "update_epochs", normAdv = "norm_adv"
    case clipCoef = "clip_coef", clipVLoss = "clip_vloss", entCoef = "ent_coef", vfCoef = "vf_coef"
    case maxGradNorm = "max_grad_norm", targetKL = "target_kl", hiddenSize = "hidden_size"
    case normalizeObservation = "normalize_observation", normalizeReward = "normalize_reward"
    case envThreads = "env_threads", learnerThreads = "learner_threads", stopSuccessRate = "stop_success_rate"
    case letterHead = "letter_head", wordleKnowledge = "wordle_knowledge", rewardKind = "reward_kind"
  }

  /// The keys a config file may use.
  private static let decodingBase = CodingUserInfoKey(rawValue: "pavlov.ppoConfigBase")!

  /// Reads a config file (JSON) over `base`: the fields it names replace base's, the rest stay.
  /// The file must be one JSON object that names each key once, with numbers its fields can hold.
  public static func decode(_ data: Data, over base: PPOConfig) throws -> PPOConfig {
    try checkFileContents(data)
    let decoder = JSONDecoder()
    decoder.userInfo[decodingBase] = base
    return try decoder.decode(PPOConfig.self, from: data)
  }

  public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

  // Missing keys keep their defaults, so a config file names only what it changes; an unknown
  // key (a typo such as "num_env") is an error rather than silently ignored.
  // Decoding starts from `decodingBase` in the decoder's userInfo when there is one
  // (`decode(_:over:)`), from CleanRL's discrete defaults otherwise.
  public init(from decoder: any Decoder) throws {
    self = decoder.userInfo[Self.decodingBase] as? PPOConfig ?? PPOConfig()
    let all = try decoder.container(keyedBy: AnyKey.self)
    for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      throw DecodingError.dataCorrupted(.init(
        codingPath: [key], debugDescription: "unknown field \"\(key.stringValue)\"; allowed: "
          + Self.fieldNames.joined(separator: ", ")))
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
      if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
    }
    try read(.envID, &envID); try read(.seed, &seed); try read(.totalTimesteps, &totalTimesteps)
    try read(.numEnvs, &numEnvs); try read(.numSteps, &numSteps); try read(.learningRate, &learningRate)
    try read(.annealLR, &annealLR); try read(.gamma, &gamma); try read(.gaeLambda, &gaeLambda)
    try read(.numMinibatches, &numMinibatches); try read(.updateEpochs, &updateEpochs)
    try read(.normAdv, &normAdv); try read(.clipCoef, &clipCoef); try read(.clipVLoss, &clipVLoss)
    try read(.entCoef, &entCoef); try read(.vfCoef, &vfCoef); try read(.maxGradNorm, &maxGradNorm)
    targetKL = try c.decodeIfPresent(Float.self, forKey: .targetKL) ?? targetKL
    try read(.hiddenSize, &hiddenSize); try read(.normalizeObservation, &normalizeObservation)
    try read(.normalizeReward, &normalizeReward); try read(.envThreads, &envThreads)
    try read(.learnerThreads, &learnerThreads)
    try read(.letterHead, &letterHead); try read(.wordleKnowledge, &wordleKnowledge)
    try read(.rewardKind, &rewardKind)
    stopSuccessRate = try c.decodeIfPresent(Double.self, forKey: .stopSuccessRate) ?? stopSuccessRate
  }

  /// numEnvs × numSteps.
  public var batchSize: Int { numEnvs * numSteps }
  public var minibatchSize: Int { batchSize / max(1, numMinibatches) }
  /// Rollout-and-update iterations the run makes.
  public var numIterations: Int { totalTimesteps / max(1, batchSize) }

  /// Checks every field before anything is built; the error names the field and what is allowed.
  public func validate() throws(TrainingError) {
    func fail(_ key: CodingKeys, _ value: Any, _ rule: String? = nil) throws(TrainingError) {
      throw .invalidConfig(field: key.rawValue, message: "\(key.rawValue) must be \(rule ?? key.allowed), got \(value)")
    }
    if envID.isEmpty { try fail(.envID, "\"\"") }
    if totalTimesteps <= 0 { try fail(.totalTimesteps, totalTimesteps, "positive") }
    if numEnvs <= 0 || numEnvs > 65_536 { try fail(.numEnvs, numEnvs) }
    if numSteps <= 0 || numSteps > 100_000 { try fail(.numSteps, numSteps) }
    if totalTimesteps < batchSize {
      try fail(.totalTimesteps, totalTimesteps, "at least num_envs × num_steps = \(batchSize) (one rollout)")
    }
    if numMinibatches <= 0 || batchSize % numMinibatches != 0 {
      try fail(.numMinibatches, numMinibatches, "a positive divisor of the batch num_envs × num_steps = \(batchSize)")
    }
    if minibatchSize > 1 << 20 { try fail(.numMinibatches, numMinibatches, "large enough for minibatches ≤ 2^20 samples") }
    if updateEpochs <= 0 { try fail(.updateEpochs, updateEpochs) }
    if !(learningRate > 0 && learningRate.isFinite) { try fail(.learningRate, learningRate) }
    if !(gamma >= 0 && gamma <= 1) { try fail(.gamma, gamma) }
    if !(gaeLambda >= 0 && gaeLambda <= 1) { try fail(.gaeLambda, gaeLambda) }
    if !(clipCoef > 0 && clipCoef.isFinite) { try fail(.clipCoef, clipCoef) }
    if !(entCoef >= 0 && entCoef.isFinite) { try fail(.entCoef, entCoef) }
    if !(vfCoef >= 0 && vfCoef.isFinite) { try fail(.vfCoef, vfCoef) }
    if !(maxGradNorm > 0) { try fail(.maxGradNorm, maxGradNorm) }
    if let kl = targetKL, !(kl > 0 && kl.isFinite) { try fail(.targetKL, kl) }
    if hiddenSize <= 0 || hiddenSize > 4096 { try fail(.hiddenSize, hiddenSize) }
    if envThreads <= 0 || envThreads > 256 { try fail(.envThreads, envThreads) }
    if learnerThreads <= 0 || learnerThreads > 64 { try fail(.learnerThreads, learnerThreads) }
    if rewardKind < 0 || rewardKind > 255 { try fail(.rewardKind, rewardKind) }
    if let rate = stopSuccessRate, !(rate > 0 && rate <= 1) { try fail(.stopSuccessRate, rate) }
  }
}

private struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
