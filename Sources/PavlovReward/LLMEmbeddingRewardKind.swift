import Foundation
import PavlovLearn
import PavlovLLM

/// `llm-embedding[:threshold=T][,count|,potential]…`: ELLM's reward (Du et al. 2023), the cosine
/// similarity between the embedding of each distinct caption (asked once) and that of the goal
/// text (the env's mission), through the server's /embeddings. ELLM pays it above a threshold
/// and counts it once per episode: `threshold=T,count`.
///
/// There is no scripted stand-in: a similarity of texts has no privileged counterpart to fake.
public struct LLMEmbeddingRewardKind: RewardKind, Equatable {
  public static let name = "llm-embedding"
  public static let syntax = "llm-embedding[:fallback=C]\(LLMRewardOptions.syntax)"

  /// The similarity given when a caption's embedding fails (default 0: orthogonal).
  public var fallback: Float = 0
  public var options = LLMRewardOptions()

  public init() {}

  public init(options text: String?) throws(RewardError) {
    let full = Self.name + (text.map { ":" + $0 } ?? "")
    for piece in optionPieces(text) {
      if try options.take(piece, in: full) { continue }
      if piece == "scripted" {
        throw .invalidArgument(
          "'\(full)': llm-embedding has no scripted stand-in (a similarity of texts has no privileged counterpart); "
            + "it needs a server with /v1/embeddings, e.g. `pavlov llm serve` (the local one serves them); "
            + "for a SIMULATED LLM reward use llm-scalar:scripted")
      }
      let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 2, parts[0] == "fallback" else {
        throw .invalidArgument("'\(full)': '\(piece)' is not an option; allowed: \(Self.syntax)")
      }
      guard let c = Float(parts[1]), (-1...1).contains(c) else {
        throw .invalidArgument("'\(full)': fallback must be a similarity from -1 to 1; got '\(parts[1])'")
      }
      fallback = c
    }
  }

  /// Embeds the goal now, so an unreachable server or one without embeddings stops the run
  /// before anything of it is written.
  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction {
    let full = description
    let goal = try LLMRewardOptions.goal(of: context.spec, for: full)
    let client = try options.makeClient(for: full)
    let made = waitFor { () async -> Result<EmbeddingScorer, LLMError> in
      do throws(LLMError) { return .success(try await EmbeddingScorer(client: client, goal: goal)) } catch { return .failure(error) }
    }
    let scorer: EmbeddingScorer
    switch made {
    case .success(let s): scorer = s
    case .failure(let error):
      throw .invalidArgument(
        "'\(full)': cannot embed the goal \"\(goal)\" at \(client.configuration.baseURL.absoluteString): \(error) "
          + "(the server needs /v1/embeddings; llama-server: --embeddings, as `pavlov llm serve` starts it)")
    }
    CaptionValueReward.standardError("\(full): \(scorer.summary)")
    return CaptionValueReward(
      name: full, source: .captions(scorer), shape: options.shape, threshold: options.threshold, fallback: fallback,
      fallbackDescription: "\(fallback)", environmentCount: context.environmentCount, gamma: context.gamma)
  }

  public var description: String {
    var pieces: [String] = fallback != 0 ? ["fallback=\(fallback)"] : []
    pieces += options.pieces
    return Self.name + (pieces.isEmpty ? "" : ":" + pieces.joined(separator: ","))
  }
}
