internal import CSim

/// A failure reported by the simulation core, or by the Swift layer before it calls the core.
///
/// Each case carries the core's message, which says what was wrong and what is allowed
/// (an unknown id lists the valid ids; a bad action names the env index and the value).
public enum SimulationError: Error, Equatable, Sendable {
  /// No environment has that id. The message lists the valid ids.
  case unknownEnvironment(String)
  /// A count, option, index or range outside what is allowed, or a call out of order
  /// (for example stepping before the first reset).
  case invalidArgument(String)
  /// A required buffer was missing.
  case missingBuffer(String)
  /// A buffer is shorter than the call needs.
  case bufferTooSmall(String)
  /// An action out of range or not finite. Nothing was stepped.
  case invalidAction(String)
  /// Allocation failed while creating environments.
  case outOfMemory(String)
  /// A bug in the core; the message should be reported.
  case internalError(String)
  /// The environment needs an optional part that is not installed (NetHack's engine). The
  /// message names it and the command that installs it.
  case unavailable(String)
  /// The core library was built from another version of the C header than this module.
  case abiMismatch(expected: Int, found: Int)

  /// The explanation, without the kind of failure.
  public var message: String {
    switch self {
    case .unknownEnvironment(let m), .invalidArgument(let m), .missingBuffer(let m),
      .bufferTooSmall(let m), .invalidAction(let m), .outOfMemory(let m), .internalError(let m),
      .unavailable(let m):
      return m
    case .abiMismatch(let expected, let found):
      return "the CSim library has ABI version \(found) but PavlovSim was built against version "
        + "\(expected); rebuild both from the same checkout"
    }
  }

  /// Maps a non-OK status from the core. `message` is the core's text; an empty one is
  /// replaced by the status name so an error never prints as blank.
  init(status: CSimStatus, message: String) {
    let text = message.isEmpty ? String(cString: csim_status_name(status)) : message
    switch status {
    case CSIM_ERROR_UNKNOWN_ENV: self = .unknownEnvironment(text)
    case CSIM_ERROR_INVALID_ARGUMENT: self = .invalidArgument(text)
    case CSIM_ERROR_NULL_POINTER: self = .missingBuffer(text)
    case CSIM_ERROR_BUFFER_TOO_SMALL: self = .bufferTooSmall(text)
    case CSIM_ERROR_INVALID_ACTION: self = .invalidAction(text)
    case CSIM_ERROR_OUT_OF_MEMORY: self = .outOfMemory(text)
    case CSIM_ERROR_UNAVAILABLE: self = .unavailable(text)
    default: self = .internalError("status \(status.rawValue): \(text)")
    }
  }
}

extension SimulationError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .unknownEnvironment: return message  // the core's text already says so and lists the ids
    case .invalidArgument: return "invalid argument: \(message)"
    case .missingBuffer: return "missing buffer: \(message)"
    case .bufferTooSmall: return "buffer too small: \(message)"
    case .invalidAction: return "invalid action: \(message)"
    case .outOfMemory: return "out of memory: \(message)"
    case .internalError: return "internal error in CSim (please report): \(message)"
    case .unavailable: return "unavailable: \(message)"
    case .abiMismatch: return "ABI mismatch: \(message)"
    }
  }
}
