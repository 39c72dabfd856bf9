extension UnsafeMutableBufferPointer where Element == Float {
  /// `count` zeros starting on a 64-byte boundary (a cache line); free with `deallocate()`.
  ///
  /// The one-hot kernels read and write table rows 64 bytes at a time with AVX-512: rows that
  /// straddle two cache lines cost two accesses each (measured: the one-hot sum at batch 512 took
  /// 165 µs from a 16-byte-aligned table, 85 µs from a 64-byte-aligned one).
  package static func allocateCacheAligned(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Float>.stride,
                                               alignment: 64)
    let floats = raw.initializeMemory(as: Float.self, repeating: 0, count: Swift.max(count, 1))
    return UnsafeMutableBufferPointer(start: floats, count: count)
  }
}
