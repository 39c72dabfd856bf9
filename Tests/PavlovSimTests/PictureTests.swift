import XCTest
@testable import PavlovSim

final class PictureTests: XCTestCase {
  func testArmPicturesAndAnAnimatedGIFThatDecodesBack() throws {
    let vec = try VecEnv(id: "arm/drawer-open", count: 2, seed: 4, options: .init(threadCount: 1))
    XCTAssertThrowsError(try vec.renderRGB(of: 0..<1, width: 32, height: 32), "needs a reset")
    try vec.reset()
    var gif = AnimatedGIF(width: 48, height: 32, centisecondsPerFrame: 5)
    var frames: [[UInt8]] = []
    for _ in 0..<3 {
      try vec.step(try vec.expertActions())
      let pixels = try vec.renderRGB(of: 0..<2, width: 48, height: 32)
      XCTAssertEqual(pixels.count, 2 * 48 * 32 * 3)
      let first = Array(pixels[0..<(48 * 32 * 3)])
      gif.append(rgb: first)
      frames.append(first)
    }
    let data = gif.data
    XCTAssertEqual(Array(data.prefix(6)), Array("GIF89a".utf8))
    XCTAssertEqual(data.last, 0x3B)
    XCTAssertEqual(gif.frameCount, 3)
    let decoded = try XCTUnwrap(decodeGIFFrames(data))
    XCTAssertEqual(decoded.count, 3)
    // Every pixel decodes to the palette colour nearest its original (6 levels per channel).
    for (frame, original) in zip(decoded, frames) {
      XCTAssertEqual(frame.count, 48 * 32)
      for (i, index) in frame.enumerated() {
        let level = { (c: UInt8) in (Int(c) * 5 + 127) / 255 }
        let expected = level(original[3 * i]) * 36 + level(original[3 * i + 1]) * 6 + level(original[3 * i + 2])
        XCTAssertEqual(Int(index), expected)
      }
    }
    let grid = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1)
    try grid.reset()
    XCTAssertThrowsError(try grid.renderRGB(of: 0..<1, width: 32, height: 32))
  }

  func testLongFramesOverflowTheLZWTableAndStillDecode() throws {
    // Noise fills the 4096-entry table quickly, so clear codes are exercised.
    var gif = AnimatedGIF(width: 120, height: 100)
    var state: UInt32 = 1
    let rgb = (0..<(120 * 100 * 3)).map { _ -> UInt8 in
      state = state &* 1_664_525 &+ 1_013_904_223
      return UInt8(truncatingIfNeeded: state >> 24)
    }
    gif.append(rgb: rgb)
    let decoded = try XCTUnwrap(decodeGIFFrames(gif.data))
    XCTAssertEqual(decoded.first?.count, 120 * 100)
  }
}

/// A minimal GIF decoder for the tests: the frames' palette indices (global palette, 8-bit LZW).
func decodeGIFFrames(_ data: [UInt8]) -> [[UInt8]]? {
  guard data.count > 13 + 768 else { return nil }
  var at = 13 + 768
  var frames: [[UInt8]] = []
  while at < data.count {
    switch data[at] {
    case 0x21:  // extension: skip its sub-blocks
      at += 2
      while at < data.count, data[at] != 0 { at += Int(data[at]) + 1 }
      at += 1
    case 0x2C:
      let width = Int(data[at + 5]) | Int(data[at + 6]) << 8
      let height = Int(data[at + 7]) | Int(data[at + 8]) << 8
      at += 10
      let minimum = Int(data[at])
      at += 1
      var stream: [UInt8] = []
      while at < data.count, data[at] != 0 {
        stream += data[(at + 1)..<(at + 1 + Int(data[at]))]
        at += Int(data[at]) + 1
      }
      at += 1
      guard let pixels = lzwDecode(stream, minimum: minimum), pixels.count == width * height else { return nil }
      frames.append(pixels)
    case 0x3B:
      return frames
    default:
      return nil
    }
  }
  return nil
}

private func lzwDecode(_ stream: [UInt8], minimum: Int) -> [UInt8]? {
  let clear = 1 << minimum, end = clear + 1
  var table: [[UInt8]] = []
  var codeSize = minimum + 1
  var previous: [UInt8]? = nil
  var out: [UInt8] = []
  var bit = 0
  func reset() {
    table = (0..<clear).map { [UInt8($0)] } + [[], []]
    codeSize = minimum + 1
    previous = nil
  }
  reset()
  while bit + codeSize <= stream.count * 8 {
    var code = 0
    for k in 0..<codeSize where stream[(bit + k) / 8] & (1 << ((bit + k) % 8)) != 0 { code |= 1 << k }
    bit += codeSize
    if code == clear { reset(); continue }
    if code == end { return out }
    var entry: [UInt8]
    if code < table.count {
      entry = table[code]
      if let p = previous { table.append(p + [entry[0]]) }
    } else if let p = previous, code == table.count {
      entry = p + [p[0]]
      table.append(entry)
    } else {
      return nil
    }
    out += entry
    previous = entry
    if table.count == 1 << codeSize, codeSize < 12 { codeSize += 1 }
  }
  return nil
}
