internal import CSim

/// Checks, once per process, that the linked core matches the header this module was
/// compiled against. A mismatch would make every struct layout suspect, so all entry
/// points that talk to the core call `Library.checkCompatibility()` first.
enum Library {
  private static let compatibility: SimulationError? = {
    let found = Int(csim_abi_version())
    let expected = Int(CSIM_ABI_VERSION)
    return found == expected ? nil : .abiMismatch(expected: expected, found: found)
  }()

  static func checkCompatibility() throws(SimulationError) {
    if let error = compatibility { throw error }
  }

  /// Refuses an id with an embedded NUL. The core reads ids as C strings and would stop at
  /// the NUL, so "Wordle-v0\0anything" would quietly become "Wordle-v0".
  static func checkID(_ id: String) throws(SimulationError) {
    guard let offset = id.utf8.firstIndex(of: 0).map({ id.utf8.distance(from: id.utf8.startIndex, to: $0) }) else {
      return
    }
    throw .invalidArgument(
      "environment id \(id.debugDescription) contains a NUL character at byte \(offset); ids are plain "
        + "text without NULs; valid ids: \(environmentIDs.joined(separator: ", "))")
  }

  /// Ids of every registered environment, in the core's listing order.
  static var environmentIDs: [String] {
    (0..<csim_env_count()).compactMap { index in
      csim_env_id(index).map { String(cString: $0) }
    }
  }
}
