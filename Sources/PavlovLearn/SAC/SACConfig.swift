import Foundation

/// Everything that defines a SAC run, with the names and defaults of CleanRL's
/// sac_continuous_action.py, plus what batching adds (`numEnvs`, `utdRatio`, threads).
///
/// Codable like `PPOConfig`: a JSON config file names only what it changes, and the
/// checkpoint records exactly what produced it. Keys are the property names in snake_case.
public struct SACConfig: Codable, Sendable, Equatable {
  public var envID: String = "arm/reach"
  public var seed: UInt64 = 1
  public var totalTimesteps: Int = 1_000_000
  /// Envs stepped together; every vector step adds `numEnvs` transitions to the buffer.
  public var numEnvs: Int = 1
  /// Transitions the replay buffer holds (a ring: the oldest go first).
  public var bufferSize: Int = 1_000_000
  public var gamma: Float = 0.99
  /// Polyak factor of the target critics: target ← τ·online + (1 − τ)·target.
  public var tau: Float = 0.005
  public var batchSize: Int = 256
  /// Env transitions of uniformly random actions before the actor acts and updates begin.
  public var learningStarts: Int = 5_000
  public var policyLR: Float = 3e-4
  /// CleanRL's critic (and entropy-coefficient) learning rate.
  public var qLR: Float = 1e-3
  /// The actor (and α) is updated on every `policyFrequency`-th gradient update, that many
  /// times in a row (TD3's delayed update, compensated), as CleanRL.
  public var policyFrequency: Int = 2
  /// The target critics follow every `targetNetworkFrequency`-th gradient update.
  public var targetNetworkFrequency: Int = 1
  /// The entropy coefficient when `autotune` is off (with autotune, log α starts at 0, α = 1, as CleanRL).
  public var alpha: Float = 0.2
  /// Learns α towards the target entropy −|A| (CleanRL's autotune).
  public var autotune: Bool = true
  /// Gradient updates per env transition: each vector step of `numEnvs` envs is followed by
  /// the updates that bring the total to ⌊(transitions since learning starts) × utd_ratio⌋.
  public var utdRatio: Double = 1
  /// Width of the two hidden layers (ReLU) of the actor and of each critic.
  public var hiddenSize: Int = 256
  /// Running mean/std normalisation of observations, applied when a batch is sampled (the
  /// buffer keeps raw observations, so old transitions are read with current statistics).
  /// Off by default, as CleanRL's SAC.
  public var normalizeObservation: Bool = false
  /// Environment steps between two lines of metrics.jsonl (one "iteration" of the run).
  public var metricsInterval: Int = 5_000
  /// Worker threads stepping the environments.
  public var envThreads: Int = 1
  /// Threads for the twin critics (1 or 2: Q1 and Q2 are computed side by side).
  public var learnerThreads: Int = 2
  /// Stop early once the success rate of the last 100 episodes reaches this (nil: never).
  public var stopSuccessRate: Double? = nil
  /// The environment's reward_kind option.
  public var rewardKind: Int = 0
  /// At the end of every metrics interval, the actor frozen plays one episode in each of this
  /// many fresh envs (seed + 100000, sampled actions, as `pavlov eval`); 0 (default) skips it.
  /// The training rate (`charts/success_rate`) counts a policy that changes during its episodes,
  /// and can be far from what the policy of the moment achieves (docs/sac.md).
  public var evalEpisodes: Int = 0

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case envID = "env_id", seed, totalTimesteps = "total_timesteps", numEnvs = "num_envs", bufferSize = "buffer_size"
    case gamma, tau, batchSize = "batch_size", learningStarts = "learning_starts", policyLR = "policy_lr"
    case qLR = "q_lr", policyFrequency = "policy_frequency", targetNetworkFrequency = "target_network_frequency"
    case alpha, autotune, utdRatio = "utd_ratio", hiddenSize = "hidden_size"
    case normalizeObservation = "normalize_observation", metricsInterval = "metrics_interval"
    case envThreads = "env_threads", learnerThreads = "learner_threads", stopSuccessRate = "stop_success_rate"
    case rewardKind = "reward_kind", evalEpisodes = "eval_episodes"
  }

  public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

  /// Settings a resumed run may change: its length, its early stop, its thread counts and its evaluation.
  public static let resumableFields: Set<String> = ["total_timesteps", "stop_success_rate", "env_threads",
                                                    "learner_threads", "eval_episodes"]

  private static let decodingBase = CodingUserInfoKey(rawValue: "pavlov.sacConfigBase")!

  /// Reads a config file (one JSON object) over `base`: the fields it names replace base's.
  public static func decode(_ data: Data, over base: SACConfig) throws -> SACConfig {
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: data) } catch {
      throw TrainingError.invalidConfig(field: "", message: "the file is not valid JSON: \(error.localizedDescription)")
    }
    guard object is [String: Any] else {
      throw TrainingError.invalidConfig(field: "", message: "a config file holds one JSON object, e.g. {\"num_envs\": 4}")
    }
    let decoder = JSONDecoder()
    decoder.userInfo[decodingBase] = base
    return try decoder.decode(SACConfig.self, from: data)
  }

  // Missing keys keep their defaults; an unknown key (a typo, or a PPO setting) is an error.
  public init(from decoder: any Decoder) throws {
    self = decoder.userInfo[Self.decodingBase] as? SACConfig ?? SACConfig()
    let all = try decoder.container(keyedBy: SACAnyKey.self)
    for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      throw DecodingError.dataCorrupted(.init(
        codingPath: [key], debugDescription: "unknown SAC field \"\(key.stringValue)\"; allowed: "
          + Self.fieldNames.joined(separator: ", ")))
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
      if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
    }
    try read(.envID, &envID); try read(.seed, &seed); try read(.totalTimesteps, &totalTimesteps)
    try read(.numEnvs, &numEnvs); try read(.bufferSize, &bufferSize); try read(.gamma, &gamma)
    try read(.tau, &tau); try read(.batchSize, &batchSize); try read(.learningStarts, &learningStarts)
    try read(.policyLR, &policyLR); try read(.qLR, &qLR); try read(.policyFrequency, &policyFrequency)
    try read(.targetNetworkFrequency, &targetNetworkFrequency); try read(.alpha, &alpha)
    try read(.autotune, &autotune); try read(.utdRatio, &utdRatio); try read(.hiddenSize, &hiddenSize)
    try read(.normalizeObservation, &normalizeObservation); try read(.metricsInterval, &metricsInterval)
    try read(.envThreads, &envThreads); try read(.learnerThreads, &learnerThreads)
    try read(.rewardKind, &rewardKind); try read(.evalEpisodes, &evalEpisodes)
    stopSuccessRate = try c.decodeIfPresent(Double.self, forKey: .stopSuccessRate) ?? stopSuccessRate
  }

  /// Checks every field before anything is built; the error names the field and what is allowed.
  public func validate() throws(TrainingError) {
    func fail(_ key: CodingKeys, _ value: Any, _ rule: String) throws(TrainingError) {
      throw .invalidConfig(field: key.rawValue, message: "\(key.rawValue) must be \(rule), got \(value)")
    }
    if envID.isEmpty { try fail(.envID, "\"\"", "an environment id") }
    if totalTimesteps <= 0 { try fail(.totalTimesteps, totalTimesteps, "positive") }
    if numEnvs <= 0 || numEnvs > 4096 { try fail(.numEnvs, numEnvs, "in [1, 4096]") }
    if bufferSize <= 0 || bufferSize > 100_000_000 { try fail(.bufferSize, bufferSize, "in [1, 100000000]") }
    if !(gamma >= 0 && gamma <= 1) { try fail(.gamma, gamma, "in [0, 1]") }
    if !(tau > 0 && tau <= 1) { try fail(.tau, tau, "in (0, 1]") }
    if batchSize <= 0 || batchSize > 65_536 { try fail(.batchSize, batchSize, "in [1, 65536]") }
    if learningStarts < 0 { try fail(.learningStarts, learningStarts, "0 or more") }
    if learningStarts < batchSize {
      try fail(.learningStarts, learningStarts, "at least batch_size = \(batchSize) (the first batch is sampled then)")
    }
    if !(policyLR > 0 && policyLR.isFinite) { try fail(.policyLR, policyLR, "positive and finite") }
    if !(qLR > 0 && qLR.isFinite) { try fail(.qLR, qLR, "positive and finite") }
    if policyFrequency <= 0 || policyFrequency > 1000 { try fail(.policyFrequency, policyFrequency, "in [1, 1000]") }
    if targetNetworkFrequency <= 0 || targetNetworkFrequency > 1_000_000 {
      try fail(.targetNetworkFrequency, targetNetworkFrequency, "in [1, 1000000]")
    }
    if !(alpha > 0 && alpha.isFinite) { try fail(.alpha, alpha, "positive and finite") }
    if !(utdRatio > 0 && utdRatio <= 64) { try fail(.utdRatio, utdRatio, "in (0, 64]") }
    if hiddenSize <= 0 || hiddenSize > 4096 { try fail(.hiddenSize, hiddenSize, "in [1, 4096]") }
    if metricsInterval <= 0 { try fail(.metricsInterval, metricsInterval, "positive") }
    if envThreads <= 0 || envThreads > 256 { try fail(.envThreads, envThreads, "in [1, 256]") }
    if learnerThreads != 1 && learnerThreads != 2 { try fail(.learnerThreads, learnerThreads, "1 or 2") }
    if rewardKind < 0 || rewardKind > 255 { try fail(.rewardKind, rewardKind, "in [0, 255]") }
    if evalEpisodes < 0 || evalEpisodes > 4096 { try fail(.evalEpisodes, evalEpisodes, "in [0, 4096] (0: no evaluation)") }
    if let rate = stopSuccessRate, !(rate > 0 && rate <= 1) { try fail(.stopSuccessRate, rate, "in (0, 1]") }
  }

  /// (field, this value, other's value) for each field that differs, in file order.
  public func differences(from other: SACConfig, ignoring ignored: Set<String> = [])
    -> [(field: String, mine: String, other: String)]
  {
    let mine = fieldTexts(), theirs = other.fieldTexts()
    return Self.fieldNames.compactMap { field in
      guard !ignored.contains(field), mine[field] != theirs[field] else { return nil }
      return (field, mine[field] ?? "absent", theirs[field] ?? "absent")
    }
  }

  private func fieldTexts() -> [String: String] {
    guard let data = try? JSONEncoder().encode(self),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return object.mapValues { value in (value as? String).map { "\"\($0)\"" } ?? "\(value)" }
  }
}

private struct SACAnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
