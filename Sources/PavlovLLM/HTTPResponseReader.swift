import Foundation

/// Reads one HTTP/1.1 response as its bytes arrive, trusting nothing the server sends: every
/// length is checked before it is used, the head and each framing line have a size limit,
/// and the body stops at `maxBodyBytes`, so a broken or hostile server costs bounded memory
/// and gets an error that says what it did wrong.
struct HTTPResponseReader {
  /// The status line and headers together (llama.cpp and vLLM send well under 1 KiB).
  static let maxHeadBytes = 64 << 10
  /// One chunk-size line with its extensions, or one trailer line.
  static let maxLineBytes = 8 << 10

  private enum State {
    case head
    case fixed(remaining: Int)
    case untilClose
    case chunkSize
    case chunkData(remaining: Int)
    case chunkDataEnd
    case trailers(bytes: Int)
    case done
  }

  let maxBodyBytes: Int
  private var state = State.head
  /// Received bytes not consumed yet, from `cursor` on.
  private var pending: [UInt8] = []
  private var cursor = 0
  /// Where the search for the end of the head resumes (never rescans: an endless head stays linear).
  private var headScan = 0
  private var status = 0
  private var headers: [String: String] = [:]
  private var body = Data()
  private var expectedLength = 0

  init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

  /// True once the whole response has arrived: the caller stops reading.
  var isComplete: Bool {
    if case .done = state { return true }
    return false
  }

  /// The response (valid once `isComplete`).
  var response: HTTPResponse { HTTPResponse(status: status, headers: headers, body: body) }

  mutating func consume(_ bytes: ArraySlice<UInt8>) throws(TransportError) {
    if cursor > 0, cursor >= pending.count / 2 {
      pending.removeSubrange(0..<cursor)
      headScan -= cursor
      cursor = 0
    }
    pending.append(contentsOf: bytes)
    while try advance() {}
  }

  /// The connection closed: the response, if what came so far is a whole one.
  mutating func finish() -> Result<HTTPResponse, TransportError> {
    switch state {
    case .done, .untilClose, .trailers:
      return .success(response)
    case .head:
      return .failure(.truncated(pending.count == cursor
        ? "the server closed the connection without answering"
        : "the connection closed inside the response head after \(pending.count - cursor) bytes"))
    case .fixed:
      return .failure(.truncated("the connection closed after \(body.count) of \(expectedLength) body bytes"))
    case .chunkSize, .chunkData, .chunkDataEnd:
      return .failure(.truncated("the connection closed inside a chunk, after \(body.count) body bytes"))
    }
  }

  private var available: Int { pending.count - cursor }

