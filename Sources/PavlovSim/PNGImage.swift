/// A PNG file of one RGB picture (for `VecEnv.renderRGB` frames: files to inspect, and the
/// base64 images a vision model is sent).
///
/// Written here rather than linked: 8-bit truecolour, no interlace, each row filtered by the
/// PNG "Up" filter (flat and vertically repeating regions become zeros), and the zlib stream
/// compressed by `Deflate` (LZ77 with fixed Huffman codes). Every decoder reads that; a
/// rendered 128x128 frame shrinks to a few kilobytes.
public enum PNGImage {
  /// The PNG bytes of `height x width x 3` RGB bytes, row-major, top row first. Sides must be
  /// 1 or more and `rgb` exactly that long.
  public static func encode(rgb: [UInt8], width: Int, height: Int) throws -> [UInt8] {
    guard width >= 1, height >= 1, width <= 1 << 24, height <= 1 << 24 else {
      throw SimulationError.invalidArgument("a PNG's sides must be 1 to 16777216 pixels; got \(width)x\(height)")
    }
    guard rgb.count == width * height * 3 else {
      throw SimulationError.invalidArgument(
        "an RGB picture of \(width)x\(height) has \(width * height * 3) bytes; got \(rgb.count)")
    }
    let stride = width * 3
    var filtered = [UInt8]()
    filtered.reserveCapacity(height * (stride + 1))
    for row in 0..<height {
      filtered.append(row == 0 ? 0 : 2)  // none for the first row, then Up
      let start = row * stride
      if row == 0 {
        filtered += rgb[start..<start + stride]
      } else {
        for i in start..<start + stride { filtered.append(rgb[i] &- rgb[i - stride]) }
      }
    }
    var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header = [UInt8]()
    appendBigEndian(UInt32(width), to: &header)
    appendBigEndian(UInt32(height), to: &header)
    header += [8, 2, 0, 0, 0]  // 8 bits, truecolour, deflate, adaptive filtering, no interlace
    appendChunk("IHDR", header, to: &file)
    appendChunk("IDAT", zlibStream(filtered), to: &file)
    appendChunk("IEND", [], to: &file)
    return file
  }

  /// A zlib stream (RFC 1950) of `bytes`: header, deflate data, Adler-32.
  static func zlibStream(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]  // 32 KiB window, fastest compression; (0x7801) % 31 == 0
    out += Deflate.compress(bytes)
    appendBigEndian(adler32(bytes), to: &out)
    return out
  }

  static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
    appendBigEndian(UInt32(data.count), to: &file)
    let typed = Array(type.utf8) + data
    file += typed
    appendBigEndian(crc32(typed), to: &file)
  }

  static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as PNG chunks and gzip use it.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// Adler-32 (RFC 1950), the zlib stream's checksum.
  public static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    var index = 0
    while index < bytes.count {
      // 5552 bytes is the most that cannot overflow 32 bits before the modulo.
      let end = min(bytes.count, index + 5552)
      for i in index..<end {
        a += UInt32(bytes[i])
        b += a
      }
      a %= 65521
      b %= 65521
      index = end
    }
    return (b << 16) | a
  }
}
