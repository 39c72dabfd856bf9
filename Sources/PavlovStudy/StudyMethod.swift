/// One way of using a language model that a study compares (the paper's Fig. 1 bars).
public enum StudyMethod: String, Sendable, Codable, CaseIterable {
  /// The LLM acts directly (`pavlov act`); no learner.
  case policy
  /// Preferences → Bradley–Terry reward → PPO.
  case aiFeedback = "ai-feedback"
  /// Each caption rated on a scale → PPO.
  case scalar
  /// A reward program written by the LLM, sandboxed → PPO.
  case code
  /// Cosine similarity of caption and goal embeddings → PPO.
  case embedding

  public static var allowed: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// Whether a PPO learner trains (every method but `policy`).
  public var trainsLearner: Bool { self != .policy }

  /// What stands in for the language model when the study has none, or nil when nothing can
  /// (the row then says why and is skipped, never filled with a made-up number).
  public func standIn(teacher: String) -> String? {
    switch self {
    case .policy: return "scripted expert"
    case .aiFeedback: return "scripted teacher \(teacher)"
    case .scalar: return "llm-scalar:scripted (privileged progress)"
    case .code: return "llm-code:scripted (the family's reference program)"
    case .embedding: return nil
    }
  }

  /// Why the method has no stand-in (only `embedding`).
  public static let noEmbeddingStandIn = "no stand-in without an embedding model"
}
