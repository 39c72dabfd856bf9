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
      return "the CNet library has ABI version \(found) but PavlovNet was built against version \(expected)"
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
