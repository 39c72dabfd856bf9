import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw-socket server on 127.0.0.1 that answers every request with scripted bytes, however
/// malformed (bad lengths, broken chunking, endless heads, slow trickles), to test that a
/// client survives servers that break HTTP. It reads the request head first, so the client's
/// send never fails, then plays the script and closes. Nothing leaves the machine.
///
/// Every send stops at the first failure: when the client hangs up, the connection's thread
/// ends, so a test that streams "forever" is bounded by the client, and `bytesSent` tells how
/// far the server got (a client that stops reading early makes it small).
public final class ScriptedHTTPServer: @unchecked Sendable {
  public enum Step: Sendable {
    case send(Data)
    /// `piece` sent `times` times, with `pause` seconds before each.
    case repeated(Data, times: Int, pause: Double)
    case pause(Double)

    public static func text(_ string: String) -> Step { .send(Data(string.utf8)) }
  }

  public let port: Int
  private let listener: LoopbackListener
  private let script: [Step]
  private let lock = NSLock()
  private var sent = 0
  private var accepted = 0

  public init(_ script: [Step]) throws {
    self.script = script
    listener = try LoopbackListener(backlog: 16)
    port = listener.port
    listener.start { [self] client in
      lock.withLock { accepted += 1 }
      serve(client)
    }
  }

  deinit { stop() }

  /// The API root to give a client: http://127.0.0.1:PORT/v1
  public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
  /// Bytes of the script that reached the socket, over all connections.
  public var bytesSent: Int { lock.withLock { sent } }
  /// Connections accepted so far (one per request and retry).
  public var connections: Int { lock.withLock { accepted } }

  public func stop() { listener.stop() }

  private func serve(_ client: Int32) {
    defer { close(client) }
    guard readRequest(client) else { return }
    for step in script {
      switch step {
      case .send(let data):
        guard write(client, data) else { return }
      case .repeated(let piece, let times, let pause):
        for _ in 0..<times {
          if pause > 0 { Thread.sleep(forTimeInterval: pause) }
          guard write(client, piece) else { return }
        }
      case .pause(let seconds):
        Thread.sleep(forTimeInterval: seconds)
      }
    }
    shutdown(client, Int32(SHUT_WR))
  }

  /// Reads the request's head and its Content-Length body; false if the client went away.
  private func readRequest(_ client: Int32) -> Bool {
    var buffer = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    let separator = Data("\r\n\r\n".utf8)
    while buffer.range(of: separator) == nil {
      let n = recv(client, &chunk, chunk.count, 0)
      if n <= 0 { return false }
      buffer.append(contentsOf: chunk[0..<n])
    }
    let end = buffer.range(of: separator)!
    let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).lowercased()
    let length = head.components(separatedBy: "\r\n")
      .first { $0.hasPrefix("content-length:") }
      .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
    var received = buffer.count - end.upperBound
    while received < length {
      let n = recv(client, &chunk, chunk.count, 0)
      if n <= 0 { return false }
      received += n
    }
    return true
  }

  private func write(_ client: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n <= 0 { return false }
        offset += n
        lock.withLock { sent += n }
      }
      return true
    }
  }
}
