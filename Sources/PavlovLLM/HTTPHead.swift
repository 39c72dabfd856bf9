import Foundation

/// A response's status line and headers, parsed from the bytes before the blank line.
struct HTTPHead {
  var status: Int
  /// Names lower-cased; a repeated header's values joined with ", " (RFC 9110 section 5.3).
  var headers: [String: String]

  init(parsing bytes: ArraySlice<UInt8>) throws(TransportError) {
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.components(separatedBy: "\r\n")
    status = try Self.status(lines[0])
    headers = [:]
    for line in lines.dropFirst() {
      // Lines without a colon (obsolete folding, stray text) carry nothing this client reads.
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      headers[name] = headers[name].map { $0 + ", " + value } ?? value
    }
  }

  /// The code from "HTTP/1.x NNN reason": exactly three digits, 100 to 599.
  static func status(_ line: String) throws(TransportError) -> Int {
    let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
    let shown = HTTPResponseReader.printable(line.utf8.prefix(80))
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].utf8.count == 3,
          parts[1].utf8.allSatisfy({ (48...57).contains($0) }), let code = Int(parts[1]), (100...599).contains(code)
    else {
      throw .malformed("the status line '\(shown)' is not 'HTTP/1.x NNN reason'")
    }
    return code
  }
}
