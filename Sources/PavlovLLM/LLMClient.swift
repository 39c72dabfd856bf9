import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client for the OpenAI-compatible HTTP API: chat completions, text completions with
/// log-probabilities, embeddings. Bounded concurrency, per-request timeouts, retries with
/// exponential backoff on 429, 5xx and connection errors, a persistent response cache, and
/// token / FLOP accounting (`usage()`).
///
/// Transport: plain sockets for http:// (local servers) and URLSession for https://; both
/// cost no build time (see `makeTransport(for:maxConnections:)` for why not URLSession alone).
public final class LLMClient: Sendable {
  public let configuration: LLMConfiguration
  private let transport: any HTTPTransport
  private let limiter: ConcurrencyLimiter
  private let counter: UsageCounter
  private let cache: ResponseCache?

  public init(configuration: LLMConfiguration) throws(LLMError) {
    guard configuration.maxRetries >= 0 else {
      throw .invalidArgument("maxRetries must be 0 or more; got \(configuration.maxRetries)")
    }
    // FoundationNetworking (https) hands whole seconds to libcurl: a timeout under 1 s fires at once.
    // A day is longer than any answer, and keeps every timeout conversion to an integer in range.
    guard LLMConfiguration.timeoutRange.contains(configuration.timeout) else {
      throw .invalidArgument("timeout must be from 1 to 86400 seconds; got \(configuration.timeout)")
    }
    guard configuration.initialBackoff.isFinite, configuration.initialBackoff >= 0 else {
      throw .invalidArgument("initialBackoff must be 0 or more seconds; got \(configuration.initialBackoff)")
    }
    guard configuration.maxConcurrentRequests >= 1 else {
      throw .invalidArgument("maxConcurrentRequests must be at least 1; got \(configuration.maxConcurrentRequests)")
    }
    guard configuration.maxResponseBytes >= 1 else {
      throw .invalidArgument("maxResponseBytes must be at least 1; got \(configuration.maxResponseBytes)")
    }
    self.configuration = configuration
    transport = makeTransport(for: configuration.baseURL, maxConnections: configuration.maxConcurrentRequests,
                              maxBodyBytes: configuration.maxResponseBytes)
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
    body["messages"] = messages.map(\.json)
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
    let (data, latency) = try await send(path: "embeddings", body: body)
    let parsed: (vectors: [[Float]], promptTokens: Int)
    do {
      parsed = try ResponseParsing.embeddings(from: data)
    } catch {
      await counter.add { $0.failures += 1 }
      throw error
    }
    // An answer from the cache cost nothing (as for completions).
    if latency != nil { await counter.add { $0.promptTokens += parsed.promptTokens } }
    guard parsed.vectors.count == inputs.count else {
      await counter.add { $0.failures += 1 }
      throw .malformedResponse("\(parsed.vectors.count) embeddings for \(inputs.count) inputs")
    }
    return parsed.vectors
  }

  /// The model's parameter count from the server's metadata (llama.cpp: /models
  /// `meta.n_params`), or nil when the server does not say.
  public func serverParameterCount() async -> Double? {
    let reply = await transport.send(method: "GET", url: endpoint("models"), headers: authorization, body: nil,
                                     timeout: configuration.timeout)
    guard case .success(let response) = reply, response.status == 200,
          let root = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any],
          let models = root["data"] as? [[String: Any]] else { return nil }
    let model = models.first { ($0["id"] as? String) == configuration.model } ?? models.first
    guard let count = ResponseParsing.number((model?["meta"] as? [String: Any])?["n_params"]),
          count.isFinite, count > 0 else { return nil }
    return count
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
    await limiter.acquire()
    let start = DispatchTime.now().uptimeNanoseconds
    let outcome = await attempt(url: endpoint(path), body: payload)
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

  /// POSTs `body` to `url`, retrying what may pass on a second try.
  private func attempt(url: URL, body: Data) async -> Result<Data, LLMError> {
    var headers = authorization
    headers["Content-Type"] = "application/json"
    var retry = 0
    while true {
      await counter.add { $0.requests += 1 }
      let failure: LLMError
      var retryAfter: Double?
      switch await transport.send(method: "POST", url: url, headers: headers, body: body, timeout: configuration.timeout) {
      case .success(let response):
        if (200..<300).contains(response.status) { return .success(response.body) }
        failure = .http(status: response.status, body: String(decoding: response.body.prefix(500), as: UTF8.self))
        guard response.status == 429 || response.status >= 500 else { return .failure(failure) }
        retryAfter = response.headers["retry-after"].flatMap(Double.init)
      case .failure(let error):
        // A response that breaks HTTP would break the same way again: not worth a retry.
        guard error.isTransient else { return .failure(.malformedResponse("\(error.text) (\(url.absoluteString))")) }
        failure = .unreachable("\(error.text) (\(url.absoluteString))")
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

  /// The Authorization header, if a key is set; it goes to the server and nowhere else.
  private var authorization: [String: String] {
    configuration.apiKey.map { ["Authorization": "Bearer \($0.value)"] } ?? [:]
  }
}
