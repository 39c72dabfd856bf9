/// An animated GIF built from RGB frames (for `VecEnv.renderRGB` pictures), looping forever.
///
/// Colours are quantised to a fixed 6x6x6 cube plus a ramp of greys (no per-frame palette, so
/// frames encode independently and fast); pixels are LZW-compressed as GIF89a requires.
public struct AnimatedGIF: Sendable {
  public let width: Int
  public let height: Int
  /// How long each frame shows, in hundredths of a second.
  public let centisecondsPerFrame: Int
  /// The file's bytes so far; `data` adds the trailer.
  private var bytes: [UInt8] = []
  public private(set) var frameCount = 0

  public init(width: Int, height: Int, centisecondsPerFrame: Int = 4) {
    precondition((1...65535).contains(width) && (1...65535).contains(height), "GIF sides are 1...65535")
    self.width = width
    self.height = height
    self.centisecondsPerFrame = max(1, min(65535, centisecondsPerFrame))
    bytes += Array("GIF89a".utf8)
    append16(width)
    append16(height)
    bytes += [0xF7, 0, 0]  // a global table of 256 colours, background 0, square pixels
    for index in 0..<256 { bytes += Self.paletteColour(index) }
    // The NETSCAPE2.0 extension: loop forever.
    bytes += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
  }

  /// Adds one frame of `height x width x 3` RGB bytes, row-major, top row first.
  public mutating func append<C: Collection>(rgb: C) where C.Element == UInt8 {
    precondition(rgb.count == width * height * 3, "a frame is width x height x 3 bytes")
    var indices = [UInt8]()
    indices.reserveCapacity(width * height)
    var iterator = rgb.makeIterator()
    while let r = iterator.next(), let g = iterator.next(), let b = iterator.next() {
      indices.append(Self.paletteIndex(r, g, b))
    }
    bytes += [0x21, 0xF9, 0x04, 0x04]  // graphic control: dispose by leaving the frame in place
    append16(centisecondsPerFrame)
    bytes += [0x00, 0x00]
    bytes += [0x2C, 0, 0, 0, 0]  // image descriptor at (0, 0)
    append16(width)
    append16(height)
    bytes += [0x00, 8]  // no local table; LZW minimum code size 8
    let compressed = Self.lzw(indices)
    var start = 0
    while start < compressed.count {
      let end = min(start + 255, compressed.count)
      bytes.append(UInt8(end - start))
      bytes += compressed[start..<end]
      start = end
    }
    bytes.append(0)
    frameCount += 1
  }

  /// The complete file.
  public var data: [UInt8] { bytes + [0x3B] }

  private mutating func append16(_ value: Int) {
    bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
  }

  /// Indices 0..<216 are the colour cube (6 levels per channel), 216..<256 greys.
  private static func paletteColour(_ index: Int) -> [UInt8] {
    if index < 216 {
      return [index / 36, (index / 6) % 6, index % 6].map { UInt8($0 * 51) }
    }
    let grey = UInt8((index - 216) * 255 / 39)
    return [grey, grey, grey]
  }

  private static func paletteIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
    let level = { (c: UInt8) in (Int(c) * 5 + 127) / 255 }
    return UInt8(level(r) * 36 + level(g) * 6 + level(b))
  }

  /// GIF's variable-width LZW over 8-bit indices: codes from 9 to 12 bits, least significant
  /// bit first, a clear code whenever the table fills.
  private static func lzw(_ indices: [UInt8]) -> [UInt8] {
    let clear = 256, end = 257
    var out = [UInt8]()
    var buffer = 0, bitCount = 0, codeSize = 9, lastCode = end
    var table = [Int: Int]()
    func emit(_ code: Int) {
      buffer |= code << bitCount
      bitCount += codeSize
      while bitCount >= 8 {
        out.append(UInt8(buffer & 0xFF))
        buffer >>= 8
        bitCount -= 8
      }
    }
    emit(clear)
    var current = -1
    for index in indices {
      let byte = Int(index)
      if current < 0 {
        current = byte
        continue
      }
      if let code = table[current << 8 | byte] {
        current = code
        continue
      }
      emit(current)
      lastCode += 1
      table[current << 8 | byte] = lastCode
      if lastCode >= 1 << codeSize { codeSize += 1 }
      if lastCode == 4095 {
        emit(clear)
        table.removeAll(keepingCapacity: true)
        codeSize = 9
        lastCode = end
      }
      current = byte
    }
    if current >= 0 { emit(current) }
    emit(end)
    if bitCount > 0 { out.append(UInt8(buffer & 0xFF)) }
    return out
  }
}
