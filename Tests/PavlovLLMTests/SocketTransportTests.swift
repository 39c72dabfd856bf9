import Foundation
import XCTest
@testable import PavlovLLM

final class SocketTransportTests: XCTestCase {
  func testHeadParsingLowercasesNamesAndJoinsRepeats() throws {
    let head = try HTTPHead(parsing: ArraySlice("HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\nVia: a\r\nvia: b".utf8))
    XCTAssertEqual(head.status, 429)
    XCTAssertEqual(head.headers["retry-after"], "2")
    XCTAssertEqual(head.headers["via"], "a, b")
  }

  func testBytesArrivingOneAtATimeMakeTheSameResponse() throws {
    let wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\n{\"a\"\r\n4\r\n: 1}\r\n0\r\n\r\n"
    var reader = HTTPResponseReader(maxBodyBytes: 100)
    for byte in Array(wire.utf8) {
      XCTAssertFalse(reader.isComplete)
      try reader.consume([byte][...])
    }
    XCTAssertTrue(reader.isComplete)
    XCTAssertEqual(String(decoding: reader.response.body, as: UTF8.self), "{\"a\": 1}")
  }

  func testPlainHTTPUsesSocketsAndHTTPSUsesURLSession() {
    XCTAssertTrue(makeTransport(for: URL(string: "http://127.0.0.1:8080/v1")!, maxConnections: 1) is SocketTransport)
    XCTAssertTrue(makeTransport(for: URL(string: "https://api.example.org/v1")!, maxConnections: 1) is URLSessionTransport)
  }
}
