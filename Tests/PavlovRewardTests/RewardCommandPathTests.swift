import Foundation
import PavlovSQLite
import XCTest
@testable import PavlovReward

/// The commands themselves: a mistyped --store or --model creates nothing, every argument is
/// checked before anything is written, and a command that creates a store says so
/// (issue 12, items 8 and 9).
final class RewardCommandPathTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    _ = try CommandLineTool.require()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-paths-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  private func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  private func assertFails(_ arguments: [String], mentioning text: String, file: StaticString = #filePath,
                           line: UInt = #line) throws {
    let result = try CommandLineTool.run(arguments)
    XCTAssertNotEqual(result.status, 0, result.output, file: file, line: line)
    XCTAssertTrue(result.output.contains(text), "\(arguments): \(result.output)", file: file, line: line)
    XCTAssertFalse(result.output.contains("Fatal error"), result.output, file: file, line: line)
  }

  func testMistypedPathsCreateNothing() throws {
    let typo = path("lables.db")
    try assertFails(["annotate", "--store", typo, "--labeller", "scripted:oracle", "--pairs", "10"],
                    mentioning: "\(typo) does not exist")
    try assertFails(["reward", "fit", "--store", typo, "--out", path("model.reward")], mentioning: "\(typo) does not exist")
    try assertFails(["collect", "--env", "NoSuchEnv-v9", "--store", path("new.db"), "--steps", "10"],
                    mentioning: "NoSuchEnv-v9")
    try assertFails(["collect", "--env", "MiniGrid-Empty-5x5-v0", "--store", path("missing/new.db"), "--steps", "10"],
                    mentioning: "directory")
    try assertFails(["collect", "--env", "MiniGrid-Empty-5x5-v0", "--store", path("new.db"), "--steps", "10",
                     "--policy", path("no-such-run")], mentioning: "no-such-run")
    try assertFails(["reward", "plot", "--model", path("typo.reward"), "--run", path("no-such-run"), "--out",
                     path("plot.svg")], mentioning: "typo.reward")
    XCTAssertEqual(try contents(), [])
  }

  func testCollectSaysWhenItCreatesAStoreAndBadArgumentsLeaveTheStoreAlone() throws {
    let store = path("labels.db")
    let first = try CommandLineTool.run(["collect", "--env", "MiniGrid-Empty-5x5-v0", "--steps", "300", "--store", store])
    XCTAssertEqual(first.status, 0, first.output)
    XCTAssertTrue(first.output.contains("created a new label store \(store)"), first.output)
    let again = try CommandLineTool.run(["collect", "--env", "MiniGrid-Empty-5x5-v0", "--steps", "50", "--store", store])
    XCTAssertEqual(again.status, 0, again.output)
    XCTAssertFalse(again.output.contains("created"), again.output)

    // An inverted teacher is refused before a single pair is drawn.
    try assertFails(["annotate", "--store", store, "--labeller", "scripted:stochastic=-1"], mentioning: "β")
    try assertFails(["annotate", "--store", store, "--labeller", "scripted:oracle", "--event-share", "1.5"],
                    mentioning: "--event-share must be within 0...1")
    func pairCount() throws -> Int { try Database(path: store).prepare("SELECT COUNT(*) FROM pairs").first { $0.int(0) } ?? -1 }
    XCTAssertEqual(try pairCount(), 0)
    let annotate = try CommandLineTool.run(["annotate", "--store", store, "--labeller", "scripted:oracle", "--pairs", "40"])
    XCTAssertEqual(annotate.status, 0, annotate.output)

    // --out is checked before the fit: its directory must exist, and it must not be the store.
    try assertFails(["reward", "fit", "--store", store, "--out", path("missing/model.reward")], mentioning: "--out")
    try assertFails(["reward", "fit", "--store", store, "--out", store], mentioning: "--out")
    try assertFails(["reward", "fit", "--store", store, "--out", path("model.reward"), "--hidden", "64,100000"],
                    mentioning: "--hidden")
    XCTAssertEqual(try LabelStore(path: store).counts().labels, 40, "the store is intact")
    XCTAssertEqual(try contents().filter { !$0.hasPrefix("labels.db") }, [])

    // A hand-edited store: refused with the row, never fitted.
    try Database(path: store).execute("UPDATE labels SET preference = 5.0 WHERE id = 3")
    try assertFails(["reward", "fit", "--store", store, "--out", path("model.reward"), "--epochs", "1"],
                    mentioning: "label 3")
    try Database(path: store).execute("UPDATE labels SET preference = 1 WHERE id = 3")
    try Database(path: store).execute("UPDATE meta SET value = 'Bogus-v0' WHERE key = 'env_id'")
    try assertFails(["reward", "fit", "--store", store, "--out", path("model.reward"), "--epochs", "1"],
                    mentioning: "'Bogus-v0' is not a registered environment")
    XCTAssertFalse(FileManager.default.fileExists(atPath: path("model.reward")))
  }
}
