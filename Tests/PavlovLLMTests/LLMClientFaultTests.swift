import FakeLLMServer
import Foundation
import XCTest
@testable import PavlovLLM

/// What a broken server or a bad setting does to the client: an `LLMError` that says why,
/// never a trap, and no retries spent on answers that would break the same way again.
final class LLMClientFaultTests: XCTestCase {
  private func configuration(_ url: URL, retries: Int = 2) -> LLMConfiguration {
    var configuration = LLMConfiguration(baseURL: url, model: "fake-model")
    configuration.maxRetries = retries
    configuration.initialBackoff = 0.01
    configuration.timeout = 5
    return configuration
  }

  private func chatError(_ client: LLMClient, file: StaticString = #filePath, line: UInt = #line) async -> LLMError? {
    do {
      let answer = try await client.chat([ChatMessage(.user, "hi")])
      XCTFail("expected an error, got '\(answer.text)'", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  func testTimeoutsMustBeFiniteAndWithinADay() throws {
    let url = URL(string: "http://127.0.0.1:9/v1")!
    for timeout in [1e300, .infinity, .nan, -1, 0.5, 86401] {
      var bad = configuration(url)
      bad.timeout = timeout
      XCTAssertThrowsError(try LLMClient(configuration: bad), "timeout \(timeout)") { error in
        XCTAssertTrue("\(error)".contains("timeout"), "\(error)")
        XCTAssertTrue("\(error)".contains("86400"), "\(error)")
      }
    }
    for timeout in [1.0, 86400] {
      var good = configuration(url)
      good.timeout = timeout
      XCTAssertNoThrow(try LLMClient(configuration: good))
    }
  }

  func testOtherSettingsAreChecked() throws {
    let url = URL(string: "http://127.0.0.1:9/v1")!
    var bad = configuration(url)
    bad.maxResponseBytes = 0
    XCTAssertThrowsError(try LLMClient(configuration: bad)) { XCTAssertTrue("\($0)".contains("maxResponseBytes")) }
    bad = configuration(url)
    bad.initialBackoff = .nan
    XCTAssertThrowsError(try LLMClient(configuration: bad)) { XCTAssertTrue("\($0)".contains("initialBackoff")) }
  }

  func testMalformedHTTPIsAMalformedResponseAndNotRetried() async throws {
    let server = try ScriptedHTTPServer([.text("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}")])
    defer { server.stop() }
    let error = await chatError(try LLMClient(configuration: configuration(server.baseURL)))
    guard case .malformedResponse(let reason)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(reason.contains("Content-Length '-1'"), reason)
    XCTAssertEqual(server.connections, 1, "a malformed answer was retried")
  }

  func testTheConfiguredCapStopsALargeAnswer() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer(String(repeating: "x", count: 4096)) }
    defer { server.stop() }
    var small = configuration(server.baseURL)
    small.maxResponseBytes = 1024
    let error = await chatError(try LLMClient(configuration: small))
    guard case .malformedResponse(let reason)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(reason.contains("1024-byte"), reason)
    XCTAssertEqual(server.requests.count, 1)
  }

  func testACutShortAnswerIsRetriedThenUnreachable() async throws {
    let server = try ScriptedHTTPServer([.text("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}")])
    defer { server.stop() }
    let error = await chatError(try LLMClient(configuration: configuration(server.baseURL, retries: 2)))
    guard case .unreachable(let reason)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(reason.contains("2 of 100"), reason)
    XCTAssertEqual(server.connections, 3)
  }

  /// Token counts are server data too: 1e300 used to trap converting to Int.
  func testAbsurdTokenCountsAreClamped() async throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.Response(json: [
        "choices": [["message": ["role": "assistant", "content": "ok"]]],
        "usage": ["prompt_tokens": 1e300, "completion_tokens": -5],
      ])
    }
    defer { server.stop() }
    let client = try LLMClient(configuration: configuration(server.baseURL))
    let answer = try await client.chat([ChatMessage(.user, "hi")])
    XCTAssertEqual(answer.promptTokens, Int(Int32.max))
    XCTAssertEqual(answer.completionTokens, 0)
  }
}
