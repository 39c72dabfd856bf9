import Foundation
import PavlovLearn
import PavlovSim
import XCTest

/// A checkpoint file is input like any other: crafted lengths, flipped bits and NaN weights
/// get an error naming the file, never a trap or a silently broken policy.
final class CheckpointValidationTests: XCTestCase {
  private func trainedCheckpoint() throws -> Checkpoint {
    let trainer = try RunFixtures.trainer(RunFixtures.tinyConfig(iterations: 1))
    try trainer.train()
    return trainer.makeCheckpoint(seconds: 1)
  }

  private func save(_ data: Data) throws -> URL {
    let url = try RunFixtures.scratchDirectory(self).appendingPathComponent("checkpoint.bin")
    try data.write(to: url)
    return url
  }

  /// The file with its JSON header replaced by `edit` of it, as format 1 (no checksum, so the
  /// checks on the contents themselves are what must catch it).
  private func crafted(_ checkpoint: Checkpoint, _ edit: (inout [String: Any]) -> Void) throws -> Data {
    let data = try checkpoint.encoded()
    let bytes = [UInt8](data)
    let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
    var header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[16..<(16 + headerLength)])) as? [String: Any])
    let floats = 3 * checkpoint.header.bufferLengths.reduce(0, +)
    let payload = bytes[(16 + headerLength)..<(16 + headerLength + 4 * floats)]
    edit(&header)
    let json = try JSONSerialization.data(withJSONObject: header)
    var file = Data("PAVLOVCK".utf8)
    for value in [UInt32(1), UInt32(json.count)] { withUnsafeBytes(of: value.littleEndian) { file.append(contentsOf: $0) } }
    file.append(json)
    file.append(contentsOf: payload)
    return file
  }

  private func assertRefused(_ url: URL, mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try Checkpoint.load(from: url), file: file, line: line) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains(url.path), "the error names the file: \(text)", file: file, line: line)
      for word in words { XCTAssertTrue(text.contains(word), "\(word) in: \(text)", file: file, line: line) }
    }
  }

  /// Lengths that sum to the payload but include a negative one trapped in `(0..<count)`.
  func testNegativeBufferLengthIsRefused() throws {
    let checkpoint = try trainedCheckpoint()
    let lengths = checkpoint.header.bufferLengths
    let url = try save(try crafted(checkpoint) { header in
      header["bufferLengths"] = [-1, lengths[0] + 1] + Array(lengths.dropFirst())
    })
    assertRefused(url, mentioning: ["length"])
  }

  /// Lengths whose sum overflows Int trapped in the sum.
  func testOverflowingBufferLengthsAreRefused() throws {
    let checkpoint = try trainedCheckpoint()
    let url = try save(try crafted(checkpoint) { header in header["bufferLengths"] = [Int.max, Int.max, 2] })
    assertRefused(url, mentioning: ["length"])
  }

  func testLengthsBeyondTheFileAreRefused() throws {
    let checkpoint = try trainedCheckpoint()
    let url = try save(try crafted(checkpoint) { header in header["bufferLengths"] = [1 << 40] })
    assertRefused(url, mentioning: [])
  }

  /// Every one of 30 single-bit flips in the stored weights is detected (30 of 30 loaded silently).
  func testFlippedBitsAreDetected() throws {
    let data = try trainedCheckpoint().encoded()
    let url = try save(data)
    var random = SystemRandomNumberGenerator()
    var loaded = 0
    for _ in 0..<30 {
      var damaged = [UInt8](data)
      let position = Int.random(in: (data.count / 2)..<data.count, using: &random)
      damaged[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
      try Data(damaged).write(to: url)
      if (try? Checkpoint.load(from: url)) != nil { loaded += 1 }
    }
    XCTAssertEqual(loaded, 0, "damaged checkpoints that loaded without an error")
    try Data(data).write(to: url)
    XCTAssertNoThrow(try Checkpoint.load(from: url))
  }

  /// NaN weights evaluated to "success 0.000" without a word; they are refused when loading.
  func testNonFiniteWeightsAreRefused() throws {
    var checkpoint = try trainedCheckpoint()
    checkpoint.parameters[0][3] = .nan
    let url = try save(try checkpoint.encoded())
    assertRefused(url, mentioning: ["non-finite"])
    checkpoint.parameters[0][3] = .infinity
    try checkpoint.encoded().write(to: url)
    assertRefused(url, mentioning: ["non-finite"])
  }

  /// A header naming an env whose observations the network cannot read is refused by eval.
  func testEvaluationRefusesANetworkThatDoesNotFitItsEnv() throws {
    var checkpoint = try trainedCheckpoint()
    checkpoint.header.config.envID = "arm/reach"
    XCTAssertThrowsError(try Evaluation.run(checkpoint, episodes: 2, seed: 1)) { error in
      XCTAssertTrue("\(error)".contains("arm/reach"), "\(error)")
    }
    XCTAssertThrowsError(try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: "arm/reach"), maxBatchSize: 2, seed: 1))
  }
}
