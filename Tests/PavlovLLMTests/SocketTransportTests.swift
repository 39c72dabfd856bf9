import Foundation
import XCTest
@testable import PavlovLLM

final class SocketTransportTests: XCTestCase {
  func testChunkedBodiesAreDecodedAndCutOnesRefused() {
    let body = Data("4\r\n{\"a\"\r\n6;ext=1\r\n: 1}\r\n\r\n0\r\n\r\n".utf8)
    XCTAssertEqual(SocketTransport.dechunk(body).map { String(decoding: $0, as: UTF8.self) }, "{\"a\": 1}\r\n")
    XCTAssertNil(SocketTransport.dechunk(Data("9\r\nshort".utf8)))
  }

  func testHeadParsingLowercasesNames() throws {
    let head = try XCTUnwrap(SocketTransport.parseHead(Data("HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\n\r\nbody".utf8)))
    XCTAssertEqual(head.status, 429)
    XCTAssertEqual(head.headers["retry-after"], "2")
    XCTAssertEqual(head.bodyStart, 41)
  }

  func testPlainHTTPUsesSocketsAndHTTPSUsesURLSession() {
    XCTAssertTrue(makeTransport(for: URL(string: "http://127.0.0.1:8080/v1")!, maxConnections: 1) is SocketTransport)
    XCTAssertTrue(makeTransport(for: URL(string: "https://api.example.org/v1")!, maxConnections: 1) is URLSessionTransport)
  }
}
