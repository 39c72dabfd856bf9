import FakeLLMServer
import Foundation
import PavlovLLM
import XCTest
@testable import PavlovReward

/// A server that breaks HTTP costs one failed label with the reason, not the labeller's
/// process; a bad --llm-timeout is refused with the flag's name and its range.
final class LLMTransportFaultTests: XCTestCase {
  private let pair = LabellingPair(
    id: 1, first: PairSide(observationID: 1, caption: "You see a key.", progress: 0, episodeReturn: 0),
    second: PairSide(observationID: 2, caption: "You carry a key.", progress: 0.3, episodeReturn: 0),
    goal: "open the door and get to the goal")

  func testMalformedResponsesBecomeFailedLabelsWithAReason() async throws {
    let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    let cases = [
      ("Content-Length '-1'", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}"),
      ("chunk size '-5'", chunked + "-5\r\nabc\r\n0\r\n\r\n"),
      ("\(Int.max) bytes", chunked + "7fffffffffffffff\r\nabc\r\n0\r\n\r\n"),
    ]
    for (reason, wire) in cases {
      let server = try ScriptedHTTPServer([.text(wire)])
      defer { server.stop() }
      var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model")
      configuration.maxRetries = 1
      configuration.initialBackoff = 0.01
      let judge = LLMLabeller(client: try LLMClient(configuration: configuration),
                              prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-8x8-v0"))
      let label = await judge.label(pair)
      XCTAssertEqual(label.status, .failed, wire)
      XCTAssertNil(label.preference)
      XCTAssertTrue(label.rawAnswer.contains(reason), "'\(label.rawAnswer)' lacks '\(reason)'")
    }
  }

  func testOutOfRangeTimeoutsAreRefusedByName() throws {
    _ = try CommandLineTool.require()
    for value in ["1e300", "inf", "nan", "0.5", "86401"] {
      let run = try CommandLineTool.run(["llm", "ask", "hi", "--llm-url", "http://127.0.0.1:9/v1", "--llm-timeout", value,
                                         "--llm-cache", "none"])
      XCTAssertNotEqual(run.status, 0, run.output)
      XCTAssertTrue(run.output.contains("--llm-timeout"), run.output)
      XCTAssertTrue(run.output.contains("86400"), run.output)
    }
  }
}
