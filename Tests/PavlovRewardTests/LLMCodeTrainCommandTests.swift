import FakeLLMServer
import Foundation
import XCTest

/// `pavlov train --reward llm-code:…`: the accepted program is printed, the SIMULATED stand-in
/// says so, a server that never writes an acceptable program is refused before the run
/// directory exists, and the end of the run says what the program cost.
final class LLMCodeTrainCommandTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-codetrain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func train(_ reward: String) throws -> (status: Int32, output: String, run: String) {
    try CommandLineTool.trainTiny(reward: reward, in: directory)
  }

  func testTheScriptedStandInPrintsItsProgramAndCost() throws {
    let result = try train("llm-code:scripted")
    XCTAssertEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("SIMULATED: the hand-written grid reference program, no LLM"), result.output)
    XCTAssertTrue(result.output.contains("-- SIMULATED reference reward (grid family), written by hand."), result.output)
    XCTAssertTrue(result.output.contains("distinct inputs evaluated"), result.output)
    XCTAssertTrue(result.output.contains("µs per env step"), result.output)
  }

  func testNoAcceptableProgramIsRefusedBeforeTheRunIsWritten() throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("```lua\nwhile true do end\n```") }
    let result = try train("llm-code:rounds=1,cache=none,retries=0,url=\(server.baseURL.absoluteString)")
    XCTAssertNotEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("no program was accepted in 1 round; last problem: it does not load: "
                                         + "instruction budget of 2000000 exceeded"), result.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: result.run), "nothing is created before the checks")
  }
}
