import Foundation
import XCTest
@testable import PavlovReward

/// Pair sampling that reaches rare events (`pavlov annotate --event-share`): uniform draws almost
/// never meet an observation that carries an event; a share of pairs draws one side from them.
final class EventPairTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-events-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// 1,000 observations with distinct captions; two carry an event (kinds 1 and 2), the rest none.
  private func makeStore(_ name: String, events: Bool = true) throws -> LabelStore {
    let store = try LabelStore(path: directory.appendingPathComponent(name).path, mode: .createIfMissing)
    try store.attach(environmentID: "Test-v0", observationType: "uint8", observationByteCount: 1, observationHigh: 10,
                     goal: "get to the goal")
    let recorded = (0..<1000).map { i in
      let event = events && i == 500 ? 1 : events && i == 900 ? 2 : 0
      return RecordedObservation(episode: i / 100, step: i % 100, bytes: [0], caption: event > 0 ? "event \(event)" : "caption \(i)",
                                 progress: Float(i) / 1000, event: event, reward: 0, episodeReturn: 0)
    }
    try store.record(recorded)
    return store
  }

  private func captionPairs(_ store: LabelStore) throws -> [(String, String)] {
    try store.unlabelledPairs(labeller: "x", within: 10_000, limit: 10_000).map { ($0.first.caption, $0.second.caption) }
  }

  func testAShareOfPairsHasAnEventOnOneSide() throws {
    let uniform = try makeStore("uniform.db"), drawn = try makeStore("drawn.db")
    XCTAssertEqual(try uniform.createPairs(upTo: 400, seed: 1), 400)
    XCTAssertEqual(try drawn.createPairs(upTo: 400, seed: 1, eventShare: 0.5), 400)
    func withEvent(_ pairs: [(String, String)], _ kind: Int? = nil) -> [(String, String)] {
      let names = kind.map { ["event \($0)"] } ?? ["event 1", "event 2"]
      return pairs.filter { names.contains($0.0) || names.contains($0.1) }
    }
    let uniformPairs = try captionPairs(uniform), drawnPairs = try captionPairs(drawn)
    XCTAssertLessThanOrEqual(withEvent(uniformPairs).count, 6, "uniform pairs meet 2 of 1,000 observations rarely")
    let events = withEvent(drawnPairs)
    XCTAssertTrue((150...250).contains(events.count), "about half of 400 pairs; got \(events.count)")
    // Each kind of event about equally often, however rare, and on either side of a pair.
    XCTAssertGreaterThan(withEvent(drawnPairs, 1).count, 60)
    XCTAssertGreaterThan(withEvent(drawnPairs, 2).count, 60)
    XCTAssertGreaterThan(events.filter { $0.0.hasPrefix("event") }.count, 50)
    XCTAssertGreaterThan(events.filter { $0.1.hasPrefix("event") }.count, 50)
  }

  func testNoShareDrawsExactlyAsBefore() throws {
    let plain = try makeStore("plain.db"), zero = try makeStore("zero.db")
    try plain.createPairs(upTo: 200, seed: 7)
    try zero.createPairs(upTo: 200, seed: 7, eventShare: 0)
    let a = try captionPairs(plain), b = try captionPairs(zero)
    XCTAssertEqual(a.map { $0.0 + "|" + $0.1 }, b.map { $0.0 + "|" + $0.1 })
  }

  func testABadShareOrNoEventsIsRefusedWithTheReason() throws {
    let store = try makeStore("bad.db")
    for share in [-0.1, 1.5, Double.nan] {
      XCTAssertThrowsError(try store.createPairs(upTo: 10, seed: 1, eventShare: share)) { error in
        XCTAssertTrue("\(error)".contains("within 0...1"), "\(error)")
      }
    }
    let none = try makeStore("none.db", events: false)
    XCTAssertThrowsError(try none.createPairs(upTo: 10, seed: 1, eventShare: 0.2)) { error in
      XCTAssertTrue("\(error)".contains("no observation with an event"), "\(error)")
    }
    XCTAssertEqual(try store.counts().pairs, 0, "a refused call adds no pairs")
    XCTAssertEqual(try none.createPairs(upTo: 10, seed: 1), 10, "uniform pairs need no events")
  }
}
