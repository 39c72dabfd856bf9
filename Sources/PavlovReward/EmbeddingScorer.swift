import Foundation
import PavlovLLM

/// ELLM's scorer (Du et al. 2023): the cosine similarity between the embedding of a caption
/// and that of the goal text, both from the server's /embeddings.
public struct EmbeddingScorer: CaptionScorer {
  public let client: LLMClient
  public let goal: String
  public let goalVector: [Float]

  /// Embeds `goal` once (a failure here stops the run before it starts).
  public init(client: LLMClient, goal: String) async throws(LLMError) {
    guard !goal.isEmpty else { throw .invalidArgument("the goal text is empty: there is nothing to compare captions with") }
    let vectors = try await client.embed([goal])
    guard let vector = vectors.first, Self.norm(vector) > 0 else {
      throw .malformedResponse("the embedding of the goal is empty or zero")
    }
    self.client = client
    self.goal = goal
    goalVector = vector
  }

  public var summary: String { "cosine similarity of embeddings by \(client.configuration) with the goal \"\(goal)\"" }

  public func usage() async -> Usage? { await client.usage() }

  public func score(_ caption: String) async -> CaptionScore {
    let vector: [Float]
    do { vector = try await client.embed([caption]).first ?? [] } catch { return .failed("\(error)") }
    guard let similarity = Self.cosine(vector, goalVector) else {
      return .unparseable(raw: "an embedding of \(vector.count) numbers (the goal's has \(goalVector.count)), or zero")
    }
    return .value(similarity)
  }

  /// cos(a, b), or nil when the lengths differ or a vector is zero.
  public static func cosine(_ a: [Float], _ b: [Float]) -> Float? {
    guard a.count == b.count, !a.isEmpty else { return nil }
    var dot = 0.0
    for i in 0..<a.count { dot += Double(a[i]) * Double(b[i]) }
    let n = norm(a) * norm(b)
    guard n > 0, n.isFinite else { return nil }
    return Float(max(-1, min(1, dot / n)))
  }

  static func norm(_ v: [Float]) -> Double { v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
}
