import PavlovLearn
import PavlovSim

/// What a reward kind needs to make the reward function of one run.
public struct RewardContext: Sendable {
  /// The environment the learner trains on.
  public var spec: EnvSpec
  /// Envs stepped together (reward functions keep per-env state).
  public var environmentCount: Int
  /// The learner's discount, for shaping that must agree with it.
  public var gamma: Float
  /// Whether the run continues from a checkpoint (`--resume`): a reward that learns while
  /// training may refuse that rather than start again from a stale state.
  public var isResuming: Bool

  public init(spec: EnvSpec, environmentCount: Int, gamma: Float = 0.99, isResuming: Bool = false) {
    self.spec = spec
    self.environmentCount = environmentCount
    self.gamma = gamma
    self.isResuming = isResuming
  }
}

/// One way of making the reward a learner trains on, with its options: `env`, `ai-feedback:…`.
///
/// Each kind is a type of its own that parses its options and makes its reward function, and
/// `RewardSpec.kinds` lists them. A registry rather than one enum because the coming kinds
/// (`llm-scalar:`, `llm-code:`, `llm-embedding:`) bring their own options and dependencies: each
/// is then one new file and one line in `kinds`, and the parser, its error messages, the
/// commands and the learner stay as they are.
public protocol RewardKind: Sendable, CustomStringConvertible {
  /// The name before the colon in a reward string: "env", "ai-feedback".
  static var name: String { get }
  /// The whole syntax, for messages and help: "ai-feedback:MODEL[,count|,potential]".
  static var syntax: String { get }
  /// Parses the text after "name:" (nil when the string has no colon); a mistake throws
  /// `RewardError.invalidArgument` saying what is wrong and what is allowed.
  init(options: String?) throws(RewardError)
  /// Checks the kind against the run (a model's environment, say), loads what it needs and
  /// makes the reward function; called before anything of the run is written.
  func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction
}

/// A parsed `--reward` string: which kind of reward, with which options. `description` gives
/// the string back.
///
///     let spec = try RewardSpec(parsing: "ai-feedback:doorkey.model,potential")
///     let reward = try spec.makeReward(for: RewardContext(spec: envSpec, environmentCount: 16))
public struct RewardSpec: Sendable, CustomStringConvertible {
  /// Every kind a reward string may name, in the order messages list them.
  public static let kinds: [any RewardKind.Type] = [
    EnvironmentRewardKind.self, AIFeedbackRewardKind.self, LLMScalarRewardKind.self, LLMEmbeddingRewardKind.self,
    LLMCodeRewardKind.self,
  ]

  /// "env, ai-feedback:MODEL[,count|,potential]": what a reward string may be.
  public static var allowed: String { kinds.map { $0.syntax }.joined(separator: ", ") }

  public let kind: any RewardKind

  public init(_ kind: any RewardKind) { self.kind = kind }

  /// Parses "NAME" or "NAME:OPTIONS" (split at the first colon, so options may hold colons).
  public init(parsing text: String) throws(RewardError) {
    let name: Substring, options: String?
    if let colon = text.firstIndex(of: ":") {
      name = text[..<colon]
      options = String(text[text.index(after: colon)...])
    } else {
      name = text[...]
      options = nil
    }
    guard let kind = Self.kinds.first(where: { $0.name == name }) else {
      let what = text.isEmpty ? "an empty reward" : "'\(text)' is not a known reward"
      throw RewardError.invalidArgument("\(what); allowed: \(Self.allowed)")
    }
    self.kind = try kind.init(options: options)
  }

  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction {
    try kind.makeReward(for: context)
  }

  public var description: String { kind.description }
}
