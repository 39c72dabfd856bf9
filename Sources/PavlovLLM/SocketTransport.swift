import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP/1.1 over a plain TCP socket, one connection per request (`Connection: close`),
/// blocking I/O on a thread of its own so that waiting for a slow model costs no CPU and
/// never blocks Swift's cooperative pool. Handles Content-Length and chunked bodies.
struct SocketTransport: HTTPTransport {
  func send(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async
    -> Result<HTTPResponse, TransportError>
  {
    await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: Self.exchange(method: method, url: url, headers: headers, body: body,
                                                     timeout: timeout))
      }
      thread.start()
    }
  }

  static func exchange(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double)
    -> Result<HTTPResponse, TransportError>
  {
    guard let host = url.host else { return .failure(.other("no host in \(url.absoluteString)")) }
    let port = url.port ?? 80
    let deadline = Date().addingTimeInterval(timeout)
    let fd: Int32
    switch connect(host: host, port: port, timeout: timeout) {
    case .success(let descriptor): fd = descriptor
    case .failure(let error): return .failure(error)
    }
    defer { close(fd) }

    var path = url.path.isEmpty ? "/" : url.path
    if let query = url.query { path += "?" + query }
    var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: application/json\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Length: \(body.count)\r\n" }
    head += "\r\n"
    guard writeAll(fd, Data(head.utf8) + (body ?? Data())) else { return .failure(.connectionLost) }

    // Read until the server closes (Connection: close) or the body is complete.
    var buffer = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    var parsedHead: (status: Int, headers: [String: String], bodyStart: Int)?
    while true {
      if Date() > deadline { return .failure(.timedOut) }
      let n = recv(fd, &chunk, chunk.count, 0)
      if n < 0 {
        if errno == EAGAIN || errno == EWOULDBLOCK { return .failure(.timedOut) }
        if errno == EINTR { continue }
        return .failure(.connectionLost)
      }
      if n == 0 { break }
      buffer.append(contentsOf: chunk[0..<n])
      if parsedHead == nil { parsedHead = parseHead(buffer) }
      if let h = parsedHead, let length = h.headers["content-length"].flatMap(Int.init),
         buffer.count - h.bodyStart >= length { break }
    }
    guard let h = parsedHead ?? parseHead(buffer) else { return .failure(.connectionLost) }
    var payload = Data(buffer[(buffer.startIndex + h.bodyStart)...])
    if h.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
      guard let decoded = dechunk(payload) else { return .failure(.connectionLost) }
      payload = decoded
    } else if let length = h.headers["content-length"].flatMap(Int.init) {
      guard payload.count >= length else { return .failure(.connectionLost) }
      payload = payload.prefix(length)
    }
    return .success(HTTPResponse(status: h.status, headers: h.headers, body: payload))
  }

  private static func connect(host: String, port: Int, timeout: Double) -> Result<Int32, TransportError> {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    #if canImport(Glibc)
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #else
    hints.ai_socktype = SOCK_STREAM
    #endif
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
      return .failure(.other("cannot resolve \(host)"))
    }
    defer { freeaddrinfo(list) }
    var refused = false
    var info: UnsafeMutablePointer<addrinfo>? = first
    while let entry = info {
      info = entry.pointee.ai_next
      let fd = socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
      if fd < 0 { continue }
      // Whole-exchange timeouts for connect, send and each recv.
      var limit = timeval(tv_sec: .init(timeout), tv_usec: .init((timeout - Double(Int(timeout))) * 1e6))
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
      var one: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
      if systemConnect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 { return .success(fd) }
      let error = errno
      close(fd)
      if error == EINPROGRESS || error == EAGAIN || error == ETIMEDOUT { return .failure(.timedOut) }
      if error == ECONNREFUSED { refused = true }
    }
    return .failure(refused ? .connectionRefused : .other("cannot connect to \(host):\(port)"))
  }

  private static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = systemSend(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
  }

  /// Status, lower-cased headers and the body's offset, once the head is complete.
  static func parseHead(_ buffer: Data) -> (status: Int, headers: [String: String], bodyStart: Int)? {
    guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let text = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
    var lines = text.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst().split(separator: " ")
    guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return (status, headers, end.upperBound - buffer.startIndex)
  }

  /// Decodes a chunked body; nil if it is cut short.
  static func dechunk(_ data: Data) -> Data? {
    var output = Data()
    var index = data.startIndex
    let crlf = Data("\r\n".utf8)
    while true {
      guard let lineEnd = data.range(of: crlf, in: index..<data.endIndex) else { return nil }
      let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
        .split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
      guard let size = Int(sizeText, radix: 16) else { return nil }
      index = lineEnd.upperBound
      if size == 0 { return output }
      guard data.distance(from: index, to: data.endIndex) >= size + 2 else { return nil }
      let end = data.index(index, offsetBy: size)
      output.append(data[index..<end])
      index = data.index(end, offsetBy: 2)
    }
  }
}

#if canImport(Glibc)
private let systemConnect = Glibc.connect
private let systemSend = Glibc.send
#else
private let systemConnect = Darwin.connect
private let systemSend = Darwin.send
#endif