  /// One step of the state machine; false when it needs more bytes.
  private mutating func advance() throws(TransportError) -> Bool {
    switch state {
    case .done:
      return false  // anything after the response is ignored: the connection closes anyway
    case .head:
      return try readHead()
    case .fixed(let remaining):
      let n = min(remaining, available)
      guard n > 0 else { return false }
      take(n)
      state = remaining == n ? .done : .fixed(remaining: remaining - n)
      return true
    case .untilClose:
      guard available > 0 else { return false }
      guard available <= maxBodyBytes - body.count else {
        throw .tooLarge("the body exceeds the \(maxBodyBytes)-byte response limit")
      }
      take(available)
      return false
    case .chunkSize:
      guard let line = try nextLine(what: "chunk size line") else { return false }
      let size = try Self.chunkSize(line)
      guard size <= maxBodyBytes - body.count else {
        throw .tooLarge("a chunk of \(size) bytes takes the body past the \(maxBodyBytes)-byte response limit")
      }
      state = size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size)
      return true
    case .chunkData(let remaining):
      let n = min(remaining, available)
      guard n > 0 else { return false }
      take(n)
      state = remaining == n ? .chunkDataEnd : .chunkData(remaining: remaining - n)
      return true
    case .chunkDataEnd:
      guard available >= 2 else { return false }
      guard pending[cursor] == 13, pending[cursor + 1] == 10 else {
        throw .malformed("chunk data is not followed by CRLF (the chunk size is wrong)")
      }
      cursor += 2
      state = .chunkSize
      return true
    case .trailers(let bytes):
      guard let line = try nextLine(what: "trailer line") else { return false }
      let total = bytes + line.count + 2
      guard total <= Self.maxHeadBytes else { throw .malformed("the trailers exceed \(Self.maxHeadBytes) bytes") }
      state = line.isEmpty ? .done : .trailers(bytes: total)
      return true
    }
  }

  /// Appends `n` pending bytes to the body.
  private mutating func take(_ n: Int) {
    body.append(contentsOf: pending[cursor..<(cursor + n)])
    cursor += n
  }

  /// The next CRLF-terminated line, without its CRLF; nil until it is complete.
  private mutating func nextLine(what: String) throws(TransportError) -> ArraySlice<UInt8>? {
    var index = cursor
    while index + 1 < pending.count {
      if pending[index] == 13, pending[index + 1] == 10 {
        let line = pending[cursor..<index]
        cursor = index + 2
        return line
      }
      index += 1
    }
    guard available <= Self.maxLineBytes else {
      throw .malformed("a \(what) runs past \(Self.maxLineBytes) bytes without CRLF")
    }
    return nil
  }

  private mutating func readHead() throws(TransportError) -> Bool {
    // Garbage is refused at once rather than after the server closes or the deadline passes.
    let prefix = Array("HTTP/".utf8)
    let seen = min(available, prefix.count)
    guard pending[cursor..<(cursor + seen)].elementsEqual(prefix[0..<seen]) else {
      throw .malformed("the status line is not HTTP: '\(Self.printable(pending[cursor...].prefix(80)))'")
    }
    var index = max(cursor, headScan)
    var end: Int?
    while index + 3 < pending.count {
      if pending[index] == 13, pending[index + 1] == 10, pending[index + 2] == 13, pending[index + 3] == 10 {
        end = index
        break
      }
      index += 1
    }
    guard let end else {
      headScan = max(cursor, pending.count - 3)
      guard available <= Self.maxHeadBytes else {
        throw .malformed("the response head runs past \(Self.maxHeadBytes) bytes without a blank line")
      }
      return false
    }
    guard end - cursor <= Self.maxHeadBytes else {
      throw .malformed("the response head runs past \(Self.maxHeadBytes) bytes")
    }
    let head = try HTTPHead(parsing: pending[cursor..<end])
    cursor = end + 4
    headScan = cursor
    status = head.status
    headers = head.headers
    state = try bodyFraming(head)
    return true
  }

  /// How the body after `head` is delimited (RFC 9112 section 6.3).
  private mutating func bodyFraming(_ head: HTTPHead) throws(TransportError) -> State {
    switch head.status {
    case 101: throw .malformed("the server switched protocols (101), which this client never asks for")
    case 100..<200: return .head  // an interim answer (100 Continue): the real one follows
    case 204, 304: return .done
    default: break
    }
    if let codings = head.headers["transfer-encoding"] {
      let list = codings.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      // Pavlov asks for no compression, so chunked is the only coding it can read.
      guard list == ["chunked"] else {
        let shown = Self.printable(codings.utf8.prefix(80))
        throw .malformed("unsupported Transfer-Encoding '\(shown)'; only chunked is read")
      }
      return .chunkSize
    }
    guard let lengthText = head.headers["content-length"] else { return .untilClose }
    let length = try Self.contentLength(lengthText)
    guard length <= maxBodyBytes else {
      throw .tooLarge("Content-Length \(length) exceeds the \(maxBodyBytes)-byte response limit")
    }
    expectedLength = length
    return length == 0 ? .done : .fixed(remaining: length)
  }

  /// A Content-Length value: digits only; repeated values must agree (RFC 9110 section 8.6).
  static func contentLength(_ text: String) throws(TransportError) -> Int {
    let values = Set(text.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) })
    let shown = printable(text.utf8.prefix(80))
    guard values.count == 1, let value = values.first else {
      throw .malformed("conflicting Content-Length values '\(shown)'")
    }
    guard !value.isEmpty, value.utf8.allSatisfy({ (48...57).contains($0) }) else {
      throw .malformed("Content-Length '\(shown)' is not a non-negative integer")
    }
    guard let length = Int(value) else { throw .malformed("Content-Length '\(shown)' overflows") }
    return length
  }

  /// A chunk-size line: hex digits, then optional ";extensions" (RFC 9112 section 7.1).
  static func chunkSize(_ line: ArraySlice<UInt8>) throws(TransportError) -> Int {
    let text = String(decoding: line.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
      .trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    let shown = printable(line.prefix(80))
    guard !text.isEmpty, text.utf8.allSatisfy({ isHexDigit($0) }) else {
      throw .malformed("chunk size '\(shown)' is not a hexadecimal number")
    }
    guard let size = Int(text, radix: 16) else { throw .malformed("chunk size '\(shown)' overflows") }
    return size
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
  }

  /// Server bytes made safe to quote in an error: control characters and non-ASCII become '?'.
  static func printable<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    String(decoding: bytes.map { (32..<127).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
  }
}
