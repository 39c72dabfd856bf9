import Foundation
import PavlovExecutable
import XCTest

/// `pavlov study` as a user runs it: the table printed, and bad flags refused with what is
/// allowed (a non-zero exit, never a crash), before anything is written.
final class StudyCommandTests: XCTestCase {
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

  func testThePolicyStandInStudyPrintsItsTable() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("study-cli-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let arguments = ["study", "--env", "MiniGrid-DoorKey-5x5-v0", "--methods", "policy,embedding", "--seeds", "2", "--steps", "1",
                     "--eval-episodes", "5", "--out", out]
    let (status, output) = try pavlov(arguments)
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("| policy (SIMULATED) | scripted expert | 1.000 ± 0.000 | 2 |"), output)
    XCTAssertTrue(output.contains("skipped: no stand-in without an embedding model"), output)
    let again = try pavlov(arguments)
    XCTAssertEqual(again.status, 0, again.output)
    XCTAssertTrue(again.output.contains("policy seed 2: finished earlier"), again.output)
  }

  func testBadFlagsAreRefusedWithWhatIsAllowed() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("study-cli-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let base = ["study", "--env", "MiniGrid-DoorKey-5x5-v0", "--steps", "8192", "--out", out]
    for (extra, message) in [
      (["--methods", "policy,telepathy"], "'telepathy' is not a study method; allowed: policy, ai-feedback, scalar, code, embedding"),
      (["--seeds", "0"], "seeds must be from 1 to 100; got 0"),
      (["--shape", "square"], "--shape square is not known; allowed: plain, potential, count"),
      (["--teacher", "oracle"], "--teacher 'oracle' is not allowed; use scripted:<teacher>"),
      (["--local-llm", "--llm-url", "http://127.0.0.1:9/v1"], "--local-llm and --llm-url exclude each other"),
      (["--llm-model", "m"], "--llm-model, --llm-parameters, --llm-cache and --llm-mode need --llm-url or --local-llm"),
      (["--llm-url", "http://127.0.0.1:9/v1", "--llm-mode", "poem"], "the LLM mode must be chat or completion; got 'poem'"),
      (["--llm-url", "http://127.0.0.1:9/v1", "--llm-parameters", "0"], "parameter count must be a positive number such as 135e6; got 0.0"),
    ] {
      let (status, output) = try pavlov(base + extra)
      XCTAssertNotEqual(status, 0, output)
      XCTAssertTrue(output.contains(message), "\(extra): \(output)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out), "a refused study writes nothing")
    }
  }
}
