/// One chat message.
public struct ChatMessage: Sendable, Equatable, Codable {
  public enum Role: String, Sendable, Codable { case system, user, assistant }
  public var role: Role
  public var content: String
  public init(_ role: Role, _ content: String) {
    self.role = role
    self.content = content
  }
}

/// Sampling parameters sent with a request (and part of the cache key).
public struct SamplingParameters: Sendable, Equatable {
  public var temperature: Double = 0
  public var maxTokens = 256
  public var topP: Double?
  public var seed: Int?
  public var stop: [String] = []
  /// Ask for the log-probability of each generated token and of `topLogprobs` alternatives.
  public var logprobs = false
  public var topLogprobs = 5

  public init(temperature: Double = 0, maxTokens: Int = 256, logprobs: Bool = false, topLogprobs: Int = 5) {
    self.temperature = temperature
    self.maxTokens = maxTokens
    self.logprobs = logprobs
    self.topLogprobs = topLogprobs
  }
}

/// One generated token with its log-probability and the most likely alternatives.
public struct TokenLogprob: Sendable, Equatable {
  public var token: String
  public var logprob: Double
  /// Alternatives at this position, most likely first (the token itself usually among them).
  public var alternatives: [(token: String, logprob: Double)]

  public init(token: String, logprob: Double, alternatives: [(token: String, logprob: Double)]) {
    self.token = token
    self.logprob = logprob
    self.alternatives = alternatives
  }

  public static func == (a: TokenLogprob, b: TokenLogprob) -> Bool {
    a.token == b.token && a.logprob == b.logprob && a.alternatives.map(\.token) == b.alternatives.map(\.token)
      && a.alternatives.map(\.logprob) == b.alternatives.map(\.logprob)
  }
}

/// A chat or text completion.
public struct Completion: Sendable, Equatable {
  public var text: String
  /// Per-token log-probabilities, when asked for and given (either JSON shape).
  public var tokens: [TokenLogprob]?
  public var promptTokens: Int
  public var completionTokens: Int
  /// The model that answered (as the server names it).
  public var model: String
  /// Whether this came from the persistent cache (no request made).
  public var fromCache: Bool
  /// Seconds from the first attempt to the answer (0 from the cache).
  public var latency: Double
}
