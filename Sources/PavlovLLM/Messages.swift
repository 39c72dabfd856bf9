/// One chat message: text, or (for vision models) a list of text and image parts.
public struct ChatMessage: Sendable, Equatable, Codable {
  public enum Role: String, Sendable, Codable { case system, user, assistant }

  /// One content part of a multimodal message (OpenAI's chat format).
  public enum Part: Sendable, Equatable, Codable {
    case text(String)
    /// An image by URL; `data:image/png;base64,…` carries it inline.
    case imageURL(String)
  }

  public var role: Role
  /// The message's text (a multimodal message's text parts, joined by newlines).
  public var content: String
  /// Non-nil: the message is sent as these content parts instead of `content`.
  public var parts: [Part]?

  public init(_ role: Role, _ content: String) {
    self.role = role
    self.content = content
  }

  public init(_ role: Role, _ parts: [Part]) {
    self.role = role
    self.parts = parts
    content = parts.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined(separator: "\n")
  }

  /// The message as the chat completions API takes it.
  var json: [String: Any] {
    guard let parts else { return ["role": role.rawValue, "content": content] }
    return ["role": role.rawValue, "content": parts.map { part -> [String: Any] in
      switch part {
      case .text(let text): return ["type": "text", "text": text]
      case .imageURL(let url): return ["type": "image_url", "image_url": ["url": url]]
      }
    }]
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
