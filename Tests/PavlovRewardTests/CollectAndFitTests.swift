import Foundation
import XCTest
@testable import PavlovReward

/// `pavlov collect` and `pavlov reward fit` as library calls: a collection is refused before a
/// store exists, and a fit names the labeller it needs (issue 11, item 2).
final class CollectAndFitTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-collect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func testARefusedCollectionCreatesNoStore() throws {
    let collector = ObservationCollector(environmentID: "MiniGrid-Empty-5x5-v0", environmentCount: 4)
    let refusals: [(String, CollectionPolicy, String)] = [
      (path("new.db"), .trained(runDirectory: path("no-such-run")), "no-such-run"),
      (path("missing/new.db"), .random, "does not exist"),
      (directory.path, .random, "is a directory"),
    ]
    for (store, policy, message) in refusals {
      XCTAssertThrowsError(try collector.collect(steps: 10, intoStoreAt: store, policy: policy)) { error in
        XCTAssertTrue("\(error)".contains(message), "\(error)")
      }
    }
    XCTAssertThrowsError(try ObservationCollector(environmentID: "NoSuchEnv-v9")
      .collect(steps: 10, intoStoreAt: path("new.db"), policy: .random)) { XCTAssertTrue("\($0)".contains("NoSuchEnv-v9")) }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])

    let first = try collector.collect(steps: 100, intoStoreAt: path("labels.db"), policy: CollectionPolicy(parsing: "random"))
    XCTAssertTrue(first.createdStore)
    XCTAssertEqual(first.recorded, 100)
    let second = try collector.collect(steps: 50, intoStoreAt: path("labels.db"), policy: .random)
    XCTAssertFalse(second.createdStore)
    XCTAssertEqual(second.observations, 150)
  }

  func testTheExpertPolicyCollectsWhatTheExpertReaches() throws {
    XCTAssertEqual(CollectionPolicy(parsing: "expert"), .expert)
    let collector = ObservationCollector(environmentID: "MiniGrid-Empty-5x5-v0", environmentCount: 4, seed: 3)
    func events(_ policy: CollectionPolicy, _ name: String) throws -> Int {
      _ = try collector.collect(steps: 200, intoStoreAt: path(name), policy: policy)
      var count = 0
      try LabelStore(path: path(name), mode: .existing).forEachObservationBatch(batchSize: 64) { _, _, codes in
        count += codes.filter { $0 != 0 }.count
      }
      return count
    }
    let expert = try events(.expert, "expert.db"), random = try events(.random, "random.db")
    XCTAssertGreaterThan(expert, 20, "the expert reaches the goal of Empty-5x5 in a few steps")
    XCTAssertGreaterThan(expert, 3 * random)
  }

  func testAFitNamesTheLabellerItNeeds() async throws {
    let store = try LabelStore(path: path("labels.db"), mode: .createIfMissing)
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-5x5-v0", environmentCount: 4).collectRandom(steps: 400, into: store)
    XCTAssertThrowsError(try FitData(store: store)) { XCTAssertTrue("\($0)".contains("has no labels"), "\($0)") }
    for teacher in ["oracle", "mistake=0.2"] {
      try await LabellingSession(store: store, labeller: try ScriptedTeacher(parsing: teacher), pairs: 20).run()
    }
    XCTAssertThrowsError(try FitData(store: store)) { error in
      XCTAssertTrue("\(error)".contains("several labellers"), "\(error)")
      XCTAssertTrue("\(error)".contains("scripted:oracle"), "\(error)")
    }
    XCTAssertThrowsError(try FitData(store: store, labeller: "scripted:orcale")) { error in
      XCTAssertTrue("\(error)".contains("'scripted:orcale' has no labels"), "\(error)")
    }
    let data = try FitData(store: store, labeller: "scripted:oracle")
    XCTAssertTrue(data.isSimulated)
    XCTAssertEqual(data.observations.count, 400 * data.spec.observationByteCount)
    var fit = BradleyTerryFit()
    fit.epochs = 1
    fit.hiddenSizes = [4]
    XCTAssertEqual(try fit.fit(data).eventCount, data.spec.eventNames.count)
    XCTAssertEqual(try fit.fit(data, usesEvents: false).eventCount, 0)
  }
}
