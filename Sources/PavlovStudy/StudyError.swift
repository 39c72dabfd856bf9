/// Why a study was refused or stopped: each message says what was wrong and what is allowed.
public enum StudyError: Error, CustomStringConvertible, Equatable {
  case invalidPlan(String)
  /// study.json holds another plan; `field` names the first difference.
  case planMismatch(field: String, saved: String, requested: String)
  case io(String)

  public var description: String {
    switch self {
    case .invalidPlan(let message): return message
    case .planMismatch(let field, let saved, let requested):
      return "the study directory holds another plan: \(field) is \(saved) there, \(requested) now; "
        + "rerun with the same settings to continue it, or choose another --out"
    case .io(let message): return message
    }
  }
}
