import PavlovSim
import XCTest

@testable import PavlovLearn

/// The "one-hot-parts" view: the categorical parts an environment names in its hints, one-hot
/// indices with each feature's offset, read from int32 rows; the other parts are left out.
final class OneHotPartsTests: XCTestCase {
  func testNetHacksViewReadsTheCropClassesAndStatusBins() throws {
    let spec = try VecEnv.spec(for: "NetHackStaircase-v0")
    XCTAssertEqual(ObservationEncoding.automatic(for: spec),
                   .view(name: OneHotParts.viewName, categoryCounts: Array(repeating: 32, count: 81)
                           + Array(repeating: 16, count: 13)))
    let view = try OneHotParts(spec: spec)
    let classes = try XCTUnwrap(spec.observationPart(named: "crop_classes"))
    let bins = try XCTUnwrap(spec.observationPart(named: "status_bins"))
    var row = [Int32](repeating: 999, count: spec.observationSize)  // parts left out may hold anything
    for (k, j) in classes.range.enumerated() { row[j] = Int32(k % 32) }
    for (k, j) in bins.range.enumerated() { row[j] = Int32(15 - k) }
    var out = [Int32](repeating: -1, count: view.categoryCounts.count)
    let bad = row.withUnsafeBytes { r in out.withUnsafeMutableBufferPointer { view.encode(r.baseAddress!, into: $0.baseAddress!) } }
    XCTAssertNil(bad)
    for k in 0..<81 { XCTAssertEqual(out[k], Int32(32 * k + k % 32)) }
    for k in 0..<13 { XCTAssertEqual(out[81 + k], Int32(32 * 81 + 16 * k + 15 - k)) }

    row[bins.offset + 2] = 16
    let outside = row.withUnsafeBytes { r in out.withUnsafeMutableBufferPointer { view.encode(r.baseAddress!, into: $0.baseAddress!) } }
    XCTAssertEqual(outside, bins.offset + 2, "a bin past its count is reported by its element")
  }

  func testTheEncoderRejectsAnOutOfRangeRowNamingTheElement() throws {
    let spec = try VecEnv.spec(for: "NetHackScore-v0")
    let encoder = try ObservationEncoder(spec: spec, encoding: .automatic(for: spec), normalize: true)
    XCTAssertTrue(encoder.isOneHot)
    var rows = [Int32](repeating: 0, count: 2 * spec.observationSize)
    let element = spec.observationPart(named: "crop_classes")!.offset + 7
    rows[spec.observationSize + element] = -3
    var out = [Int32](repeating: 0, count: 2 * encoder.featureCount)
    XCTAssertThrowsError(try rows.withUnsafeBytes { r in
      try out.withUnsafeMutableBufferPointer { o throws(TrainingError) in try encoder.encodeIndices(r, rows: 2, into: o) }
    }) { error in
      XCTAssertTrue("\(error)".contains("row 1 element \(element) = -3"), "\(error)")
    }
  }

  func testAnEnvironmentWithoutTheHintIsRefusedSayingWhatIsMissing() throws {
    let spec = try VecEnv.spec(for: "MiniGrid-DoorKey-5x5-v0")
    XCTAssertThrowsError(try OneHotParts(spec: spec)) { error in
      XCTAssertTrue("\(error)".contains("one_hot_parts"), "\(error)")
    }
  }
}
