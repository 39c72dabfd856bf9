import Foundation
import PavlovLLM
import PavlovLearn
import PavlovSim

/// How to reach the language model in a study. Nil in a plan means every method uses its
/// SIMULATED stand-in.
public struct StudyLLM: Sendable, Codable, Equatable {
  /// OpenAI-compatible API root; nil for $PAVLOV_LLM_URL or the local server.
  public var url: String?
  public var model: String?
  /// The model's parameter count for LLM FLOPs (2 × parameters × tokens); nil: the server's
  /// metadata when it gives one, else "unknown".
  public var parameters: Double?
  /// The persistent response cache: nil for the default (~/.cache/pavlov/llm-responses.sqlite),
  /// "none" for none. Cached answers count as calls but cost no tokens.
  public var cache: String?

  public init(url: String? = nil, model: String? = nil, parameters: Double? = nil, cache: String? = nil) {
    self.url = url
    self.model = model
    self.parameters = parameters
    self.cache = cache
  }
}

/// How the learned state rewards (ai-feedback, scalar, embedding) are paid: the value of the state
/// reached (`plain`), differences γ·r̂(o′) − r̂(o) so that only progress pays (`potential`, the
/// AI-feedback pipeline's choice), or divided by episodic visit counts (`count`, the paper's
/// modulation). A reward program (`code`) is the LLM's whole function and is paid as written.
public enum StudyRewardShape: String, Sendable, Codable, CaseIterable {
  case plain, potential, count
}

/// Everything that decides a study's numbers, recorded in study.json: a rerun with another
/// plan is refused, naming the field, so that one table never mixes two settings.
public struct StudyPlan: Sendable, Codable, Equatable {
  public static let version = 1

  public var version = StudyPlan.version
  public var environmentID: String
  public var methods: [StudyMethod]
  /// Seeds 1...seeds.
  public var seeds: Int
  /// PPO's environment steps per run (the learner's budget; AI feedback's collection is extra).
  public var steps: Int
  /// Nil: the SIMULATED stand-ins.
  public var llm: StudyLLM?
  public var rewardShape = StudyRewardShape.potential
  /// The scripted teacher that labels AI-feedback pairs without an LLM.
  public var teacher = "oracle"
  /// Episodes each run is evaluated on (and the LLM policy plays), by privileged success.
  public var evaluationEpisodes = 100
  /// How the LLM answers AI-feedback pairs and scalar ratings: nil for chat; "completion" asks
  /// for one token and reads its logprobs (small models ignore the chat format).
  public var llmMode: String?
  /// Truncates the LLM policy's episodes (nil: the env's limit); a small model on a CPU is slow.
  public var policyMaxSteps: Int?
  /// AI feedback: observations collected by the random policy, and pairs labelled.
  public var feedbackObservations = 20_000
  public var feedbackPairs = 2_000
  /// PPO's parallel envs and rollout length; nil keeps the env's defaults (`pavlov train`'s).
  public var numEnvs: Int?
  public var numSteps: Int?
  /// PPO's hidden layer width; nil keeps the env's default (64).
  public var hiddenSize: Int?

  public init(environmentID: String, methods: [StudyMethod], seeds: Int, steps: Int, llm: StudyLLM? = nil) {
    self.environmentID = environmentID
    self.methods = methods
    self.seeds = seeds
    self.steps = steps
    self.llm = llm
  }

  public static let seedRange = 1...100
  public static let evaluationRange = 1...1024

