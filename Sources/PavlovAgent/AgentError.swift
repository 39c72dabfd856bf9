/// Why the policy could not run; the text says what was wrong and what is allowed.
public enum AgentError: Error, Equatable, CustomStringConvertible {
  case invalidArgument(String)
  case environment(String)
  /// The language model's server failed (after the client's retries).
  case llm(String)

  public var description: String {
    switch self {
    case .invalidArgument(let text), .environment(let text), .llm(let text): return text
    }
  }
}
