/// Wordle's board rewritten as what it says about each letter, as category codes.
///
/// The raw board gives, per cell, a letter and its colour as two separate codes; whether a letter
/// is ruled out at a position is their conjunction, which a one-hot linear layer cannot express.
/// This view states it directly — the "knowledge state" of Wordle solvers:
/// - 130 features, one per (position, letter): 0 unknown, 1 green here, 2 ruled out here (that
///   letter was guessed here and came back yellow or grey);
/// - 26 features, one per letter: its keyboard colour (0 untried, 1 absent, 2 present, 3 green);
/// - 1 feature: the number of guesses made (0–6).
/// With it, "guess a word consistent with the feedback" is linear in the input, so a linear
/// path from it to the word-letter head's scores can learn it (`ActorCritic`).
/// Everything follows from the observation (the policy's view), nothing from privileged info.
public enum WordleKnowledge {
  static let positions = 5, letters = 26, rows = 6
  /// Bytes of the observation it reads (the layout of csim's Wordle, documented in csim.h).
  public static let observationSize = 87
  public static let categoryCounts: [Int] =
    Array(repeating: 3, count: positions * letters) + Array(repeating: 4, count: letters) + [rows + 1]
  public static var featureCount: Int { categoryCounts.count }

  private static let keyboardOffset = 60, guessCountOffset = 86
  /// Index of the first category of the keyboard features and of the guess count.
  private static let keyboardBase = Int32(3 * positions * letters)
  private static let guessBase = keyboardBase + Int32(4 * letters)

  /// Writes `featureCount` category indices (with every feature's offset, as one-hot layers
  /// take them) for one 87-byte observation. Returns the offending byte's position if a byte is
  /// outside Wordle's ranges.
  @inline(__always)
  static func encode(_ row: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<Int32>) -> Int? {
    // Per position: bit masks over the 26 letters of green-here and ruled-out-here.
    let unknownByte: Int? = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * positions) { masks in
      masks.initialize(repeating: 0)
      for r in 0..<rows {
        for p in 0..<positions {
          let cell = 2 * (r * positions + p), letter = row[cell], colour = row[cell + 1]
          guard letter <= 26 else { return cell }
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
