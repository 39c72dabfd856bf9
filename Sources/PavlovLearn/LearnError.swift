internal import CNet

/// A failure reported by the learner kernels, or by the Swift layer before it calls them.
///
/// Each case carries the kernel's message, which names the argument and what was allowed.
public enum LearnError: Error, Equatable, Sendable {
  /// A size, count, option or index outside what is allowed.
  case invalidArgument(String)
  /// A required buffer was missing.
  case missingBuffer(String)
  /// A buffer is shorter than the call needs.
  case bufferTooSmall(String)
  /// A call out of order, for example backward before any forward.
  case invalidState(String)
  /// Allocation failed while creating a network.
  case outOfMemory(String)
  /// A bug in the kernels; the message should be reported.
  case internalError(String)
  /// The CNet library was built from another version of cnet.h than this module.
  case abiMismatch(expected: Int, found: Int)

  /// The explanation, without the kind of failure.
  public var message: String {
    switch self {
    case .invalidArgument(let m), .missingBuffer(let m), .bufferTooSmall(let m), .invalidState(let m),
      .outOfMemory(let m), .internalError(let m):
      return m
    case .abiMismatch(let expected, let found):
      return "the CNet library has ABI version \(found) but PavlovLearn was built against version \(expected)"
    }
  }

  init(status: CNetStatus, message: String) {
    let text = message.isEmpty ? String(cString: cnet_status_name(status)) : message
    switch status {
    case CNET_ERROR_INVALID_ARGUMENT: self = .invalidArgument(text)
    case CNET_ERROR_NULL_POINTER: self = .missingBuffer(text)
    case CNET_ERROR_BUFFER_TOO_SMALL: self = .bufferTooSmall(text)
    case CNET_ERROR_INVALID_STATE: self = .invalidState(text)
    case CNET_ERROR_OUT_OF_MEMORY: self = .outOfMemory(text)
    default: self = .internalError("status \(status.rawValue): \(text)")
    }
  }
}

extension LearnError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .invalidArgument: return "invalid argument: \(message)"
    case .missingBuffer: return "missing buffer: \(message)"
    case .bufferTooSmall: return "buffer too small: \(message)"
    case .invalidState: return "invalid state: \(message)"
    case .outOfMemory: return "out of memory: \(message)"
    case .internalError: return "internal error in CNet (please report): \(message)"
    case .abiMismatch: return "ABI mismatch: \(message)"
    }
  }
}

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
