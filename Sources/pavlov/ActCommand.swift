import ArgumentParser
import Foundation
import PavlovAgent
import PavlovLLM

/// `pavlov act`: the language model acts directly (the paper's LLM Policy), or the SIMULATED
/// scripted stand-in does; prints success, return, LLM calls, tokens, FLOPs and wall time.
struct ActCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "act",
    abstract: "Let a language model act in an environment (one episode per env) and report success and cost.")

  @Option(name: .long, help: "Environment id.")
  var env: String

  @Option(name: .long, help: "Episodes, played at once (one env each).")
  var episodes: Int = 4

  @Option(name: .long, help: "llm (the model at --llm-url), or scripted:expert (SIMULATED: the env's scripted expert, grid worlds: a BFS planner; Wordle: a consistent-guess solver; arm: scripted policies; web tasks: scripted experts; NetHack: a planner on the seen map).")
  var policy: String = "llm"

  @Flag(name: .long, help: "Ask for a high-level plan at each episode's start and show it at every step.")
  var plan = false

  @Flag(name: .long, help: "Chain of thought: reason step by step before the answer.")
  var cot = false

  @Option(name: .long, help: "Example episodes of the scripted expert in every prompt (the scripted expert plays them).")
  var examples: Int = 0

  @Flag(name: .long, help: "RCI self-refinement: the model critiques its answer, then answers again (3 calls a step).")
  var refine = false

  @Option(name: .long, help: "Past steps (caption and action) shown in every prompt.")
  var history: Int = 0

  @Option(name: .customLong("max-steps"), help: "Truncate episodes after this many steps (default: the env's limit).")
  var maxSteps: Int?

  @Option(name: .customLong("illegal-retries"), help: "Times an illegal word is sent back with its error before the fallback.")
  var illegalRetries: Int = 2

  @Option(name: .long, help: "Seed of the envs.")
  var seed: UInt64 = 0

  @Option(name: .long, help: "Most requests in flight at once.")
  var concurrency: Int = 4

  @Option(name: .long, help: "Also write the report as JSON to this file.")
  var report: String?

  @OptionGroup var llm: LLMOptions

  func validate() throws {
    guard ["llm", "scripted:expert"].contains(policy) else {
      throw ValidationError("--policy \(policy) is not known; allowed: llm, scripted:expert")
    }
    guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 64; got \(concurrency)") }
    // Preference-labelling flags of LLMOptions have no meaning here: refused, never ignored.
    if llm.bothOrders { throw ValidationError("--both-orders applies to preference labelling, not to `act`") }
    if llm.noLogprobs { throw ValidationError("--no-logprobs applies to preference labelling, not to `act` (it asks for none)") }
    guard llm.mode == "chat" else { throw ValidationError("`act` asks in chat mode only; --llm-mode \(llm.mode) is not allowed") }
    do {
      try options.validate()
    } catch {
      throw ValidationError("--\(error.description)")
    }
  }

  private var options: ActOptions {
    var options = ActOptions()
    options.episodes = episodes
    options.seed = seed
    options.plan = plan
    options.chainOfThought = cot || llm.chainOfThought
    options.examples = examples
    options.refine = refine
    options.history = history
    options.maxEpisodeSteps = maxSteps
    options.illegalRetries = illegalRetries
    options.temperature = llm.temperature
    return options
  }

  func run() async throws {
    let acting: ActingPolicy
    if policy == "scripted:expert" {
      acting = .scriptedExpert
    } else {
      let client = try LLMClient(configuration: llm.configuration(concurrency: concurrency))
      if llm.parameters == nil, let count = await client.serverParameterCount() { await client.setParameterCount(count) }
      acting = .llm(client)
    }
    let result: ActReport
    do {
      result = try await LLMPolicy(environmentID: env, options: options, policy: acting).run()
    } catch AgentError.invalidArgument(let text) {
      throw ValidationError(text)
    }
    print(result.summary)
    if let report {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(result).write(to: URL(fileURLWithPath: report))
      print("report written to \(report)")
    }
  }
}
