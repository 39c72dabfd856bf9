import Foundation
import PavlovSQLite
import XCTest
@testable import PavlovReward

/// Kills `pavlov annotate` for real (SIGKILL, mid-run) and checks that rerunning it ends with
/// exactly the labels an uninterrupted run writes: none lost, none duplicated.
final class AnnotateResumeTests: XCTestCase {
  func testKilledAnnotateResumesWithNoLabelLostOrDuplicated() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-kill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let killed = directory.appendingPathComponent("killed.db").path
    let reference = directory.appendingPathComponent("reference.db").path
    let pairs = 300
    // Only annotate needs a process of its own (to be killed); the stores are filled in process.
    for store in [killed, reference] {
      try ObservationCollector(environmentID: "MiniGrid-DoorKey-8x8-v0", seed: 5)
        .collectRandom(steps: 3000, into: try LabelStore(path: store, mode: .createIfMissing))
    }
    // The stochastic teacher draws randomness: the labels must still match the reference run's.
    let annotate = ["annotate", "--pairs", "\(pairs)", "--labeller", "scripted:stochastic=3", "--seed", "9"]
    let reference_ = try CommandLineTool.run(annotate + ["--store", reference])
    XCTAssertEqual(reference_.status, 0, reference_.output)

    // Slowed to 200 labels/s so the kill lands mid-run; polled through a second connection.
    let process = try CommandLineTool.start(annotate + ["--store", killed, "--max-rate", "200"])
    let watcher = try Database(path: killed)
    let deadline = Date().addingTimeInterval(60)
    var seen = 0
    while Date() < deadline {
      seen = (try? watcher.prepare("SELECT COUNT(*) FROM labels").first { $0.int(0) } ?? 0) ?? 0
      if seen >= 40 { break }
      usleep(5_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    let afterKill = try watcher.prepare("SELECT COUNT(*) FROM labels").first { $0.int(0) } ?? 0
    XCTAssertGreaterThanOrEqual(afterKill, 40)
    XCTAssertLessThan(afterKill, pairs, "the kill came after the run finished; nothing was tested")

    let resumed = try CommandLineTool.run(annotate + ["--store", killed])
    XCTAssertEqual(resumed.status, 0, resumed.output)
    XCTAssertTrue(resumed.output.contains("\(afterKill) already labelled"), resumed.output)

    func labels(_ path: String) throws -> [String] {
      try Database(path: path).prepare("""
        SELECT p.first_observation, p.second_observation, l.status, COALESCE(l.preference, -1)
        FROM labels l JOIN pairs p ON p.id = l.pair_id ORDER BY p.id
        """).rows { "\($0.int(0)) \($0.int(1)) \($0.string(2)) \($0.double(3))" }
    }
    let got = try labels(killed), want = try labels(reference)
    XCTAssertEqual(got.count, pairs)
    XCTAssertEqual(got, want)
    let duplicates = try Database(path: killed).prepare(
      "SELECT COUNT(*) FROM (SELECT pair_id FROM labels GROUP BY pair_id, labeller HAVING COUNT(*) > 1)"
    ).first { $0.int(0) }
    XCTAssertEqual(duplicates, 0)

    // And the labels fit a reward model.
    let data = try FitData(store: try LabelStore(path: killed))
    XCTAssertTrue(data.isSimulated)
    var fit = BradleyTerryFit()
    fit.epochs = 2
    fit.hiddenSizes = [16]
    XCTAssertEqual(try fit.fit(data).environmentID, "MiniGrid-DoorKey-8x8-v0")
  }
}
