import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client for the OpenAI-compatible HTTP API: chat completions, text completions with
/// log-probabilities, embeddings. Bounded concurrency, per-request timeouts, retries with
/// exponential backoff on 429, 5xx and connection errors, a persistent response cache, and
/// token / FLOP accounting (`usage()`).
///
/// Uses URLSession (FoundationNetworking on Linux): it costs no build time, and what the
/// labeller needs (a few concurrent JSON POSTs with timeouts) is well within it.
public final class LLMClient: Sendable {
  public let configuration: LLMConfiguration
  private let session: URLSession
  private let limiter: ConcurrencyLimiter
  private let counter: UsageCounter
  private let cache: ResponseCache?

  public init(configuration: LLMConfiguration) throws(LLMError) {
    guard configuration.maxRetries >= 0 else {
      throw .invalidArgument("maxRetries must be 0 or more; got \(configuration.maxRetries)")
    }
    // FoundationNetworking hands whole seconds to libcurl: a timeout under 1 s would fire at once.
    guard configuration.timeout >= 1 else {
      throw .invalidArgument("timeout must be at least 1 second; got \(configuration.timeout)")
    }
    guard configuration.maxConcurrentRequests >= 1 else {
      throw .invalidArgument("maxConcurrentRequests must be at least 1; got \(configuration.maxConcurrentRequests)")
    }
    self.configuration = configuration
    let sessionConfiguration = URLSessionConfiguration.ephemeral  // no cookies, no URLCache on disk
    sessionConfiguration.timeoutIntervalForRequest = configuration.timeout
    sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maxConcurrentRequests
    session = URLSession(configuration: sessionConfiguration)
    limiter = ConcurrencyLimiter(limit: configuration.maxConcurrentRequests)
    counter = UsageCounter(parameterCount: configuration.parameterCount)
    cache = try configuration.cachePath.map { path throws(LLMError) in try ResponseCache(path: path) }
  }

  /// What was spent so far.
  public func usage() async -> Usage { await counter.usage }

  // MARK: Endpoints

  /// POST /chat/completions.
  public func chat(_ messages: [ChatMessage], parameters: SamplingParameters = SamplingParameters()) async throws(LLMError)
    -> Completion
  {
    var body = sampling(parameters)
    body["messages"] = messages.map { ["role": $0.role.rawValue, "content": $0.content] }
    if parameters.logprobs {
      body["logprobs"] = true
      body["top_logprobs"] = parameters.topLogprobs
    }
    return try await completion(path: "chat/completions", body: body)
  }

  /// POST /completions (legacy text completion), with `logprobs` alternatives if asked.
  public func complete(prompt: String, parameters: SamplingParameters = SamplingParameters()) async throws(LLMError)
    -> Completion
  {
    var body = sampling(parameters)
    body["prompt"] = prompt
    if parameters.logprobs { body["logprobs"] = parameters.topLogprobs }
    return try await completion(path: "completions", body: body)
  }

  /// POST /embeddings: one vector per input, in order.
  public func embed(_ inputs: [String]) async throws(LLMError) -> [[Float]] {
    let body: [String: Any] = ["model": configuration.model, "input": inputs]
    let (data, _) = try await send(path: "embeddings", body: body)
    let parsed = try ResponseParsing.embeddings(from: data)
    await counter.add { $0.promptTokens += parsed.promptTokens }
    return parsed.vectors
  }

  /// The model's parameter count from the server's metadata (llama.cpp: /models
  /// `meta.n_params`), or nil when the server does not say.
  public func serverParameterCount() async -> Double? {
    var request = URLRequest(url: endpoint("models"))
    authorize(&request)
    guard let (data, response) = try? await session.data(for: request),
          (response as? HTTPURLResponse)?.statusCode == 200,
          let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
          let models = root["data"] as? [[String: Any]] else { return nil }
    let model = models.first { ($0["id"] as? String) == configuration.model } ?? models.first
    return ResponseParsing.number((model?["meta"] as? [String: Any])?["n_params"])
  }