  /// Parses "policy,ai-feedback,scalar" (duplicates refused).
  public static func methods(parsing text: String) throws(StudyError) -> [StudyMethod] {
    var methods: [StudyMethod] = []
    for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
      let name = piece.trimmingCharacters(in: .whitespaces)
      guard let method = StudyMethod(rawValue: name) else {
        throw .invalidPlan("'\(name)' is not a study method; allowed: \(StudyMethod.allowed)")
      }
      guard !methods.contains(method) else { throw .invalidPlan("method \(name) is named twice") }
      methods.append(method)
    }
    return methods
  }

  public var isSimulated: Bool { llm == nil }

  /// What a row's numbers come from: the model's name (as the client resolves it: the flag,
  /// $PAVLOV_LLM_MODEL, then the local model's), else the method's stand-in.
  public func source(of method: StudyMethod) -> String {
    if let llm {
      return llm.model ?? (try? LLMConfiguration.resolve(url: llm.url, model: nil).model) ?? "LLM"
    }
    return method.standIn(teacher: teacher) ?? "none"
  }

  /// PPO's settings for one run: the env's defaults, this budget and seed.
  public func training(seed: Int) throws(StudyError) -> PPOConfig {
    let spec: EnvSpec
    do { spec = try VecEnv.spec(for: environmentID) } catch {
      throw .invalidPlan("\(error)")
    }
    var config = PPOConfig.defaults(for: spec)
    config.totalTimesteps = steps
    config.seed = UInt64(seed)
    if let numEnvs { config.numEnvs = numEnvs }
    if let numSteps { config.numSteps = numSteps }
    if let hiddenSize { config.hiddenSize = hiddenSize }
    return config
  }

  /// Checks every field before anything is written.
  public func validate() throws(StudyError) {
    guard version == Self.version else {
      throw .invalidPlan("study plan version \(version) is not known; this pavlov reads version \(Self.version)")
    }
    guard !methods.isEmpty else { throw .invalidPlan("no methods given; allowed: \(StudyMethod.allowed)") }
    guard Self.seedRange.contains(seeds) else {
      throw .invalidPlan("seeds must be from \(Self.seedRange.lowerBound) to \(Self.seedRange.upperBound); got \(seeds)")
    }
    guard Self.evaluationRange.contains(evaluationEpisodes) else {
      throw .invalidPlan("evaluation episodes must be from 1 to \(Self.evaluationRange.upperBound); got \(evaluationEpisodes)")
    }
    if let llmMode, !["chat", "completion"].contains(llmMode) {
      throw .invalidPlan("the LLM mode must be chat or completion; got '\(llmMode)'")
    }
    if let policyMaxSteps, policyMaxSteps < 1 {
      throw .invalidPlan("policy max steps must be 1 or more; got \(policyMaxSteps)")
    }
    guard feedbackObservations >= 1, feedbackPairs >= 1 else {
      throw .invalidPlan("AI feedback needs at least 1 observation and 1 pair; got \(feedbackObservations) and \(feedbackPairs)")
    }
    if let parameters = llm?.parameters, !(parameters.isFinite && parameters > 0) {
      throw .invalidPlan("the LLM's parameter count must be a positive number such as 135e6; got \(parameters)")
    }
    let config = try training(seed: 1)
    guard steps >= 1 else { throw .invalidPlan("steps must be positive; got \(steps)") }
    // PPO's own checks (envs, rollout, minibatches) first, with the budget checked just below.
    var checked = config
    checked.totalTimesteps = max(steps, config.batchSize)
    do { try checked.validate() } catch { throw .invalidPlan("\(error)") }
    // Embedding has no stand-in, so a study without an LLM trains nothing for it.
    if methods.contains(where: { $0.trainsLearner && !($0 == .embedding && isSimulated) }) {
      guard steps >= config.batchSize else {
        throw .invalidPlan("steps must be at least one PPO batch on \(environmentID) (\(config.numEnvs) envs × "
                           + "\(config.numSteps) steps = \(config.batchSize)); got \(steps)")
      }
    }
  }

  /// The first field in which `other` differs, with both values as JSON, or nil when equal.
  func firstDifference(from other: StudyPlan) -> (field: String, mine: String, theirs: String)? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    func fields(_ plan: StudyPlan) -> [String: String] {
      guard let data = try? encoder.encode(plan),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
      return object.mapValues { value in
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
          .flatMap { String(data: $0, encoding: .utf8) } ?? "\(value)"
      }
    }
    let mine = fields(self), theirs = fields(other)
    for key in Set(mine.keys).union(theirs.keys).sorted() where mine[key] != theirs[key] {
      return (key, mine[key] ?? "absent", theirs[key] ?? "absent")
    }
    return nil
  }
}
