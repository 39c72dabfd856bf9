import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: every request goes to `handler`, which
/// answers with a status and a body (or drops the connection, or answers late). One thread
/// per connection, `Connection: close`; nothing leaves the machine.
public final class FakeLLMServer: @unchecked Sendable {
  public struct Request: Sendable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: Data
    /// The body as a JSON object (nil if it is not one).
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
  }

  public struct Response: Sendable {
    public var status: Int
    public var body: Data
    public var headers: [String: String]
    /// Seconds to wait before answering (to test timeouts and concurrency).
    public var delay: Double
    /// Close the connection without any answer (a crashed server).
    public var drop: Bool

    public init(status: Int = 200, body: Data = Data(), headers: [String: String] = [:], delay: Double = 0,
                drop: Bool = false) {
      self.status = status
      self.body = body
      self.headers = headers
      self.delay = delay
      self.drop = drop
    }

    public init(status: Int = 200, json: Any, delay: Double = 0) {
      self.init(status: status, body: try! JSONSerialization.data(withJSONObject: json), delay: delay)
    }
  }

  public let port: Int
  private let listener: LoopbackListener
  private let handler: @Sendable (Request, Int) -> Response
  private let lock = NSLock()
  private var received: [Request] = []
  private var inFlight = 0
  private var maxInFlight = 0

  /// Listens on an ephemeral port of 127.0.0.1. `handler` gets each request and its index (0, 1, ...).
  public init(handler: @escaping @Sendable (Request, Int) -> Response) throws {
    self.handler = handler
    listener = try LoopbackListener(backlog: 64)
    port = listener.port
    listener.start { [self] client in
      serve(client)
    }
  }

  deinit { stop() }

  /// The API root to give a client: http://127.0.0.1:PORT/v1
  public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

  /// Every request received so far, in arrival order.
  public var requests: [Request] { lock.withLock { received } }
  /// The most requests that were being handled at once.
  public var peakConcurrency: Int { lock.withLock { maxInFlight } }

  public func stop() { listener.stop() }

  private func serve(_ client: Int32) {
    defer { close(client) }
    guard let request = readRequest(client) else { return }
    let index = lock.withLock { () -> Int in
      received.append(request)
      inFlight += 1
      maxInFlight = max(maxInFlight, inFlight)
      return received.count - 1
    }
    let response = handler(request, index)
    if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
    lock.withLock { inFlight -= 1 }
    if response.drop { return }
    var head = "HTTP/1.1 \(response.status) \(response.status < 400 ? "OK" : "Error")\r\n"
    var headers = response.headers
    headers["Content-Type"] = headers["Content-Type"] ?? "application/json"
    headers["Content-Length"] = String(response.body.count)
    headers["Connection"] = "close"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head += "\r\n"
    writeAll(client, Data(head.utf8) + response.body)
  }

  private func readRequest(_ client: Int32) -> Request? {
    var buffer = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    let separator = Data("\r\n\r\n".utf8)
    var headerEnd: Range<Data.Index>?
    while headerEnd == nil {
      let n = recv(client, &chunk, chunk.count, 0)
      if n <= 0 { return nil }
      buffer.append(contentsOf: chunk[0..<n])
      headerEnd = buffer.range(of: separator)
    }
    let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self)
    var lines = head.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    var body = Data(buffer[headerEnd!.upperBound...])
    while body.count < length {
      let n = recv(client, &chunk, chunk.count, 0)
      if n <= 0 { break }
      body.append(contentsOf: chunk[0..<n])
    }
    return Request(method: requestLine.first.map(String.init) ?? "", path: requestLine.count > 1 ? String(requestLine[1]) : "",
                   headers: headers, body: body)
  }

  private func writeAll(_ client: Int32, _ data: Data) {
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n <= 0 { return }
        offset += n
      }
    }
  }

  // MARK: Canned answers

  /// An /embeddings answer: one vector per input, in order.
  public static func embeddingAnswer(_ vectors: [[Float]], promptTokens: Int = 4) -> Response {
    Response(json: [
      "model": "fake-model", "object": "list",
      "data": vectors.enumerated().map { ["object": "embedding", "index": $0.offset, "embedding": $0.element.map(Double.init)] },
      "usage": ["prompt_tokens": promptTokens, "total_tokens": promptTokens],
    ])
  }

  /// A chat completion answering `text`, with chat-style logprobs if given.
  public static func chatAnswer(_ text: String, logprobs: [[String: Any]]? = nil, promptTokens: Int = 10,
                                completionTokens: Int = 5) -> Response {
    var choice: [String: Any] = ["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]
    if let logprobs { choice["logprobs"] = ["content": logprobs] }
    return Response(json: [
      "model": "fake-model", "choices": [choice],
      "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens],
    ])
  }
}
