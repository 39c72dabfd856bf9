import Foundation

/// The paper's direct-scalar prompt: the LLM rates one caption's progress towards the goal on
/// a fixed scale, 1 to `scale`, answering ("rating": X). Same style as `PreferencePrompt`: a
/// system prompt, the goal, one description, the answer format, one retry, and a soft answer
/// (the expectation over the scale) from log-probabilities when the server gives them.
public struct RatingPrompt: Sendable, Equatable {
  /// The scales accepted: at least two values.
  public static let scaleRange = 2...100
  /// The largest scale whose values are all one digit, so that one token's alternatives at the
  /// answer's position cover the whole scale (a "1" could otherwise be the start of "10").
  public static let largestSoftScale = 9

  /// What the agent acts in, e.g. "MiniGrid-DoorKey-8x8-v0" (named in the system prompt).
  public var environment: String
  /// The highest rating; ratings run from 1 to `scale`.
  public var scale: Int

  public init(environment: String, scale: Int = 10) {
    self.environment = environment
    self.scale = scale
  }

  /// Recorded with every rating: change it whenever the wording changes.
  public var version: String { "rating-v1" }

  public var systemPrompt: String {
    """
    You are a helpful and honest judge of good progress in the game \(environment). Always answer as helpfully \
    as possible, while being truthful. If you don't know the answer to a question, please don't share false information.
    """
  }

  /// The chat messages asking how much progress towards `goal` the description shows.
  public func messages(goal: String, description: String) -> [ChatMessage] {
    let task = goal.isEmpty ? "" : "The goal of the agent is: \(goal)\n\n"
    let user = """
      \(task)I will present you with a short description of what an agent observes. Respond only by rating how \
      much progress towards the goal it shows, from 1 (no progress) to \(scale) (the goal is reached): \
      ("rating": X), where X is a whole number from 1 to \(scale).

      {"description":
      "\(description)"}
      """
    return [ChatMessage(.system, systemPrompt), ChatMessage(.user, user)]
  }

  /// The same question as one text for /completions, ending where the rating goes.
  public func completionPrompt(goal: String, description: String) -> String {
    messages(goal: goal, description: description).map(\.content).joined(separator: "\n\n") + "\n\n"
      + Self.completionAnswerPrefix
  }

  /// Where the completion prompt stops: the model continues with the rating.
  public static let completionAnswerPrefix = "Answer: (\"rating\":"

  /// Asked once more, after the model's own answer, when that answer could not be parsed.
  public var retryMessage: String {
    "So, what is your rating? Please respond by saying (\"rating\": X), where X is a whole number from 1 to \(scale)."
  }

  private static let answerPattern = try! NSRegularExpression(
    pattern: #"rating"?\s*[:=]\s*"?(\d+)"#, options: [.caseInsensitive])

  /// The last ("rating": X) in `text` when X lies on the scale, or nil: nothing is guessed.
  public func parse(_ text: String) -> Int? { lastMatch(in: text)?.rating }

  private func lastMatch(in text: String) -> (rating: Int, digits: String, offset: Int)? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = Self.answerPattern.matches(in: text, range: range).last,
          let valueRange = Range(match.range(at: 1), in: text) else { return nil }
    let digits = String(text[valueRange])
    guard let rating = Int(digits), (1...scale).contains(rating) else { return nil }
    return (rating, digits, text.utf8.distance(from: text.startIndex, to: valueRange.lowerBound))
  }

  /// The expected rating Σ p(k)·k over the alternatives at the answer's position, renormalised
  /// over the values of the scale; nil when the scale has values of two digits, the answer cannot
  /// be located, its token is not the whole number, or fewer than two values are among the
  /// alternatives (then the hard answer stands).
  public func expectedRating(text: String, tokens: [TokenLogprob]) -> Double? {
    guard scale <= Self.largestSoftScale, let (_, digits, offset) = lastMatch(in: text) else { return nil }
    var position = 0
    for token in tokens {
      let length = token.token.utf8.count
      if position + length > offset {
        let trim = CharacterSet(charactersIn: " \"'\t")
        guard token.token.trimmingCharacters(in: trim) == digits else { return nil }
        var best: [Int: Double] = [:]
        for (candidate, logprob) in token.alternatives + [(token: token.token, logprob: token.logprob)] {
          guard let value = Int(candidate.trimmingCharacters(in: trim)), (1...scale).contains(value) else { continue }
          best[value] = max(best[value] ?? -.infinity, logprob)
        }
        guard best.count >= 2, let top = best.values.max() else { return nil }
        var total = 0.0, weighted = 0.0
        for (value, logprob) in best {
          let p = exp(logprob - top)
          total += p
          weighted += p * Double(value)
        }
        return weighted / total
      }
      position += length
    }
    return nil
  }

  /// A rating on the scale mapped to 0...1: (rating − 1) / (scale − 1).
  public func normalised(_ rating: Double) -> Double { (rating - 1) / Double(scale - 1) }
}
