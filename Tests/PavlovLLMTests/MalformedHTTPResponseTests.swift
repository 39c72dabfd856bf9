import FakeLLMServer
import Foundation
import XCTest
@testable import PavlovLLM

/// The socket transport against a server that breaks HTTP on purpose: every malformed answer
/// becomes a `TransportError` that says what was wrong, never a trap, a hang or unbounded memory.
final class MalformedHTTPResponseTests: XCTestCase {
  /// One POST to a server that plays `script`; the transport's error (fails if it succeeded).
  private func failure(_ script: [ScriptedHTTPServer.Step], timeout: Double = 5, limit: Int? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws -> TransportError {
    let server = try ScriptedHTTPServer(script)
    defer { server.stop() }
    switch exchange(server, timeout: timeout, limit: limit) {
    case .success(let response):
      XCTFail("expected a failure, got HTTP \(response.status) with \(response.body.count) bytes", file: file, line: line)
      return .other("none")
    case .failure(let error):
      return error
    }
  }

  private func exchange(_ server: ScriptedHTTPServer, timeout: Double, limit: Int? = nil)
    -> Result<HTTPResponse, TransportError>
  {
    let transport = SocketTransport(maxBodyBytes: limit ?? SocketTransport.defaultMaxBodyBytes)
    return transport.exchange(method: "POST", url: server.baseURL.appendingPathComponent("chat/completions"),
                              headers: [:], body: Data("{}".utf8), timeout: timeout)
  }

  private func assertReason(_ error: TransportError, contains words: String..., file: StaticString = #filePath,
                            line: UInt = #line) {
    for word in words {
      XCTAssertTrue(error.text.localizedCaseInsensitiveContains(word), "'\(error.text)' lacks '\(word)'",
                    file: file, line: line)
    }
  }

  private static let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
  private static let chunked = ok + "Transfer-Encoding: chunked\r\n\r\n"

  // MARK: Content-Length

  func testNegativeContentLengthIsRejected() throws {
    assertReason(try failure([.text(Self.ok + "Content-Length: -1\r\n\r\n{}")]), contains: "Content-Length", "-1")
  }

  func testNonNumericContentLengthIsRejected() throws {
    assertReason(try failure([.text(Self.ok + "Content-Length: 12abc\r\n\r\n{}")]), contains: "Content-Length", "12abc")
    assertReason(try failure([.text(Self.ok + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")]),
                 contains: "Content-Length")
  }

  func testContentLengthOverflowingOrOverTheCapIsRejectedBeforeReading() throws {
    assertReason(try failure([.text(Self.ok + "Content-Length: 99999999999999999999999\r\n\r\n{}")]),
                 contains: "Content-Length")
    let error = try failure([.text(Self.ok + "Content-Length: 5000\r\n\r\n{}")], limit: 4096)
    assertReason(error, contains: "5000", "4096")
  }

  func testContentLengthLongerThanWhatIsSentIsATruncation() throws {
    let error = try failure([.text(Self.ok + "Content-Length: 100\r\n\r\n{\"a\": 1}")])
    guard case .truncated = error else { return XCTFail("expected a truncation, got \(error.text)") }
    assertReason(error, contains: "8 of 100")
  }

  // MARK: Chunked

  func testChunkSizeOverflowingIntIsRejected() throws {
    // Int.max itself fits an Int, but not under the cap (it used to overflow `size + 2`).
    let huge = try failure([.text(Self.chunked + "7fffffffffffffff\r\nabc\r\n0\r\n\r\n")])
    guard case .tooLarge = huge else { return XCTFail("expected tooLarge, got \(huge.text)") }
    assertReason(huge, contains: "\(Int.max)")
    assertReason(try failure([.text(Self.chunked + "10000000000000000\r\nabc\r\n0\r\n\r\n")]), contains: "chunk size")
  }

  func testNegativeOrNonHexChunkSizeIsRejected() throws {
    assertReason(try failure([.text(Self.chunked + "-5\r\nabc\r\n0\r\n\r\n")]), contains: "chunk size", "-5")
    assertReason(try failure([.text(Self.chunked + "zz\r\nabc\r\n0\r\n\r\n")]), contains: "chunk size", "zz")
    assertReason(try failure([.text(Self.chunked + "\r\nabc\r\n0\r\n\r\n")]), contains: "chunk size")
  }

  func testChunkDataWithoutItsCRLFIsRejected() throws {
    assertReason(try failure([.text(Self.chunked + "3\r\nabcX0\r\n\r\n")]), contains: "CRLF")
  }

  func testTruncatedChunkedStreamIsATruncation() throws {
    let error = try failure([.text(Self.chunked + "5\r\nab")])
    guard case .truncated = error else { return XCTFail("expected a truncation, got \(error.text)") }
    assertReason(error, contains: "chunk")
  }

  func testChunkedBodiesWithExtensionsAndTrailersAreDecoded() throws {
    let server = try ScriptedHTTPServer([
      .text(Self.chunked + "4;name=value\r\n{\"a\"\r\n"), .pause(0.05), .text("4\r\n: 1}\r\n0\r\nX-Trailer: t\r\n\r\n"),
    ])
    defer { server.stop() }
    let response = try exchange(server, timeout: 5).get()
    XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "{\"a\": 1}")
  }

  func testCodingsThisClientCannotReadAreRejected() throws {
    assertReason(try failure([.text(Self.ok + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")]),
                 contains: "Transfer-Encoding", "gzip")
    assertReason(try failure([.text("HTTP/1.1 101 Switching Protocols\r\n\r\n")]), contains: "101")
  }

  // MARK: Size cap

  /// The server streams 64 MiB; the client must stop at its 4 KiB cap, long before the end.
  func testBodiesOverTheCapStopTheReadEarly() throws {
    let piece = Data(repeating: UInt8(ascii: "x"), count: 65536)
    let chunk = Data("10000\r\n".utf8) + piece + Data("\r\n".utf8)
    let cases: [(String, ScriptedHTTPServer.Step)] = [
      ("until close", .repeated(piece, times: 1024, pause: 0)),
      ("chunked", .repeated(chunk, times: 1024, pause: 0)),
    ]
    for (name, stream) in cases {
      let head = name == "chunked" ? Self.chunked : Self.ok + "\r\n"
      let server = try ScriptedHTTPServer([.text(head), stream])
      defer { server.stop() }
      guard case .failure(let error) = exchange(server, timeout: 10, limit: 4096) else {
        XCTFail("\(name): a body over the cap was accepted")
        continue
      }
      guard case .tooLarge = error else {
        XCTFail("\(name): expected tooLarge, got \(error.text)")
        continue
      }
      assertReason(error, contains: "4096")
      Thread.sleep(forTimeInterval: 0.1)  // let the server notice the hang-up
      XCTAssertLessThan(server.bytesSent, 32 << 20, "\(name): the client read on past its cap")
    }
  }

  // MARK: Garbage and slow servers

  func testGarbageStatusLinesAreRejected() throws {
    assertReason(try failure([.text("HELLO 200 world\r\nContent-Length: 2\r\n\r\n{}")]), contains: "status line")
    assertReason(try failure([.text("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}")]), contains: "status line")
    assertReason(try failure([.text("HTTP/1.1 99999999999999999999 OK\r\n\r\n{}")]), contains: "status line")
    assertReason(try failure([.text("SSH-2.0-OpenSSH_9.6\r\n"), .pause(10)]), contains: "status line", "SSH")
  }

  func testAHeadThatNeverEndsIsCut() throws {
    let pad = Data(("X-Pad: " + String(repeating: "a", count: 1000) + "\r\n").utf8)
    let server = try ScriptedHTTPServer([.text("HTTP/1.1 200 OK\r\n"), .repeated(pad, times: 20_000, pause: 0)])
    defer { server.stop() }
    guard case .failure(let error) = exchange(server, timeout: 10) else { return XCTFail("accepted an endless head") }
    assertReason(error, contains: "head")
  }

  /// One byte every 0.95 s never lets a per-recv timeout of 1 s fire: only an overall
  /// deadline ends the exchange on time.
  func testATrickleCannotOutlastTheDeadline() throws {
    let server = try ScriptedHTTPServer([
      .text(Self.ok + "Content-Length: 100\r\n\r\n"), .repeated(Data("x".utf8), times: 10, pause: 0.95),
    ])
    defer { server.stop() }
    let start = Date()
    let result = exchange(server, timeout: 1)
    let elapsed = Date().timeIntervalSince(start)
    guard case .failure(.timedOut) = result else { return XCTFail("expected a timeout, got \(result)") }
    XCTAssertLessThan(elapsed, 1.5, "the 1 s deadline was overrun")
  }

  func testTimeoutsTooLargeForATimevalAreClamped() throws {
    let server = try ScriptedHTTPServer([.text(Self.ok + "Content-Length: 2\r\n\r\n{}")])
    defer { server.stop() }
    for timeout in [1e300, .infinity, Double(Int.max)] {
      let response = try exchange(server, timeout: timeout).get()
      XCTAssertEqual(response.body, Data("{}".utf8))
    }
    guard case .failure(.timedOut) = exchange(server, timeout: .nan) else { return XCTFail("NaN must time out at once") }
  }

  func testInterimResponsesAreSkipped() throws {
    let server = try ScriptedHTTPServer([
      .text("HTTP/1.1 100 Continue\r\n\r\n" + Self.ok + "Content-Length: 2\r\n\r\n{}"),
    ])
    defer { server.stop() }
    let response = try exchange(server, timeout: 5).get()
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(response.body, Data("{}".utf8))
  }
}
