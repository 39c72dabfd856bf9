/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-mixed, fully specified generator, so a
/// seed gives the same numbers on every platform. Not for cryptography. The tools use it for
/// random actions, the trainer for sampling and shuffling, the scripted teachers for their noise.
public struct SplitMix64: RandomNumberGenerator, Codable, Sendable, Equatable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
