import PavlovSim

/// Wordle's board rewritten as what it says about each letter, as category codes: the
/// "wordle-knowledge" view (`ObservationViews`), which Wordle names in its hints.
///
/// The raw board gives, per cell, a letter and its colour as two separate codes; whether a letter
/// is ruled out at a position is their conjunction, which a one-hot linear layer cannot express.
/// This view states it directly — the "knowledge state" of Wordle solvers:
/// - positions × letters features (130), one per (position, letter): 0 unknown, 1 green here,
///   2 ruled out here (that letter was guessed here and came back yellow or grey);
/// - one feature per letter (26): its keyboard colour (0 untried, 1 absent, 2 present, 3 green);
/// - 1 feature: the number of guesses made (0–6).
/// With it, "guess a word consistent with the feedback" is linear in the input, so a linear
/// path from it to the word-letter head's scores can learn it (`ActorCritic`).
/// Everything follows from the observation (the policy's view), nothing from privileged info.
/// It reads the parts "board" (rows × positions × (letter, feedback)), "keyboard" and "guesses"
/// by name, so it follows the layout csim declares rather than byte offsets of its own.
public struct WordleKnowledge: ObservationView {
  public static let viewName = "wordle-knowledge"
  /// The counts for csim's Wordle (6 guesses of 5 letters over 26): what checkpoints written
  /// before views had names mean by their "wordleKnowledge" encoding.
  public static let standardCategoryCounts = categoryCounts(positions: 5, letters: 26, rows: 6)

  let positions: Int, letters: Int, rows: Int
  let boardOffset: Int, keyboardOffset: Int, guessCountOffset: Int
  public let categoryCounts: [Int]
  /// Index of the first category of the keyboard features and of the guess count.
  private let keyboardBase: Int32, guessBase: Int32

  /// The view over `spec`'s parts; throws naming the part that is missing or shaped otherwise.
  public init(spec: EnvSpec) throws(TrainingError) {
    func fail(_ what: String) -> TrainingError {
      .invalidConfig(field: "wordle_knowledge", message: "the \(Self.viewName) observation view needs \(what); "
                       + "\(spec.id) has parts \(spec.observationParts.map { "\($0.name) \($0.shape)" })")
    }
    guard spec.observationType == .uint8 else { throw fail("a uint8 observation") }
    guard let board = spec.observationPart(named: "board"), board.shape.count == 3, board.shape[2] == 2,
          let boardCounts = board.categories, boardCounts.count == 2, boardCounts[1] == 4,
          (2...33).contains(boardCounts[0]) else {
      throw fail("a part \"board\" of guesses × positions × (letter 0..26, feedback 0..3) codes")
    }
    let letters = boardCounts[0] - 1  // code 0 is an empty cell
    guard let keyboard = spec.observationPart(named: "keyboard"), keyboard.shape == [letters],
          keyboard.categories == [4] else {
      throw fail("a part \"keyboard\" of \(letters) colours 0..3")
    }
    guard let guesses = spec.observationPart(named: "guesses"), guesses.size == 1,
          guesses.categories == [board.shape[0] + 1] else {
      throw fail("a part \"guesses\" with \(board.shape[0] + 1) categories")
    }
    rows = board.shape[0]
    positions = board.shape[1]
    self.letters = letters
    boardOffset = board.offset
    keyboardOffset = keyboard.offset
    guessCountOffset = guesses.offset
    categoryCounts = Self.categoryCounts(positions: positions, letters: letters, rows: rows)
    keyboardBase = Int32(3 * positions * letters)
    guessBase = keyboardBase + Int32(4 * letters)
  }

  static func categoryCounts(positions: Int, letters: Int, rows: Int) -> [Int] {
    Array(repeating: 3, count: positions * letters) + Array(repeating: 4, count: letters) + [rows + 1]
  }

  public var featureCount: Int { categoryCounts.count }

  @inline(__always)
  public func encode(_ row: UnsafeRawPointer, into out: UnsafeMutablePointer<Int32>) -> Int? {
    let row = row.assumingMemoryBound(to: UInt8.self)
    let positions = positions, letters = letters, rows = rows, boardOffset = boardOffset
    // Per position: bit masks over the letters of green-here and ruled-out-here.
    let unknownByte: Int? = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * positions) { masks in
      masks.initialize(repeating: 0)
      for r in 0..<rows {
        for p in 0..<positions {
          let cell = boardOffset + 2 * (r * positions + p), letter = row[cell], colour = row[cell + 1]
          guard letter <= letters else { return cell }
          guard colour <= 3 else { return cell + 1 }
          guard letter > 0, colour > 0 else { continue }
          masks[colour == 3 ? p : positions + p] |= UInt32(1) << UInt32(letter - 1)
        }
      }
      for p in 0..<positions {
        for c in 0..<letters {
          let bit = UInt32(1) << UInt32(c)
          let code: Int32 = masks[p] & bit != 0 ? 1 : (masks[positions + p] & bit != 0 ? 2 : 0)
          out[p * letters + c] = Int32(3 * (p * letters + c)) + code
        }
      }
      return nil
    }
    if let unknownByte { return unknownByte }
    for c in 0..<letters {
      let colour = row[keyboardOffset + c]
      guard colour <= 3 else { return keyboardOffset + c }
      out[positions * letters + c] = keyboardBase + Int32(4 * c) + Int32(colour)
    }
    let guesses = row[guessCountOffset]
    guard guesses <= UInt8(rows) else { return guessCountOffset }
    out[positions * letters + letters] = guessBase + Int32(guesses)
    return nil
  }
}
