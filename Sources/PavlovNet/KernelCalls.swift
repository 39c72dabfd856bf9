internal import CNet

// What every call into CNet shares: its status as a thrown error, the one-time ABI check, and
// the narrowing of Swift sizes to the header's integer types.

/// Turns a kernel status into a thrown error carrying the kernel's message from this thread.
@inline(__always)
func check(_ status: CNetStatus) throws(LearnError) {
  if status != CNET_OK { throw LearnError(status: status, message: String(cString: cnet_last_error())) }
}

/// Checks once per process that the linked kernels match the header this module was built with.
enum KernelLibrary {
  private static let compatibility: LearnError? = {
    let found = Int(cnet_abi_version()), expected = Int(CNET_ABI_VERSION)
    return found == expected ? nil : .abiMismatch(expected: expected, found: found)
  }()

  static func checkCompatibility() throws(LearnError) {
    if let error = compatibility { throw error }
  }
}

/// Lengths cross the C boundary as Int64 element counts.
extension Optional {
  @inline(__always)
  func elementCount<T>() -> Int64 where Wrapped == UnsafeBufferPointer<T> { Int64(self?.count ?? 0) }
}

@inline(__always)
func int32(_ value: Int, _ name: String) throws(LearnError) -> Int32 {
  guard let narrowed = Int32(exactly: value) else {
    throw .invalidArgument("\(name) = \(value) does not fit in 32 bits")
  }
  return narrowed
}
