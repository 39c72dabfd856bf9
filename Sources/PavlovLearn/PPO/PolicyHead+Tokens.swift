import PavlovSim

extension PolicyHead {
  /// Tokens per action and token values the word-letter head scores (5 positions × 26 letters).
  public static let wordLetterShape = (tokensPerAction: 5, tokenValues: 26)

  /// The word-letter head over an environment's action tokens, when they have its shape
  /// (Wordle's guesses: five letters each); nil otherwise.
  public static func wordLetters(from tokens: ActionTokens) -> PolicyHead? {
    guard tokens.tokensPerAction == wordLetterShape.tokensPerAction, tokens.tokenValues == wordLetterShape.tokenValues,
          tokens.actionCount > 0 else { return nil }
    return .wordLetters(letters: tokens.table.map { UInt8(truncatingIfNeeded: $0) })
  }
}
