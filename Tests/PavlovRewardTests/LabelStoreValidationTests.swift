import Foundation
import PavlovSim
import PavlovSQLite
import XCTest
@testable import PavlovReward

/// A store edited by hand (or by another program) is read with suspicion: a row that no
/// Pavlov labeller or collector writes makes the read fail, naming the row (issue 12, item 9).
final class LabelStoreValidationTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-rows-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// A small store of Empty-5x5 observations with 20 oracle labels, then `edit` run on it.
  private func labelledStore(_ name: String, edit: String? = nil) throws -> LabelStore {
    let path = directory.appendingPathComponent("\(name).db").path
    do {
      let store = try LabelStore(path: path, mode: .createIfMissing)
      try ObservationCollector(environmentID: "MiniGrid-Empty-5x5-v0", environmentCount: 4, seed: 1)
        .collectRandom(steps: 200, into: store)
      try store.createPairs(upTo: 20, seed: 2)
      let oracle = try ScriptedTeacher(kind: .oracle)
      try store.record(try store.unlabelledPairs(labeller: oracle.name, within: 20, limit: 20).map {
        ($0.id, oracle.labelNow($0))
      })
    }
    if let edit { try Database(path: path).execute(edit) }
    return try LabelStore(path: path)
  }

  private func assertExamplesRefused(_ edit: String, mentions: [String], file: StaticString = #filePath,
                                     line: UInt = #line) throws {
    let store = try labelledStore(UUID().uuidString, edit: edit)
    XCTAssertThrowsError(try store.examples(labeller: "scripted:oracle"), edit, file: file, line: line) { error in
      for word in mentions {
        XCTAssertTrue("\(error)".contains(word), "\(edit): '\(error)' should mention \(word)", file: file, line: line)
      }
    }
  }

  func testAnUntouchedStoreReadsAsBefore() throws {
    let store = try labelledStore("clean")
    XCTAssertEqual(try store.examples(labeller: "scripted:oracle").count, 20)
    XCTAssertEqual(try store.checkEnvironment().id, "MiniGrid-Empty-5x5-v0")
  }

  func testPreferencesOutsideZeroToOneOrNotFiniteAreRefusedWithTheRowID() throws {
    try assertExamplesRefused("UPDATE labels SET preference = 5.0 WHERE id = 3", mentions: ["label 3", "5.0", "0...1"])
    try assertExamplesRefused("UPDATE labels SET preference = -3.0 WHERE id = 4", mentions: ["label 4", "-3.0", "0...1"])
    try assertExamplesRefused("UPDATE labels SET preference = 9e999 WHERE id = 5", mentions: ["label 5", "inf"])
    try assertExamplesRefused("UPDATE labels SET preference = 'high' WHERE id = 6", mentions: ["label 6", "not a number"])
  }

  func testUnknownStatusesAndStatusesThatContradictThePreferenceAreRefused() throws {
    try assertExamplesRefused("UPDATE labels SET status = 'maybe' WHERE id = 2",
                              mentions: ["label 2", "'maybe'", "preferred, tie"])
    try assertExamplesRefused("UPDATE labels SET status = 'tie', preference = 0.9 WHERE id = 7",
                              mentions: ["label 7", "tie", "0.5"])
    try assertExamplesRefused("UPDATE labels SET status = 'skipped', preference = 1 WHERE id = 8",
                              mentions: ["label 8", "skipped"])
    try assertExamplesRefused("UPDATE labels SET status = 'preferred', preference = NULL WHERE id = 9",
                              mentions: ["label 9", "no preference"])
  }

  func testOnlyTheFirstProblemsAreListedWithTheirCount() throws {
    try assertExamplesRefused("UPDATE labels SET preference = 2", mentions: ["20 labels", "label 1", "and 15 more"])
  }

  func testObservationsOfTheWrongSizeAreRefusedWithTheirID() throws {
    let edit = "UPDATE observations SET data = X'0102' WHERE id = (SELECT first_observation FROM pairs WHERE id = 1)"
    let size = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0").observationByteCount
    try assertExamplesRefused(edit, mentions: ["observation", "2 bytes", "\(size)"])
    let store = try labelledStore("sizes", edit: "UPDATE observations SET data = X'01' WHERE id = 17")
    XCTAssertThrowsError(try store.forEachObservationBatch(batchSize: 8) { _, _ in }) { error in
      XCTAssertTrue("\(error)".contains("observation 17"), "\(error)")
    }
  }

  func testAnUnregisteredEnvironmentOrAMismatchedLayoutIsRefused() throws {
    let bogus = try labelledStore("bogus", edit: "UPDATE meta SET value = 'Bogus-v0' WHERE key = 'env_id'")
    XCTAssertThrowsError(try bogus.checkEnvironment()) { error in
      XCTAssertTrue("\(error)".contains("'Bogus-v0' is not a registered environment"), "\(error)")
    }
    let bytes = try labelledStore("bytes", edit: "UPDATE meta SET value = '12' WHERE key = 'observation_bytes'")
    XCTAssertThrowsError(try bytes.checkEnvironment()) { error in
      XCTAssertTrue("\(error)".contains("12-byte observations"), "\(error)")
    }
    let type = try labelledStore("type", edit: "UPDATE meta SET value = 'float64' WHERE key = 'observation_type'")
    XCTAssertThrowsError(try type.checkEnvironment()) { error in
      XCTAssertTrue("\(error)".contains("float64"), "\(error)")
    }
  }
}
