/// Raw DEFLATE (RFC 1951) in one final block with the fixed Huffman codes, after a greedy LZ77
/// pass (hash of the next three bytes, a bounded chain of earlier positions, 32 KiB window).
///
/// Fixed codes need no code tables in the stream and no tree building, which keeps this small;
/// for rendered frames (long flat runs after PNG's Up filter) matches carry nearly all the
/// gain, so dynamic codes would add little.
enum Deflate {
  static func compress(_ input: [UInt8]) -> [UInt8] {
    var writer = BitWriter()
    writer.write(1, count: 1)  // BFINAL
    writer.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
    let n = input.count
    var head = [Int32](repeating: -1, count: hashSize)
    var previous = [Int32](repeating: -1, count: n)
    var position = 0
    func insert(_ at: Int) {
      guard at + 2 < n else { return }
      let h = hash(input[at], input[at + 1], input[at + 2])
      previous[at] = head[h]
      head[h] = Int32(at)
    }
    while position < n {
      var bestLength = 0, bestDistance = 0
      if position + 2 < n {
        var candidate = Int(head[hash(input[position], input[position + 1], input[position + 2])])
        var chain = 0
        let limit = min(maxMatch, n - position)
        while candidate >= 0, position - candidate <= windowSize, chain < maxChain {
          var length = 0
          while length < limit, input[candidate + length] == input[position + length] { length += 1 }
          if length > bestLength {
            bestLength = length
            bestDistance = position - candidate
            if length == limit { break }
          }
          candidate = Int(previous[candidate])
          chain += 1
        }
      }
      if bestLength >= 3 {
        writeLength(bestLength, to: &writer)
        writeDistance(bestDistance, to: &writer)
        for at in position..<position + bestLength { insert(at) }
        position += bestLength
      } else {
        writeLiteral(Int(input[position]), to: &writer)
        insert(position)
        position += 1
      }
    }
    writeLiteral(256, to: &writer)  // end of block
    return writer.finish()
  }

  private static let hashSize = 1 << 15
  private static let windowSize = 32768
  private static let maxMatch = 258
  private static let maxChain = 32

  private static func hash(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let key = (UInt32(a) << 16) | (UInt32(b) << 8) | UInt32(c)
    return Int((key &* 2_654_435_761) >> 17) & (hashSize - 1)
  }

  /// A literal/length symbol in the fixed code (RFC 1951, 3.2.6).
  private static func writeLiteral(_ symbol: Int, to writer: inout BitWriter) {
    switch symbol {
    case 0...143: writer.writeCode(0x30 + symbol, length: 8)
    case 144...255: writer.writeCode(0x190 + symbol - 144, length: 9)
    case 256...279: writer.writeCode(symbol - 256, length: 7)
    default: writer.writeCode(0xC0 + symbol - 280, length: 8)
    }
  }

  private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                   115, 131, 163, 195, 227, 258]
  private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                     1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
  private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                      12, 12, 13, 13]

  private static func writeLength(_ length: Int, to writer: inout BitWriter) {
    var code = lengthBase.count - 1
    while lengthBase[code] > length { code -= 1 }
    writeLiteral(257 + code, to: &writer)
    writer.write(UInt32(length - lengthBase[code]), count: lengthExtra[code])
  }

  private static func writeDistance(_ distance: Int, to writer: inout BitWriter) {
    var code = distanceBase.count - 1
    while distanceBase[code] > distance { code -= 1 }
    writer.writeCode(code, length: 5)
    writer.write(UInt32(distance - distanceBase[code]), count: distanceExtra[code])
  }
}

/// Bits packed from each byte's least significant end, as DEFLATE stores them.
private struct BitWriter {
  private(set) var bytes: [UInt8] = []
  private var buffer: UInt64 = 0
  private var filled = 0

  /// Extra bits and header fields: the value's low bit first.
  mutating func write(_ value: UInt32, count: Int) {
    guard count > 0 else { return }
    buffer |= UInt64(value & ((1 << UInt32(count)) - 1)) << UInt64(filled)
    filled += count
    while filled >= 8 {
      bytes.append(UInt8(buffer & 0xFF))
      buffer >>= 8
      filled -= 8
    }
  }

  /// Huffman codes go most significant bit first, so they are reversed into the LSB-first stream.
  mutating func writeCode(_ code: Int, length: Int) {
    var reversed: UInt32 = 0
    for bit in 0..<length { reversed |= UInt32((code >> bit) & 1) << UInt32(length - 1 - bit) }
    write(reversed, count: length)
  }

  mutating func finish() -> [UInt8] {
    if filled > 0 { bytes.append(UInt8(buffer & 0xFF)) }
    buffer = 0
    filled = 0
    return bytes
  }
}
