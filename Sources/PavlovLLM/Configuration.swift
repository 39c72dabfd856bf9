import Foundation

/// Where and how to reach an OpenAI-compatible server (llama.cpp, vLLM, Ollama, hosted APIs).
///
/// The API key is read from the environment only and kept in a `Secret`, whose description
/// is redacted: it never reaches a log line, an error message, the cache or any file.
public struct LLMConfiguration: Sendable, CustomStringConvertible {
  /// The API root, ending in /v1 (e.g. http://127.0.0.1:8080/v1).
  public var baseURL: URL
  /// The model name sent with every request.
  public var model: String
  public var apiKey: Secret?
  /// Seconds before one request is abandoned (then retried), within `timeoutRange`.
  public var timeout: TimeInterval = 120
  /// The timeouts accepted: at least a second, at most a day.
  public static let timeoutRange: ClosedRange<TimeInterval> = 1...86400
  /// Retries after a 429, a 5xx, a timeout or a connection error.
  public var maxRetries = 4
  /// First backoff in seconds; doubled on every retry (with jitter), or the server's Retry-After.
  public var initialBackoff: TimeInterval = 0.5
  /// Requests in flight at once.
  public var maxConcurrentRequests = 4
  /// The model's parameter count, for the FLOP estimate (else asked of the server).
  public var parameterCount: Double?
  /// The largest response body accepted, in bytes: reading stops as soon as an answer
  /// passes it, so a broken or hostile server cannot fill the memory.
  public var maxResponseBytes = 64 << 20
  /// The persistent response cache (SQLite); nil for none.
  public var cachePath: String?

  /// Environment variables read by `fromEnvironment`.
  public static let urlVariable = "PAVLOV_LLM_URL"
  public static let modelVariable = "PAVLOV_LLM_MODEL"
  public static let apiKeyVariable = "PAVLOV_LLM_API_KEY"
  /// The local llama.cpp server that `pavlov llm serve` starts.
  public static let defaultURL = "http://127.0.0.1:8080/v1"
  public static let defaultModel = "smollm2-135m-instruct"
  /// The persistent response cache shared by the commands, so a rerun never pays twice.
  public static var defaultCachePath: String {
    FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/pavlov/llm-responses.sqlite").path
  }

  public init(baseURL: URL, model: String, apiKey: Secret? = nil) {
    self.baseURL = baseURL
    self.model = model
    self.apiKey = apiKey
  }

  /// Flags win over the environment, which wins over the local default. The key comes only
  /// from $PAVLOV_LLM_API_KEY (or $OPENAI_API_KEY), never from a flag that a shell history keeps.
  public static func resolve(url: String?, model: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(LLMError) -> LLMConfiguration
  {
    let text = url ?? environment[urlVariable] ?? defaultURL
    guard let parsed = URL(string: text), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
          parsed.host != nil else {
      throw .invalidArgument("LLM URL '\(text)' is not an http(s) URL; expected e.g. \(defaultURL)")
    }
    let key = environment[apiKeyVariable] ?? environment["OPENAI_API_KEY"]
    return LLMConfiguration(
      baseURL: parsed, model: model ?? environment[modelVariable] ?? defaultModel,
      apiKey: key.flatMap { $0.isEmpty ? nil : Secret($0) })
  }

  public var description: String {
    "\(model) at \(baseURL.absoluteString)" + (apiKey == nil ? "" : " (API key from the environment)")
  }
}

/// A value that must never be printed: its descriptions are redacted.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  let value: String
  public init(_ value: String) { self.value = value }
  public var description: String { "<redacted>" }
  public var debugDescription: String { "<redacted>" }
  public var customMirror: Mirror { Mirror(self, children: []) }
}

/// A failed LLM call. Messages name what failed; they never contain the API key.
public enum LLMError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidArgument(String)
  /// The server answered with an HTTP error (after retries for 429 and 5xx).
  case http(status: Int, body: String)
  /// No answer: connection refused, reset, or timed out (after retries).
  case unreachable(String)
  /// The server answered 2xx with a body that is not the expected JSON, or broke HTTP
  /// (bad framing, a body over `maxResponseBytes`): not retried.
  case malformedResponse(String)

  public var description: String {
    switch self {
    case .invalidArgument(let m): return m
    case .http(let status, let body): return "HTTP \(status): \(body.prefix(300))"
    case .unreachable(let m): return "server unreachable: \(m)"
    case .malformedResponse(let m): return "malformed response: \(m)"
    }
  }
}
