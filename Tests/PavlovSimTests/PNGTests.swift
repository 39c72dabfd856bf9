import Foundation
import XCTest
@testable import PavlovSim

/// The PNG writer: checksums against published values, and files read back by an independent
/// decoder (Python's zlib, which checks the Adler-32 itself; the chunks' CRCs are checked too).
final class PNGTests: XCTestCase {
  func testChecksumsMatchPublishedValues() {
    XCTAssertEqual(PNGImage.crc32(Array("IEND".utf8)), 0xAE42_6082)  // every PNG's last four bytes
    XCTAssertEqual(PNGImage.crc32(Array("123456789".utf8)), 0xCBF4_3926)  // the CRC-32 check value
    XCTAssertEqual(PNGImage.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
    XCTAssertEqual(PNGImage.adler32([]), 1)
    // Long inputs cross the 5552-byte blocks Adler-32 reduces at.
    let long = (0..<20000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in long {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    XCTAssertEqual(PNGImage.adler32(long), b << 16 | a)
  }

  func testBadSizesAreRefused() {
    XCTAssertThrowsError(try PNGImage.encode(rgb: [1, 2, 3], width: 2, height: 1)) { error in
      XCTAssertTrue("\(error)".contains("has 6 bytes; got 3"), "\(error)")
    }
    XCTAssertThrowsError(try PNGImage.encode(rgb: [], width: 0, height: 4))
  }

  func testFilesDecodeBackWithAnIndependentDecoder() throws {
    var state: UInt32 = 7
    let noise = (0..<(37 * 23 * 3)).map { _ -> UInt8 in
      state = state &* 1_664_525 &+ 1_013_904_223
      return UInt8(truncatingIfNeeded: state >> 24)
    }
    // Flat rows, repeats far apart (long distances), and matches running into the last byte.
    let flat = (0..<(64 * 40 * 3)).map { (i: Int) -> UInt8 in
      let row = i / (3 * 64)
      return row % 4 == 0 ? 200 : UInt8((i % 3) * 60)
    }
    let env = try VecEnv(id: "arm/sweep-into", count: 1, seed: 3, options: .init(threadCount: 1))
    try env.reset()
    let frame = try env.renderRGB(of: 0..<1, width: 48, height: 40)
    let cases: [(rgb: [UInt8], width: Int, height: Int)] = [
      (noise, 37, 23), (flat, 64, 40), (frame, 48, 40), ([9, 8, 7], 1, 1), ([UInt8](repeating: 5, count: 300 * 3), 300, 1),
    ]
    for (rgb, width, height) in cases {
      let png = try PNGImage.encode(rgb: rgb, width: width, height: height)
      XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
      let decoded = try decodeWithPython(png)
      try XCTSkipIf(decoded == nil, "python3 is not installed; the PNG files were not decoded back")
      XCTAssertEqual(decoded?.width, width)
      XCTAssertEqual(decoded?.height, height)
      XCTAssertEqual(decoded?.rgb, rgb, "\(width)x\(height) does not decode to its pixels")
    }
    let png = try PNGImage.encode(rgb: frame, width: 48, height: 40)
    XCTAssertLessThan(png.count, frame.count / 3, "a rendered frame compresses (\(png.count) of \(frame.count) bytes)")
  }

  /// Reads a PNG with Python's zlib and struct: checks each chunk's CRC, inflates IDAT,
  /// undoes the row filters (all five types) and returns the pixels; nil without python3.
  private func decodeWithPython(_ png: [UInt8]) throws -> (width: Int, height: Int, rgb: [UInt8])? {
    let script = """
      import struct, sys, zlib
      data = sys.stdin.buffer.read()
      assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
      at, idat, ihdr = 8, b'', None
      while at < len(data):
          (n,) = struct.unpack('>I', data[at:at + 4]); kind = data[at + 4:at + 8]; body = data[at + 8:at + 8 + n]
          (crc,) = struct.unpack('>I', data[at + 8 + n:at + 12 + n])
          assert zlib.crc32(kind + body) == crc, kind
          if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
          if kind == b'IDAT': idat += body
          at += 12 + n
      w, h, depth, colour, _, _, interlace = ihdr
      assert (depth, colour, interlace) == (8, 2, 0)
      raw, stride, out, prev = zlib.decompress(idat), w * 3, bytearray(), bytearray(w * 3)
      for y in range(h):
          f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
          for i in range(stride):
              a = row[i - 3] if i >= 3 else 0; b = prev[i]; c = prev[i - 3] if i >= 3 else 0
              if f == 1: row[i] = (row[i] + a) & 255
              elif f == 2: row[i] = (row[i] + b) & 255
              elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
              elif f == 4:
                  p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                  row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
          out += row; prev = row
      sys.stdout.buffer.write(struct.pack('>II', w, h) + bytes(out))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch { return nil }
    input.fileHandleForWriting.write(Data(png))
    try input.fileHandleForWriting.close()
    let bytes = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationStatus == 127 { return nil }
    XCTAssertEqual(process.terminationStatus, 0, "the decoder refused the file: \(message)")
    guard bytes.count >= 8 else { return nil }
    let header = [UInt8](bytes.prefix(8))
    let width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }, height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
    return (width, height, [UInt8](bytes.dropFirst(8)))
  }
}
