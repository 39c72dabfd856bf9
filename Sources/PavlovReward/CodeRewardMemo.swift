import Foundation

/// The rewards of inputs already evaluated, keyed by the input's bytes, found without
/// allocating: a 64-bit hash picks the entry and the stored bytes are compared, so a hash
/// collision is never taken for a hit (the colliding input is evaluated, not kept). A lookup
/// costs a hash of the bytes and one comparison, far below a call into the sandbox.
struct CodeRewardMemo {
  let width: Int
  let capacity: Int
  private var index: [UInt64: Int] = [:]
  private var bytes: [UInt8] = []
  private var values: [Float] = []

  init(width: Int, capacity: Int) {
    self.width = width
    self.capacity = capacity
  }

  var count: Int { values.count }

  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    // FNV-1a over 8-byte words, then a final mix; the tail byte by byte.
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    let words = key.count / 8
    for w in 0..<words {
      h = (h ^ key.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self)) &* 0x0000_0100_0000_01B3
    }
    for i in (8 * words)..<key.count { h = (h ^ UInt64(key[i])) &* 0x0000_0100_0000_01B3 }
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    return h ^ (h >> 33)
  }

  func value(for key: UnsafeRawBufferPointer, hash: UInt64) -> Float? {
    guard let slot = index[hash] else { return nil }
    let same = bytes.withUnsafeBytes { stored in
      memcmp(stored.baseAddress! + slot * width, key.baseAddress!, width) == 0
    }
    return same ? values[slot] : nil
  }

  /// Keeps `value` unless another input holds the hash; past `capacity` the memo starts afresh.
  mutating func insert(_ value: Float, for key: UnsafeRawBufferPointer, hash: UInt64) {
    guard index[hash] == nil else { return }
    if values.count >= capacity {
      index.removeAll(keepingCapacity: true)
      bytes.removeAll(keepingCapacity: true)
      values.removeAll(keepingCapacity: true)
    }
    index[hash] = values.count
    bytes.append(contentsOf: key)
    values.append(value)
  }
}
