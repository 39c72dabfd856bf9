import Foundation
import PavlovSQLite
import XCTest
@testable import PavlovReward

final class LabelStoreTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func makeStore(observations: Int = 40, captions: Int = 10) throws -> LabelStore {
    let store = try LabelStore(path: directory.appendingPathComponent("labels.db").path, mode: .createIfMissing)
    try store.attach(environmentID: "Test-v0", observationType: "uint8", observationByteCount: 4, observationHigh: 10,
                     goal: "get to the goal")
    var recorded: [RecordedObservation] = []
    for i in 0..<observations {
      let c = i % captions
      let progress = Float(c) / 10
      recorded.append(RecordedObservation(
        episode: i / 10, step: i % 10, bytes: [UInt8(c), 0, 0, 0], caption: "caption \(c)", progress: progress,
        event: 0, reward: 0, episodeReturn: 0))
    }
    try store.record(recorded)
    return store
  }

  func testPairsAreUniquePerCaptionPairAndNeverSelfPairs() throws {
    let store = try makeStore()
    // 10 captions give 45 unordered pairs: asking for more stops there.
    XCTAssertEqual(try store.createPairs(upTo: 100, seed: 1), 45)
    XCTAssertEqual(try store.counts().pairs, 45)
    let pairs = try store.unlabelledPairs(labeller: "x", within: 100, limit: 100)
    XCTAssertEqual(pairs.count, 45)
    let keys = Set(pairs.map { [$0.first.caption, $0.second.caption].sorted() })
    XCTAssertEqual(keys.count, 45)
    XCTAssertTrue(pairs.allSatisfy { $0.first.caption != $0.second.caption })
    XCTAssertEqual(pairs[0].goal, "get to the goal")
  }

  func testLabelsAreRecordedOncePerPairAndLabeller() throws {
    let store = try makeStore()
    try store.createPairs(upTo: 10, seed: 1)
    let teacher = try ScriptedTeacher(kind: .oracle)
    let pairs = try store.unlabelledPairs(labeller: teacher.name, within: 10, limit: 100)
    try store.record(pairs.map { ($0.id, teacher.labelNow($0)) })
    try store.record(pairs.map { ($0.id, teacher.labelNow($0)) })  // a rerun writes nothing twice
    XCTAssertEqual(try store.counts().labels, 10)
    XCTAssertTrue(try store.unlabelledPairs(labeller: teacher.name, within: 10, limit: 100).isEmpty)
    XCTAssertEqual(try store.unlabelledPairs(labeller: "another", within: 10, limit: 100).count, 10)
    XCTAssertEqual(try store.examples(labeller: teacher.name).count, 10)
    XCTAssertEqual(try store.labellers().first?.simulated, true)
  }

  func testAnotherEnvironmentAndForeignFilesAreRefused() throws {
    let store = try makeStore()
    XCTAssertThrowsError(
      try store.attach(environmentID: "Other-v0", observationType: "uint8", observationByteCount: 8,
                       observationHigh: 1, goal: "")) { error in
      XCTAssertTrue("\(error)".contains("holds Test-v0"), "\(error)")
    }
    let foreign = directory.appendingPathComponent("foreign.db").path
    try Database(path: foreign).execute("CREATE TABLE t(x)")
    XCTAssertThrowsError(try LabelStore(path: foreign)) { error in
      XCTAssertTrue("\(error)".contains("not a Pavlov label store"), "\(error)")
    }
  }

  func testAStoreOfAnotherSchemaVersionIsRefusedWithAMessage() throws {
    let path = directory.appendingPathComponent("old.db").path
    _ = try LabelStore(path: path, mode: .createIfMissing)
    try Database(path: path).execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    XCTAssertThrowsError(try LabelStore(path: path)) { error in
      XCTAssertEqual(error as? RewardError, .incompatibleFile(
        "\(path) is a label store of schema version 0; this Pavlov reads version 2. "
          + "Collect into a new store, or use the Pavlov that wrote it."))
    }
  }
}
