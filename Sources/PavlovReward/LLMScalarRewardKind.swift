import Foundation
import PavlovLearn
import PavlovLLM

/// `llm-scalar[:scripted][,scale=N][,mode=chat|completion][,fallback=K]…`: the paper's direct
/// scalar reward. The LLM rates each distinct caption once, from 1 to N (`RatingPrompt`), and
/// the rating mapped to 0...1 is r̂; see `CaptionValueReward` for caching, failures and shapes.
///
/// `scripted` is the SIMULATED stand-in, for the plumbing and the learner side where no capable
/// LLM runs: r̂ is the privileged task progress (0...1), no LLM is asked.
public struct LLMScalarRewardKind: RewardKind, Equatable {
  public static let name = "llm-scalar"
  public static let syntax =
    "llm-scalar[:scripted][,scale=N][,mode=chat|completion][,fallback=K]\(LLMRewardOptions.syntax)"

  /// SIMULATED: privileged progress instead of an LLM.
  public var isScripted = false
  public var scale = 10
  public var mode = LLMRater.Mode.chat
  /// The rating an unparseable answer or a failed call is given (default 1, the lowest).
  public var fallbackRating = 1
  public var options = LLMRewardOptions()

  public init() {}

  public init(options text: String?) throws(RewardError) {
    let full = Self.name + (text.map { ":" + $0 } ?? "")
    let (scripted, pieces) = scriptedAndOptionPieces(text)
    isScripted = scripted
    var fallbackGiven = false
    for piece in pieces {
      if try options.take(piece, in: full) { continue }
      let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      switch (parts.first, parts.count) {
      case ("scale", 2):
        guard let n = Int(parts[1]), RatingPrompt.scaleRange.contains(n) else {
          throw .invalidArgument("'\(full)': scale must be a whole number from 2 to 100; got '\(parts[1])'")
        }
        scale = n
      case ("mode", 2):
        guard let m = LLMRater.Mode(rawValue: parts[1]) else {
          throw .invalidArgument("'\(full)': mode '\(parts[1])' is unknown; allowed: chat, completion")
        }
        mode = m
      case ("fallback", 2):
        guard let k = Int(parts[1]) else {
          throw .invalidArgument("'\(full)': fallback must be a rating on the scale; got '\(parts[1])'")
        }
        fallbackRating = k
        fallbackGiven = true
      default:
        let hint = piece == "scripted" ? " (scripted comes first: llm-scalar:scripted,…)" : ""
        throw .invalidArgument("'\(full)': '\(piece)' is not an option\(hint); allowed: \(Self.syntax)")
      }
    }
    guard (1...scale).contains(fallbackRating) else {
      throw .invalidArgument("'\(full)': fallback \(fallbackRating) is not on the scale 1–\(scale)")
    }
    if isScripted, mode != .chat || fallbackGiven || scale != 10 || options.url != nil || options.model != nil
      || options.cache != nil || options.concurrency != 4 || options.retries != 4
    {
      throw .invalidArgument(
        "'\(full)': the SIMULATED stand-in asks no LLM; it takes only threshold=T and count or potential")
    }
  }

  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction {
    if isScripted {
      let name = "\(self) (SIMULATED: privileged progress, no LLM)"
      CaptionValueReward.standardError("\(name): r̂ is the env's task progress, 0...1; a stand-in for an LLM's ratings")
      return CaptionValueReward(
        name: name, source: .privilegedProgress, shape: options.shape, threshold: options.threshold, fallback: 0,
        fallbackDescription: "none (progress is always known)", environmentCount: context.environmentCount,
        gamma: context.gamma)
    }
    let full = description
    let goal = try LLMRewardOptions.goal(of: context.spec, for: full)
    let client = try options.makeClient(for: full)
    let rater = LLMRater(client: client, prompt: RatingPrompt(environment: context.spec.id, scale: scale), goal: goal,
                         mode: mode)
    let fallback = Float(rater.prompt.normalised(Double(fallbackRating)))
    CaptionValueReward.standardError("\(full): \(rater.summary); goal \"\(goal)\"")
    return CaptionValueReward(
      name: full, source: .captions(rater), shape: options.shape, threshold: options.threshold, fallback: fallback,
      fallbackDescription: "\(fallback) (rating \(fallbackRating)\(fallbackRating == 1 ? ", the lowest" : ""))",
      environmentCount: context.environmentCount, gamma: context.gamma)
  }

  public var description: String {
    var pieces: [String] = isScripted ? ["scripted"] : []
    if scale != 10 { pieces.append("scale=\(scale)") }
    if mode != .chat { pieces.append("mode=\(mode.rawValue)") }
    if fallbackRating != 1 { pieces.append("fallback=\(fallbackRating)") }
    pieces += options.pieces
    return Self.name + (pieces.isEmpty ? "" : ":" + pieces.joined(separator: ","))
  }
}
