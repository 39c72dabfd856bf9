import FakeLLMServer
import Foundation
import PavlovAgent
import PavlovExecutable
import XCTest

/// `pavlov act` as a user runs it: the report printed and written, and bad flags refused with
/// what is allowed (a non-zero exit, never a crash).
final class ActCommandTests: XCTestCase {
  private func pavlov(_ arguments: [String]) throws -> (status: Int32, output: String) {
    guard let tool = PavlovExecutable.url else { throw XCTSkip(PavlovExecutable.missingReason) }
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testSimulatedStandInPrintsAndWritesItsReport() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("act-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, output) = try pavlov(["act", "--env", "arm/reach", "--policy", "scripted:expert", "--episodes", "2",
                                       "--max-steps", "30", "--report", file.path])
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("policy SIMULATED (scripted:expert, no language model)"), output)
    let report = try JSONDecoder().decode(ActReport.self, from: Data(contentsOf: file))
    XCTAssertEqual(report.episodes, 2)
    XCTAssertEqual(report.decisions, 60)
    XCTAssertTrue(report.simulated)
  }

  func testGridAndWordleHaveScriptedStandIns() throws {
    for id in ["MiniGrid-DoorKey-8x8-v0", "Wordle-Answers-v0"] {
      let (status, output) = try pavlov(["act", "--env", id, "--policy", "scripted:expert", "--episodes", "8"])
      XCTAssertEqual(status, 0, output)
      XCTAssertTrue(output.contains("success 8/8 (1.00)"), output)
      XCTAssertTrue(output.contains("SIMULATED"), output)
    }
  }

  func testTheModelActsThroughTheCommand() throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: forward") }
    let (status, output) = try pavlov(["act", "--env", "MiniGrid-DoorKey-5x5-v0", "--episodes", "2", "--max-steps", "2",
                                       "--llm-url", server.baseURL.absoluteString, "--llm-cache", "none",
                                       "--llm-parameters", "1e6"])
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("4 actions chosen"), output)
    XCTAssertTrue(output.contains("fallbacks 0 (fallback action: left)"), output)
    XCTAssertTrue(output.contains("FLOPs"), output)
  }

  func testBadFlagsAreRefusedWithWhatIsAllowed() throws {
    for (arguments, message) in [
      (["--env", "arm/reach", "--policy", "oracle"], "--policy oracle is not known; allowed: llm, scripted:expert"),
      (["--env", "arm/reach", "--both-orders"], "--both-orders applies to preference labelling"),
      (["--env", "arm/reach", "--history", "99"], "--history must be from 0 to 50; got 99"),
      (["--env", "arm/reach", "--episodes", "0"], "--episodes must be from 1 to 1024; got 0"),
      (["--env", "No-Such-Env", "--policy", "scripted:expert"], "unknown environment id 'No-Such-Env'"),
      (["--env", "arm/reach", "--llm-url", "http://127.0.0.1:9/v1", "--llm-retries", "0", "--llm-cache", "none"],
       "every request of step 1 failed, so the run stops: request failed: server unreachable"),
    ] {
      let (status, output) = try pavlov(["act"] + arguments)
      XCTAssertNotEqual(status, 0, output)
      XCTAssertTrue(output.contains(message), "\(arguments): \(output)")
    }
  }
}
