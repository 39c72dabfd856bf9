import FakeLLMServer
import Foundation
import XCTest

/// `pavlov train --reward llm-scalar:…|llm-embedding:…`: the LLM settings travel in the reward
/// string; a server that cannot serve is refused before the run directory exists; the SIMULATED
/// stand-in says so; the end of a run reports what the LLM was asked and what it cost.
final class LLMRewardTrainCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-llmtrain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func train(_ reward: String) throws -> (status: Int32, output: String, run: String) {
    try CommandLineTool.trainTiny(reward: reward, in: directory)
  }

  func testAnUnreachableEmbeddingServerIsRefusedBeforeTheRunIsWritten() throws {
    let result = try train("llm-embedding:url=http://127.0.0.1:9/v1,retries=0,cache=none")
    XCTAssertNotEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("cannot embed the goal"), result.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: result.run), "nothing is created before the checks")
  }

  func testTheScriptedStandInSaysItIsSimulated() throws {
    let result = try train("llm-scalar:scripted")
    XCTAssertEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("SIMULATED: privileged progress, no LLM"), result.output)
  }

  func testARunOnTheFakeServerReportsItsQuestionsAndCost() throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"rating\": 4)", promptTokens: 100) }
    let result = try train("llm-scalar:cache=none,url=\(server.baseURL.absoluteString)")
    XCTAssertEqual(result.status, 0, result.output)
    let questions = server.requests.filter { $0.method == "POST" }.count
    XCTAssertTrue(result.output.contains("\(questions) distinct captions scored, 0 unparseable and 0 failed"), result.output)
    XCTAssertTrue(result.output.contains("\(questions * 100) prompt"), result.output)
  }
}
