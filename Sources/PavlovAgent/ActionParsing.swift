import Foundation

/// What an answer said, for one action format.
public enum ParsedAnswer: Sendable, Equatable {
  /// A legal action; `clipped` when numbers outside the bounds were brought within them.
  case action(AgentAction, clipped: Bool)
  /// A word that is not a legal guess (Wordle): the reason is sent back and the model asked again.
  case illegal(word: String, reason: String)
  /// Nothing usable: the policy takes the named fallback action and counts it.
  case unparseable(reason: String)
}

extension ActionFormat {
  /// The action in `text`: what follows the last "Action:" (else the last non-empty line),
  /// read as an action name, a word, or numbers. Nothing is guessed: ambiguous or missing
  /// answers are `unparseable`, never silently mapped to an action.
  public func parse(_ text: String) -> ParsedAnswer {
    let answer = Self.answerText(in: text)
    switch self {
    case .named(let names): return Self.parseName(answer, names: names)
    case .word(let words): return Self.parseWord(answer, words: words)
    case .vector(let dimension, let bounds): return Self.parseVector(answer, dimension: dimension, bounds: bounds)
    }
  }

  private static let marker = try! NSRegularExpression(pattern: #"action["'*]*\s*[:=]\s*([^\n]*)"#, options: [.caseInsensitive])

  static func answerText(in text: String) -> String {
    let range = NSRange(text.startIndex..., in: text)
    if let match = marker.matches(in: text, range: range).last, let answer = Range(match.range(at: 1), in: text) {
      return String(text[answer])
    }
    return text.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
  }

  private static func words(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
  }

  private static func normalised(_ text: String) -> String { words(text).joined() }

  private static func parseName(_ answer: String, names: [String]) -> ParsedAnswer {
    let keys = names.map(normalised)
    let whole = normalised(answer)
    guard !whole.isEmpty else { return .unparseable(reason: "no action in the answer") }
    if let index = keys.firstIndex(of: whole) { return .action(.discrete(index, name: names[index]), clipped: false) }
    // "turn left", "pick up the key": an action named by one word or two adjacent words, once.
    let tokens = words(answer)
    var spans = Set(tokens)
    for i in tokens.indices.dropLast() { spans.insert(tokens[i] + tokens[i + 1]) }
    let found = Set(keys.indices.filter { spans.contains(keys[$0]) })
    guard found.count == 1, let index = found.first else {
      let allowed = ActionNameGroups.describe(names)
      return .unparseable(reason: found.isEmpty
        ? "'\(answer.prefix(80))' names no action (allowed: \(allowed))"
        : "'\(answer.prefix(80))' names several actions (allowed: \(allowed))")
    }
    return .action(.discrete(index, name: names[index]), clipped: false)
  }

  private static func parseWord(_ answer: String, words allowed: [String]) -> ParsedAnswer {
    let length = allowed.first?.count ?? 5
    let tokens = answer.lowercased().split { !$0.isLetter }.map(String.init)
    guard let guess = tokens.last(where: { $0.count == length }) ?? tokens.last else {
      return .unparseable(reason: "no word in the answer")
    }
    guard guess.count == length else {
      return .illegal(word: guess, reason: "'\(guess)' has \(guess.count) letters; a guess is one \(length)-letter word")
    }
    guard let index = allowed.firstIndex(where: { $0.lowercased() == guess }) else {
      return .illegal(word: guess, reason: "'\(guess)' is not in the list of allowed words")
    }
    return .action(.discrete(index, name: allowed[index]), clipped: false)
  }

  private static let number = try! NSRegularExpression(
    pattern: #"[-+]?(?:nan|inf(?:inity)?|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)"#, options: [.caseInsensitive])

  private static func parseVector(_ answer: String, dimension: Int, bounds: ClosedRange<Float>) -> ParsedAnswer {
    let range = NSRange(answer.startIndex..., in: answer)
    let texts = number.matches(in: answer, range: range).compactMap { Range($0.range, in: answer).map { String(answer[$0]) } }
    guard texts.count >= dimension else {
      return .unparseable(reason: "\(texts.count) numbers in '\(answer.prefix(80))'; an action is \(dimension) numbers")
    }
    var values: [Float] = []
    var clipped = false
    for text in texts.prefix(dimension) {
      guard let value = Double(text.lowercased().replacingOccurrences(of: "infinity", with: "inf")), value.isFinite else {
        return .unparseable(reason: "'\(text)' is not a finite number")
      }
      let inside = min(max(Float(value), bounds.lowerBound), bounds.upperBound)
      if Double(inside) != value, !(bounds.contains(Float(value))) { clipped = true }
      values.append(inside)
    }
    return .action(.continuous(values), clipped: clipped)
  }
}
