import Foundation
import PavlovLLM

/// What a caption-valued reward learned about one caption.
public enum CaptionScore: Sendable, Equatable {
  /// The reward estimate r̂ of the caption (a rating mapped to 0...1, or a cosine similarity).
  case value(Float)
  /// The model answered, but not in the asked format even after the retry (`raw`: its answer).
  case unparseable(raw: String)
  /// No usable answer: the server failed after its retries.
  case failed(String)
}

/// Scores captions: an LLM rating, an embedding similarity. Each distinct caption is asked once
/// per run by `CaptionValueReward`, which calls `score` concurrently for a step's new captions;
/// the scorer's client bounds the requests in flight.
public protocol CaptionScorer: Sendable {
  /// For logs: "llm-scalar smollm2-135m-instruct at http://… (rating-v1, scale 1–10)".
  var summary: String { get }
  func score(_ caption: String) async -> CaptionScore
  /// What the scoring cost so far (nil: no LLM is asked).
  func usage() async -> Usage?
}
