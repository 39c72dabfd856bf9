/// Why the policy could not run; the text says what was wrong and what is allowed.
public enum AgentError: Error, Equatable, CustomStringConvertible {
  case invalidArgument(String)
  case environment(String)

  public var description: String {
    switch self {
    case .invalidArgument(let text), .environment(let text): return text
    }
  }
}
