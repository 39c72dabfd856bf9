import ArgumentParser
import Foundation
import PavlovLLM
import PavlovReward

/// How to reach the language model, shared by `annotate --labeller llm` and `pavlov llm`.
/// The API key is read only from $PAVLOV_LLM_API_KEY (or $OPENAI_API_KEY): never a flag.
struct LLMOptions: ParsableArguments {
  @Option(name: .customLong("llm-url"),
          help: "OpenAI-compatible API root (else $PAVLOV_LLM_URL, else the local server http://127.0.0.1:8080/v1).")
  var url: String?

  @Option(name: .customLong("llm-model"), help: "Model name (else $PAVLOV_LLM_MODEL, else smollm2-135m-instruct).")
  var model: String?

  @Option(name: .customLong("llm-parameters"),
          help: "The model's parameter count for the FLOP estimate, e.g. 135e6 (else asked of the server).")
  var parameters: Double?

  @Option(name: .customLong("llm-timeout"), help: "Seconds per request, from 1 to 86400.")
  var timeout: Double = 120

  @Option(name: .customLong("llm-retries"), help: "Retries after 429, 5xx, timeouts and connection errors.")
  var retries: Int = 4

  @Option(name: .customLong("llm-cache"),
          help: "Response cache (SQLite) so a rerun never pays twice (default: ~/.cache/pavlov/llm-responses.sqlite; 'none' for none).")
  var cache: String?

  @Option(name: .customLong("llm-mode"),
          help: "chat (the chat prompt, one retry) or completion (/completions, the answer as the next token: logprobs from small or base models).")
  var mode: String = "chat"

  @Flag(name: .customLong("chain-of-thought"), help: "Let the model reason before answering.")
  var chainOfThought = false

  @Flag(name: .customLong("both-orders"), help: "Ask both orders and average them (cancels position bias).")
  var bothOrders = false

  @Flag(name: .customLong("no-logprobs"), help: "Do not ask for log-probabilities (hard answers only).")
  var noLogprobs = false

  @Option(name: .customLong("llm-temperature"), help: "Sampling temperature.")
  var temperature: Double = 0

  /// Numbers a shell hands over as text ("1e300", "inf", "nan") are checked here, where the
  /// message can name the flag, before they reach the client.
  func validate() throws {
    let range = LLMConfiguration.timeoutRange
    guard range.contains(timeout) else {
      throw ValidationError(
        "--llm-timeout must be from \(Int(range.lowerBound)) to \(Int(range.upperBound)) seconds; got \(timeout)")
    }
    guard retries >= 0 else { throw ValidationError("--llm-retries must be 0 or more; got \(retries)") }
    if let parameters, !(parameters.isFinite && parameters > 0) {
      throw ValidationError("--llm-parameters must be a positive number such as 135e6; got \(parameters)")
    }
    guard temperature.isFinite, temperature >= 0 else {
      throw ValidationError("--llm-temperature must be 0 or more; got \(temperature)")
    }
  }

  func configuration(concurrency: Int) throws -> LLMConfiguration {
    var configuration = try LLMConfiguration.resolve(url: url, model: model)
    configuration.timeout = timeout
    configuration.maxRetries = retries
    configuration.maxConcurrentRequests = concurrency
    configuration.parameterCount = parameters
    if cache != "none" {
      let path = cache ?? FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".cache/pavlov/llm-responses.sqlite").path
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      configuration.cachePath = path
    }
    return configuration
  }

  func makeLabeller(environment: String, concurrency: Int) async throws -> LLMLabeller {
    guard let mode = LLMLabeller.Mode(rawValue: mode) else {
      throw ValidationError("--llm-mode '\(self.mode)' is unknown; allowed: chat, completion")
    }
    guard !(mode == .completion && chainOfThought) else {
      throw ValidationError("--chain-of-thought needs --llm-mode chat (a completion answers in one token)")
    }
    let client = try LLMClient(configuration: configuration(concurrency: concurrency))
    if parameters == nil, let count = await client.serverParameterCount() { await client.setParameterCount(count) }
    return LLMLabeller(client: client, prompt: PreferencePrompt(environment: environment, chainOfThought: chainOfThought),
                       mode: mode, bothOrders: bothOrders, usesLogprobs: !noLogprobs, temperature: temperature)
  }

  /// The vision judge: frames of the observations instead of captions, through chat only.
  func makeVisionLabeller(environment: String, frames: any FrameSource, concurrency: Int) async throws -> VisionLabeller {
    guard mode == "chat" else {
      throw ValidationError("--llm-mode \(mode): a vision judge is asked in chat (images are chat content parts)")
    }
    let client = try LLMClient(configuration: configuration(concurrency: concurrency))
    if parameters == nil, let count = await client.serverParameterCount() { await client.setParameterCount(count) }
    return VisionLabeller(client: client, prompt: VisionPreferencePrompt(environment: environment, chainOfThought: chainOfThought),
                          frames: frames, bothOrders: bothOrders, usesLogprobs: !noLogprobs, temperature: temperature)
  }
}
