import PavlovSim

/// How observations become network input.
///
/// Grid and Wordle observations are category codes (object 5 is a key, letter 3 is C): their
/// order means nothing, so they are one-hot encoded (`oneHot`, computed sparsely by
/// `OneHotLayer`). Everything else is fed as numbers (`continuous`), optionally normalised.
public enum ObservationEncoding: Codable, Sendable, Equatable {
  /// Element j of the observation takes values in `0..<categoryCounts[j]`.
  case oneHot(categoryCounts: [Int])
  /// The observation's values as floats.
  case continuous
  /// Wordle's board rewritten per (position, letter) (`WordleKnowledge`), one-hot encoded.
  case wordleKnowledge

  /// The encoding Pavlov uses for an environment: one-hot for the grid worlds and Wordle
  /// (whose byte layouts are documented in csim.h), continuous otherwise. Wordle's board is
  /// rewritten per (position, letter) unless `wordleKnowledge` is false.
  public static func automatic(for spec: EnvSpec, wordleKnowledge: Bool = true) -> ObservationEncoding {
    guard spec.observationType == .uint8 else { return .continuous }
    if spec.id.hasPrefix("MiniGrid-"), spec.observationSize == 148 {
      // 7×7 cells of (object 0..10, colour 0..5, state 0..2), then the direction 0..3.
      return .oneHot(categoryCounts: Array(Array(repeating: [11, 6, 3], count: 49).joined()) + [4])
    }
    if spec.id.hasPrefix("Wordle-"), spec.observationSize == WordleKnowledge.observationSize {
      if wordleKnowledge { return .wordleKnowledge }
      // 30 board cells of (letter 0..26, feedback 0..3), 26 keyboard colours 0..3, guesses 0..6.
      return .oneHot(categoryCounts: Array(Array(repeating: [27, 4], count: 30).joined()) + Array(repeating: 4, count: 26) + [7])
    }
    return .continuous
  }

  /// Category counts of the one-hot features, nil for continuous input.
  public var categoryCounts: [Int]? {
    switch self {
    case .oneHot(let counts): return counts
    case .wordleKnowledge: return WordleKnowledge.categoryCounts
    case .continuous: return nil
    }
  }

  /// Values per encoded row: category indices (one per feature) or floats.
  public func featureCount(observationSize: Int) -> Int {
    categoryCounts?.count ?? observationSize
  }

  /// Width of the network's input: all categories for one-hot, the observation size otherwise.
  public func inputWidth(observationSize: Int) -> Int {
    categoryCounts?.reduce(0, +) ?? observationSize
  }
}
