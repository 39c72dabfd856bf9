import Foundation
import PavlovSim

/// The trainer's own random numbers (PavlovSim's SplitMix64): fully specified, so a seed gives the same
/// run on every platform, and cheap enough to draw one number per env per step.
struct RandomStream: Codable, Sendable, Equatable {
  private var base: SplitMix64

  /// Streams of one seed are independent (the trainer's sampling, evaluation, collection).
  init(seed: UInt64, stream: UInt64) {
    base = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 0x632B_E59B_D9B4_E019))
  }

  mutating func next() -> UInt64 { base.next() }

  // Checkpoints store the bare state, {"state": …}, as before the generator moved to PavlovSim.
  private enum CodingKeys: String, CodingKey { case state }
  init(from decoder: any Decoder) throws {
    base = SplitMix64(seed: try decoder.container(keyedBy: CodingKeys.self).decode(UInt64.self, forKey: .state))
  }
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(base.state, forKey: .state)
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
