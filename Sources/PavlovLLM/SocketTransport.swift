import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP/1.1 over a plain TCP socket, one connection per request (`Connection: close`),
/// blocking I/O on a thread of its own so that waiting for a slow model costs no CPU and
/// never blocks Swift's cooperative pool. The response is read by `HTTPResponseReader`
/// (Content-Length, chunked, or until close), whose checks keep a broken server from
/// trapping the process or filling its memory.
struct SocketTransport: HTTPTransport {
  /// 64 MiB: a chat answer is a few KiB, a large batch of embeddings a few MiB.
  static let defaultMaxBodyBytes = 64 << 20

  /// The largest body accepted; reading stops as soon as a response would exceed it.
  var maxBodyBytes = defaultMaxBodyBytes

  func send(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async
    -> Result<HTTPResponse, TransportError>
  {
    await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: exchange(method: method, url: url, headers: headers, body: body,
                                                timeout: timeout))
      }
      thread.start()
    }
  }

  /// One request and its response, all within `timeout` seconds (connect, send and receive
  /// together: a server that trickles bytes cannot stretch it).
  func exchange(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double)
    -> Result<HTTPResponse, TransportError>
  {
    guard let host = url.host else { return .failure(.other("no host in \(url.absoluteString)")) }
    let port = url.port ?? 80
    let deadline = Deadline(after: timeout)
    let fd: Int32
    switch connect(host: host, port: port, deadline: deadline) {
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
    if let error = writeAll(fd, Data(head.utf8) + (body ?? Data()), deadline: deadline) { return .failure(error) }
    return readResponse(fd, deadline: deadline)
  }

  private func readResponse(_ fd: Int32, deadline: Deadline) -> Result<HTTPResponse, TransportError> {
    var reader = HTTPResponseReader(maxBodyBytes: maxBodyBytes)
    var chunk = [UInt8](repeating: 0, count: 65536)
    while !reader.isComplete {
      if let error = Self.wait(fd, for: Int16(POLLIN), deadline: deadline) { return .failure(error) }
      let n = recv(fd, &chunk, chunk.count, 0)
      if n < 0 {
        if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
        return .failure(.connectionLost)
      }
      if n == 0 { return reader.finish() }
      do {
        try reader.consume(chunk[0..<n])
      } catch {
        return .failure(error)
      }
    }
    return .success(reader.response)
  }

  /// Blocks until `fd` is ready for `events` or the deadline passes (then `.timedOut`).
  private static func wait(_ fd: Int32, for events: Int16, deadline: Deadline) -> TransportError? {
    while true {
      let milliseconds = deadline.remainingMilliseconds
      if milliseconds == 0 { return .timedOut }
      var entry = pollfd(fd: fd, events: events, revents: 0)
      let ready = poll(&entry, 1, milliseconds)
      if ready > 0 { return nil }  // readable, writable, or hung up: recv/send tell which
      if ready == 0 { return .timedOut }
      if errno != EINTR { return .connectionLost }
    }
  }

  private func connect(host: String, port: Int, deadline: Deadline) -> Result<Int32, TransportError> {
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
      if deadline.hasPassed { return .failure(.timedOut) }
      let fd = socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
      if fd < 0 { continue }
      // A blocking connect gives up after SO_SNDTIMEO; receiving and sending wait in poll.
      var limit = deadline.remainingTimeval
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

  private func writeAll(_ fd: Int32, _ data: Data, deadline: Deadline) -> TransportError? {
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        if let error = Self.wait(fd, for: Int16(POLLOUT), deadline: deadline) { return error }
        let n = systemSend(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        if n < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
        if n <= 0 { return .connectionLost }
        offset += n
      }
      return nil
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
