internal import CSim

/// Each discrete action as a fixed-length row of tokens (csim.h's action-token table): Wordle's
/// action a guesses a word, and its tokens are that word's five letters (a = 0 … z = 25).
/// A learner can score actions by their tokens, so actions that share tokens share what is learned.
public struct ActionTokens: Sendable, Hashable {
  /// Tokens per action.
  public let tokensPerAction: Int
  /// Every token is in `0..<tokenValues`.
  public let tokenValues: Int
  /// actions × tokensPerAction, row a holding action a's tokens.
  public let table: [Int32]

  public init(tokensPerAction: Int, tokenValues: Int, table: [Int32]) {
    self.tokensPerAction = tokensPerAction
    self.tokenValues = tokenValues
    self.table = table
  }

  /// Actions in the table.
  public var actionCount: Int { tokensPerAction == 0 ? 0 : table.count / tokensPerAction }

  /// Reads environment `id`'s table (nil when it declares none) and checks every token's range.
  static func read(id: String, actionCount: Int) throws(SimulationError) -> ActionTokens? {
    var width: Int32 = 0, values: Int32 = 0
    let status = csim_env_action_token_shape(id, &width, &values)
    guard status == CSIM_OK else { throw SimulationError(status: status, message: "reading the action tokens of \(id)") }
    guard width > 0, actionCount > 0 else { return nil }
    var table = [Int32](repeating: 0, count: actionCount * Int(width))
    let filled = table.withUnsafeMutableBufferPointer { csim_env_action_tokens(id, $0.baseAddress, Int64($0.count)) }
    guard filled == CSIM_OK else { throw SimulationError(status: filled, message: "reading the action tokens of \(id)") }
    guard values > 0, table.allSatisfy({ (0..<values).contains($0) }) else {
      throw .internalError("\(id): an action token is outside 0..<\(values)")
    }
    return ActionTokens(tokensPerAction: Int(width), tokenValues: Int(values), table: table)
  }
}

/// Environment `id`'s learner hints (csim.h), key → value.
func readLearnerHints(id: String) -> [String: String] {
  var hints: [String: String] = [:]
  for k in 0..<csim_env_hint_count(id) {
    guard let key = csim_env_hint_key(id, k), let value = csim_env_hint_value(id, k) else { continue }
    hints[String(cString: key)] = String(cString: value)
  }
  return hints
}
