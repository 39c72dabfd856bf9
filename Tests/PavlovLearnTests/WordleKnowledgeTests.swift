import GradientCheck
import PavlovSim
import XCTest

@testable import PavlovLearn

/// The Wordle knowledge view and the linear path from it to the word-letter scores.
final class WordleKnowledgeTests: XCTestCase {
  /// One guess, SLATE, against CRANE: S, L, T grey; A, E green.
  private func slateAgainstCrane() -> [UInt8] {
    var row = [UInt8](repeating: 0, count: 87)
    let guess = Array("SLATE".utf8).map { $0 - 64 }  // A = 1
    let colours: [UInt8] = [1, 1, 3, 1, 3]
    for p in 0..<5 {
      row[2 * p] = guess[p]
      row[2 * p + 1] = colours[p]
    }
    for (letter, colour) in zip(guess, colours) { row[60 + Int(letter) - 1] = colour }
    row[86] = 1
    return row
  }

  /// The view over Wordle's declared parts.
  private let knowledge: WordleKnowledge = {
    do { return try WordleKnowledge(spec: VecEnv.spec(for: "Wordle-v0")) } catch { fatalError("\(error)") }
  }()

  private func encode(_ row: [UInt8]) -> ([Int32], Int?) {
    var out = [Int32](repeating: -1, count: knowledge.featureCount)
    let bad = row.withUnsafeBufferPointer { r in
      out.withUnsafeMutableBufferPointer { knowledge.encode(r.baseAddress!, into: $0.baseAddress!) }
    }
    return (out, bad)
  }

  func testStatesWhatTheBoardSaysPerPositionAndLetter() {
    let (indices, bad) = encode(slateAgainstCrane())
    XCTAssertNil(bad)
    XCTAssertEqual(indices.count, 157)
    func letter(_ c: Character) -> Int { Int(c.asciiValue! - 65) }
    // (position, letter) codes: 0 unknown, 1 green here, 2 ruled out here.
    var expected = [Int](repeating: 0, count: 130)
    expected[0 * 26 + letter("S")] = 2
    expected[1 * 26 + letter("L")] = 2
    expected[2 * 26 + letter("A")] = 1
    expected[3 * 26 + letter("T")] = 2
    expected[4 * 26 + letter("E")] = 1
    for k in 0..<130 { XCTAssertEqual(Int(indices[k]), 3 * k + expected[k], "feature \(k)") }
    // Keyboard colours after the (position, letter) block, then the guess count.
    XCTAssertEqual(Int(indices[130 + letter("S")]), 390 + 4 * letter("S") + 1)
    XCTAssertEqual(Int(indices[130 + letter("A")]), 390 + 4 * letter("A") + 3)
    XCTAssertEqual(Int(indices[130 + letter("Q")]), 390 + 4 * letter("Q"))
    XCTAssertEqual(Int(indices[156]), 390 + 104 + 1)
    XCTAssertEqual(knowledge.categoryCounts.reduce(0, +), 390 + 104 + 7)
  }

  func testAnEmptyBoardIsAllUnknown() {
    let (indices, bad) = encode([UInt8](repeating: 0, count: 87))
    XCTAssertNil(bad)
    for k in 0..<130 { XCTAssertEqual(Int(indices[k]), 3 * k) }
    XCTAssertEqual(Int(indices[156]), 494)
  }

  func testABadByteIsNamed() {
    var row = slateAgainstCrane()
    row[3] = 9  // a colour out of range
    XCTAssertEqual(encode(row).1, 3)
    row = slateAgainstCrane()
    row[86] = 7
    XCTAssertEqual(encode(row).1, 86)
  }

  /// The encoder the trainer uses agrees with the env's real observations and names bad ones.
  func testEncoderReadsRealObservations() throws {
    let env = try VecEnv(id: "Wordle-Answers-v0", count: 2, seed: 5)
    let encoding = ObservationEncoding.view(name: "wordle-knowledge", categoryCounts: WordleKnowledge.standardCategoryCounts)
    XCTAssertEqual(ObservationEncoding.automatic(for: env.spec), encoding)
    let encoder = try ObservationEncoder(spec: env.spec, encoding: encoding, normalize: false)
    XCTAssertEqual(encoder.featureCount, 157)
    var raw = [UInt8](repeating: 0, count: 2 * 87)
    raw[87 + 60] = 5
    var out = [Int32](repeating: 0, count: 2 * 157)
    XCTAssertThrowsError(try raw.withUnsafeBytes { r in
      try out.withUnsafeMutableBufferPointer { try encoder.encodeIndices(r, rows: 2, into: $0) }
    }) { error in
      XCTAssertTrue("\(error)".contains("row 1 element 60"), "\(error)")
    }
    let grid = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1, seed: 1)
    XCTAssertThrowsError(try ObservationEncoder(spec: grid.spec, encoding: encoding, normalize: false)) { error in
      XCTAssertTrue("\(error)".contains("\"board\""), "\(error)")
    }
  }

  /// The linear path's gradients against finite differences, through the word-letter expansion.
  func testLetterSkipGradientsMatchFiniteDifferences() throws {
    let letters: [UInt8] = [0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 25, 25, 0, 13, 7]  // three words
    let shape = NetworkShape(encoding: .view(name: WordleKnowledge.viewName,
                                             categoryCounts: WordleKnowledge.standardCategoryCounts),
                             observationSize: 87, hiddenSize: 8,
                             head: .wordLetters(letters: letters))
    XCTAssertTrue(shape.hasLetterSkip)
    let net = try ActorCritic(shape: shape, seed: 3, maxBatchSize: 2)
    let skip = net.parameterBuffers[3], skipGradients = net.gradientBuffers[3]
    XCTAssertEqual(skip.count, (501 + 1) * 130)
    XCTAssertTrue(skip.allSatisfy { $0 == 0 }, "the linear path starts at zero")
    for k in 0..<skip.count { skip[k] = Float((k * 7919) % 13) * 0.05 - 0.3 }
    let (first, _) = encode(slateAgainstCrane()), (second, _) = encode([UInt8](repeating: 0, count: 87))
    let loss = LinearPolicyLoss(net: net, weights: [0.7, -1.1, 0.4, 0.2, 0.9, -0.5], rows: 2,
                                input: .indices(first + second))
    try loss.computeGradients()
    // Rows the two samples touch (word letters 0..4, 13, 7, 25 at their positions) and the bias.
    let touched = [Int(first[0]) * 130 + 0, Int(first[2 * 26]) * 130 + 2 * 26, Int(second[25]) * 130 + 25,
                   Int(first[130]) * 130 + 1, 501 * 130 + 4 * 26 + 7, 501 * 130 + 3]
    XCTAssertEqual(try finiteDifferenceMismatches(Array(skipGradients), of: loss.callAsFunction, in: skip,
                                                  indices: touched, accuracy: 1e-3), [], "linear letter path")
    XCTAssertNotEqual(skipGradients[501 * 130 + 4 * 26 + 7], 0)
  }
}