  /// Sets the parameter count used for FLOP estimates (e.g. from `serverParameterCount()`).
  public func setParameterCount(_ count: Double?) async { await counter.add { $0.parameterCount = count } }

  // MARK: Transport

  private func sampling(_ p: SamplingParameters) -> [String: Any] {
    var body: [String: Any] = ["model": configuration.model, "temperature": p.temperature, "max_tokens": p.maxTokens]
    if let topP = p.topP { body["top_p"] = topP }
    if let seed = p.seed { body["seed"] = seed }
    if !p.stop.isEmpty { body["stop"] = p.stop }
    return body
  }

  private func completion(path: String, body: [String: Any]) async throws(LLMError) -> Completion {
    let (data, latency) = try await send(path: path, body: body)
    let completion: Completion
    do {
      completion = try ResponseParsing.completion(from: data, fromCache: latency == nil, latency: latency ?? 0)
    } catch {
      await counter.add { $0.failures += 1 }
      throw error
    }
    if latency != nil {
      await counter.add {
        $0.promptTokens += completion.promptTokens
        $0.completionTokens += completion.completionTokens
      }
    }
    return completion
  }

  /// The response body of a successful POST and its latency (nil: served from the cache).
  private func send(path: String, body: [String: Any]) async throws(LLMError) -> (Data, Double?) {
    let payload: Data
    do {
      payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    } catch {
      throw .invalidArgument("request body cannot be encoded as JSON: \(error)")
    }
    let key = path + " " + String(decoding: payload, as: UTF8.self)
    if let cached = await cache?.response(for: key) {
      await counter.add { $0.cacheHits += 1 }
      return (cached, nil)
    }
    var request = URLRequest(url: endpoint(path))
    request.httpMethod = "POST"
    request.httpBody = payload
    request.timeoutInterval = configuration.timeout
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    authorize(&request)

    await limiter.acquire()
    let start = DispatchTime.now().uptimeNanoseconds
    let outcome = await attempt(request)
    await limiter.release()
    switch outcome {
    case .success(let data):
      // Only bodies that parse are cached: a malformed answer must not be replayed forever.
      if (try? JSONSerialization.jsonObject(with: data)) != nil { await cache?.store(data, for: key) }
      return (data, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    case .failure(let error):
      await counter.add { $0.failures += 1 }
      throw error
    }
  }

  /// Sends `request`, retrying what may pass on a second try.
  private func attempt(_ request: URLRequest) async -> Result<Data, LLMError> {
    var retry = 0
    while true {
      await counter.add { $0.requests += 1 }
      let failure: LLMError
      var retryAfter: Double?
      do {
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(status) { return .success(data) }
        failure = .http(status: status, body: String(decoding: data.prefix(500), as: UTF8.self))
        guard status == 429 || status >= 500 else { return .failure(failure) }
        retryAfter = ((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
      } catch {
        failure = .unreachable(Self.describe(error, url: request.url))
      }
      guard retry < configuration.maxRetries else { return .failure(failure) }
      retry += 1
      await counter.add { $0.retries += 1 }
      let backoff = configuration.initialBackoff * pow(2, Double(retry - 1)) * Double.random(in: 0.8...1.2)
      let wait = min(retryAfter ?? backoff, 60)
      try? await Task.sleep(nanoseconds: UInt64(max(0, wait) * 1e9))
    }
  }

  private func endpoint(_ path: String) -> URL { configuration.baseURL.appendingPathComponent(path) }

  private func authorize(_ request: inout URLRequest) {
    if let key = configuration.apiKey { request.setValue("Bearer \(key.value)", forHTTPHeaderField: "Authorization") }
  }

  private static func describe(_ error: Error, url: URL?) -> String {
    let where_ = url.map { " (\($0.absoluteString))" } ?? ""
    if let error = error as? URLError {
      switch error.code {
      case .timedOut: return "timed out" + where_
      case .cannotConnectToHost: return "connection refused" + where_
      case .networkConnectionLost: return "connection lost" + where_
      default: return "URL error \(error.code.rawValue)" + where_
      }
    }
    return "\(error)" + where_
  }
}
