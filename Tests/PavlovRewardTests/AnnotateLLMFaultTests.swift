import FakeLLMServer
import Foundation
@testable import PavlovReward
import XCTest

/// What `pavlov annotate --labeller llm` says against a flaky fake server: how many labels
/// failed, and the LLM's usage with the FLOPs of --llm-parameters. The session's behaviour
/// (failed labels asked again, unparseable ones kept) is tested in process in
/// LabellingSessionTests.
final class AnnotateLLMFaultTests: XCTestCase {
  func testTheCommandSaysHowManyLabelsFailedAndWhatTheModelCost() throws {
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
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-5x5-v0")
      .collectRandom(steps: 400, into: try LabelStore(path: store, mode: .createIfMissing))
    let run = try CommandLineTool.run([
      "annotate", "--store", store, "--pairs", "12", "--labeller", "llm", "--llm-url", server.baseURL.absoluteString,
      "--llm-retries", "0", "--llm-cache", "none", "--concurrency", "1", "--llm-parameters", "135e6",
    ])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(run.output.contains("labelled 12 pairs"), run.output)
    XCTAssertTrue(run.output.contains("labels failed"), run.output)
    XCTAssertTrue(run.output.contains("LLM usage:"), run.output)
    XCTAssertTrue(run.output.contains("FLOPs (2 × 1.35e8 parameters × tokens)"), run.output)

  }
}
