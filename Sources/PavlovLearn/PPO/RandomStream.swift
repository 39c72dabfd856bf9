import Foundation

/// The trainer's own random numbers (SplitMix64): fully specified, so a seed gives the same
/// run on every platform, and cheap enough to draw one number per env per step.
struct RandomStream: Codable, Sendable, Equatable {
  private(set) var state: UInt64

  init(seed: UInt64, stream: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 0x632B_E59B_D9B4_E019) }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1) with 24 random bits (exactly representable as Float).
  mutating func unitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

  /// Standard normal (Box–Muller; the second value of the pair is dropped for simplicity).
  mutating func normal() -> Float {
    let u1 = (Double(next() >> 11) + 1) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }

  /// Uniform in 0..<bound (bound > 0), by Lemire's multiply-shift (bias < 2^-32 here).
  mutating func below(_ bound: Int) -> Int {
    Int((UInt64(UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(bound)) >> 32)
  }

  /// Fisher–Yates shuffle of `buffer` in place.
  mutating func shuffle(_ buffer: UnsafeMutableBufferPointer<Int32>) {
    guard buffer.count > 1 else { return }
    for i in stride(from: buffer.count - 1, to: 0, by: -1) {
      buffer.swapAt(i, below(i + 1))
    }
  }
}
