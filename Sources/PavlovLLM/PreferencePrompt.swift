import Foundation

/// The AI-feedback preference prompt of the paper (Klissarov et al. 2025), in Motif's lineage
/// (Klissarov et al. 2024): a system prompt, the environment's goal, two descriptions, and an
/// answer of the form ("best_description": 1), 2 or None; with or without chain-of-thought.
public struct PreferencePrompt: Sendable, Equatable {
  /// The answer a judge gave.
  public enum Answer: Sendable, Equatable {
    case first, second
    /// "None": neither shows more progress (a tie, label 0.5).
    case neither

    /// P(first ≻ second) of a hard answer.
    public var preference: Double {
      switch self {
      case .first: return 1
      case .second: return 0
      case .neither: return 0.5
      }
    }
  }

  /// Reason step by step before answering (longer answers, usually better labels).
  public var chainOfThought: Bool
  /// What the agent acts in, e.g. "MiniGrid-DoorKey-8x8-v0" (named in the system prompt).
  public var environment: String

  public init(environment: String, chainOfThought: Bool = false) {
    self.environment = environment
    self.chainOfThought = chainOfThought
  }

  /// Recorded with every label: change it whenever the wording changes.
  public var version: String { chainOfThought ? "motif-v1-cot" : "motif-v1" }

  /// The version tag of `completionPrompt`.
  public var completionVersion: String { version + "-completion" }

  public var systemPrompt: String {
    """
    You are a helpful and honest judge of good progress in the game \(environment). Always answer as helpfully \
    as possible, while being truthful. If you don't know the answer to a question, please don't share false information.
    """
  }

  /// The chat messages asking which description shows more progress towards `goal`.
  public func messages(goal: String, first: String, second: String) -> [ChatMessage] {
    let task = goal.isEmpty ? "" : "The goal of the agent is: \(goal)\n\n"
    let instruction = chainOfThought
      ? """
        I will present you with two short descriptions of what an agent observes. First, tell me about your knowledge \
        of the game and of its goal. Then, write an analysis describing the semantics of each description strictly \
        using information from the descriptions and your knowledge of the game. Provide a comparative analysis based \
        on first principles. Finally, respond by explicitly declaring which description shows the most progress \
        towards the goal: ("best_description": 1), ("best_description": 2). You could also say ("best_description": None).
        """
      : """
        I will present you with two short descriptions of what an agent observes. Respond only by declaring which \
        description shows the most progress towards the goal: ("best_description": 1), ("best_description": 2). \
        You could also say ("best_description": None).
        """
    let user = """
      \(task)\(instruction)

      {"description_1":
      "\(first)"}

      {"description_2":
      "\(second)"}
      """
    return [ChatMessage(.system, systemPrompt), ChatMessage(.user, user)]
  }

  /// The same question as one text for /completions, ending where the answer goes, so the
  /// next token is the answer and its log-probabilities give P(1) against P(2) directly
  /// (works with base models, and with small instruct models that ignore the format in chat).
  public func completionPrompt(goal: String, first: String, second: String) -> String {
    let chat = messages(goal: goal, first: first, second: second)
    return chat.map(\.content).joined(separator: "\n\n") + "\n\n" + Self.completionAnswerPrefix
  }

  /// Where the completion prompt stops: the model continues with 1, 2 or None.
  public static let completionAnswerPrefix = "Answer: (\"best_description\":"

  /// Asked once more, after the model's own answer, when that answer could not be parsed.
  public static let retryMessage = """
    So, which one is the best? Please respond by saying ("best_description": 1), ("best_description": 2), \
    or ("best_description": None).
    """

  private static let answerPattern = try! NSRegularExpression(
    pattern: #"best_description"?\s*[:=]\s*"?(1|2|none|null)\b"#, options: [.caseInsensitive])

  /// The last ("best_description": X) in `text`, or nil: nothing is guessed.
  public static func parse(_ text: String) -> Answer? {
    lastMatch(in: text).map { $0.answer }
  }

  private static func lastMatch(in text: String) -> (answer: Answer, offset: Int)? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = answerPattern.matches(in: text, range: range).last,
          let valueRange = Range(match.range(at: 1), in: text) else { return nil }
    let answer: Answer
    switch text[valueRange].lowercased() {
    case "1": answer = .first
    case "2": answer = .second
    default: answer = .neither
    }
    return (answer, text.utf8.distance(from: text.startIndex, to: valueRange.lowerBound))
  }

  /// P(first ≻ second) from the log-probabilities at the answer's position:
  /// p(1) / (p(1) + p(2)) over the alternatives there; nil when the answer cannot be located
  /// or an alternative is missing (then the hard answer stands).
  public static func probability(text: String, tokens: [TokenLogprob]) -> Double? {
    guard let (answer, offset) = lastMatch(in: text), answer != .neither else { return nil }
    // Walk the tokens to the one that covers the answer's first byte.
    var position = 0
    for token in tokens {
      let length = token.token.utf8.count
      if position + length > offset {
        var best: [String: Double] = [:]
        for (candidate, logprob) in token.alternatives + [(token: token.token, logprob: token.logprob)] {
          let key = candidate.trimmingCharacters(in: CharacterSet(charactersIn: " \"'\t"))
          best[key] = max(best[key] ?? -.infinity, logprob)
        }
        guard let one = best["1"], let two = best["2"] else { return nil }
        let m = max(one, two)
        let p1 = exp(one - m), p2 = exp(two - m)
        return p1 / (p1 + p2)
      }
      position += length
    }
    return nil
  }
}
