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

  @Option(name: .customLong("llm-timeout"), help: "Seconds per request, at least 1.")
  var timeout: Double = 120

  @Option(name: .customLong("llm-retries"), help: "Retries after 429, 5xx, timeouts and connection errors.")
  var retries: Int = 4

  @Option(name: .customLong("llm-cache"),
          help: "Response cache (SQLite) so a rerun never pays twice (default: ~/.cache/pavlov/llm-responses.sqlite; 'none' for none).")
  var cache: String?

  @Flag(name: .customLong("chain-of-thought"), help: "Let the model reason before answering.")
  var chainOfThought = false

  @Flag(name: .customLong("both-orders"), help: "Ask both orders and average them (cancels position bias).")
  var bothOrders = false

  @Flag(name: .customLong("no-logprobs"), help: "Do not ask for log-probabilities (hard answers only).")
  var noLogprobs = false

  @Option(name: .customLong("llm-temperature"), help: "Sampling temperature.")
  var temperature: Double = 0

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
    let client = try LLMClient(configuration: configuration(concurrency: concurrency))
    if parameters == nil, let count = await client.serverParameterCount() { await client.setParameterCount(count) }
    return LLMLabeller(client: client, prompt: PreferencePrompt(environment: environment, chainOfThought: chainOfThought),
                       bothOrders: bothOrders, usesLogprobs: !noLogprobs, temperature: temperature)
  }
}
