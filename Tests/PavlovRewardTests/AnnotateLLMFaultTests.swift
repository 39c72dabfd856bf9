import FakeLLMServer
import Foundation
import PavlovSQLite
import XCTest

/// `pavlov annotate --labeller llm` against a flaky fake server: the run finishes, reports how
/// many labels failed, and records them as such.
final class AnnotateLLMFaultTests: XCTestCase {
  func testFaultsAreRecordedAndCountedAndTheRunContinues() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-llm-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = directory.appendingPathComponent("labels.db").path
    let server = try FakeLLMServer { _, index in
      switch index % 4 {
      case 0: return FakeLLMServer.Response(status: 500, body: Data("boom".utf8))
      case 1: return FakeLLMServer.Response(body: Data("not json".utf8))
      case 2: return FakeLLMServer.chatAnswer("no idea, and no format")
      default: return FakeLLMServer.chatAnswer("(\"best_description\": 2)")
      }
    }
    defer { server.stop() }
    let collect = try CommandLineTool.run(["collect", "--env", "MiniGrid-DoorKey-5x5-v0", "--steps", "400", "--store", store])
    XCTAssertEqual(collect.status, 0, collect.output)
    let run = try CommandLineTool.run([
      "annotate", "--store", store, "--pairs", "12", "--labeller", "llm", "--llm-url", server.baseURL.absoluteString,
      "--llm-retries", "0", "--llm-cache", "none", "--concurrency", "1", "--llm-parameters", "135e6",
    ])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(run.output.contains("labelled 12 pairs"), run.output)
    XCTAssertTrue(run.output.contains("labels failed"), run.output)
    XCTAssertTrue(run.output.contains("LLM usage:"), run.output)
    XCTAssertTrue(run.output.contains("FLOPs (2 × 1.35e8 parameters × tokens)"), run.output)

    // Once the server is healthy, a rerun asks again for exactly the labels that got no answer.
    let statuses = { (path: String) throws -> [String: Int] in
      var counts: [String: Int] = [:]
      for row in try Database(path: path).prepare("SELECT status, COUNT(*) FROM labels GROUP BY status").rows({
        ($0.string(0), $0.int(1))
      }) { counts[row.0] = row.1 }
      return counts
    }
    let before = try statuses(store)
    let failed = try XCTUnwrap(before["failed"])
    let healthy = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"best_description\": 1)") }
    defer { healthy.stop() }
    let rerun = try CommandLineTool.run([
      "annotate", "--store", store, "--pairs", "12", "--labeller", "llm", "--llm-url", healthy.baseURL.absoluteString,
      "--llm-cache", "none",
    ])
    XCTAssertEqual(rerun.status, 0, rerun.output)
    XCTAssertTrue(rerun.output.contains("labelled \(failed) pairs"), rerun.output)
    let after = try statuses(store)
    XCTAssertNil(after["failed"])
    XCTAssertEqual(after["unparseable"], before["unparseable"])
    XCTAssertEqual(after.values.reduce(0, +), 12)
  }
}
