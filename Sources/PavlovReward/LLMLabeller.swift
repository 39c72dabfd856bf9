import Foundation
import PavlovLLM

/// An LLM judge: asks which of two captions shows more progress (the paper's AI feedback),
/// optionally in both orders to cancel position bias, and takes the preference probability
/// from log-probabilities when the server gives them. An answer that cannot be parsed, even
/// after the retry prompt, is recorded as unparseable; a server that fails is recorded as
/// failed. Nothing is guessed, and nothing throws.
public struct LLMLabeller: PreferenceLabeller {
  /// How the question is put.
  public enum Mode: String, Sendable, CaseIterable {
    /// /chat/completions with the chat prompt; one retry prompt if the answer does not parse.
    case chat
    /// /completions with the prompt ending at `("best_description":`, one token answered.
    case completion
  }

  public let client: LLMClient
  public let mode: Mode
  public let prompt: PreferencePrompt
  /// Ask (1, 2) and (2, 1), and average P(first ≻ second) over both.
  public let bothOrders: Bool
  /// Ask for log-probabilities and use them for the preference probability.
  public let usesLogprobs: Bool
  public let parameters: SamplingParameters

  public init(client: LLMClient, prompt: PreferencePrompt, mode: Mode = .chat, bothOrders: Bool = false,
              usesLogprobs: Bool = true, temperature: Double = 0) {
    self.client = client
    self.mode = mode
    self.prompt = prompt
    self.bothOrders = bothOrders
    self.usesLogprobs = usesLogprobs
    parameters = SamplingParameters(
      temperature: temperature, maxTokens: mode == .completion ? 2 : (prompt.chainOfThought ? 512 : 32),
      logprobs: usesLogprobs)
  }

  /// The prompt version recorded with each label.
  public var promptVersion: String { mode == .completion ? prompt.completionVersion : prompt.version }

  /// Unique per model, prompt and order policy, so their labels never mix in one store.
  public var name: String {
    "llm:\(client.configuration.model):\(promptVersion)" + (bothOrders ? ":both-orders" : "")
  }

  public var summary: String {
    "\(name): LLM judge \(client.configuration), prompt \(promptVersion) (\(mode.rawValue))"
      + (bothOrders ? ", both orders averaged" : "") + (usesLogprobs ? ", probabilities from logprobs" : "")
  }

  public func label(_ pair: LabellingPair) async -> Label {
    let template = Label(preference: nil, status: .failed, labeller: name, isSimulated: false,
                         model: client.configuration.model, promptVersion: promptVersion)
    return await PreferenceChat.label(pair, template: template, bothOrders: bothOrders) { swapped in
      let (a, b) = swapped ? (pair.second, pair.first) : (pair.first, pair.second)
      if mode == .completion { return await complete(goal: pair.goal, first: a.caption, second: b.caption) }
      return await PreferenceChat.ask(client, messages: prompt.messages(goal: pair.goal, first: a.caption, second: b.caption),
                                      parameters: parameters, usesLogprobs: usesLogprobs)
    }
  }

  /// One order through /completions: the answer is the continuation of the answer prefix.
  private func complete(goal: String, first: String, second: String) async -> PreferenceOutcome {
    var outcome = PreferenceOutcome(result: .success(nil))
    let completion: Completion
    do {
      completion = try await client.complete(
        prompt: prompt.completionPrompt(goal: goal, first: first, second: second), parameters: parameters)
    } catch {
      outcome.result = .failure(error)
      return outcome
    }
    outcome.promptTokens = completion.promptTokens
    outcome.completionTokens = completion.completionTokens
    outcome.model = completion.model
    outcome.raw = completion.text
    let answered = PreferencePrompt.completionAnswerPrefix + completion.text
    guard let answer = PreferencePrompt.parse(answered) else { return outcome }
    // The log-probabilities cover the completion only; shift them behind the prefix.
    let prefix = TokenLogprob(token: PreferencePrompt.completionAnswerPrefix, logprob: 0, alternatives: [])
    let soft = usesLogprobs ? completion.tokens.flatMap {
      PreferencePrompt.probability(text: answered, tokens: [prefix] + $0)
    } : nil
    outcome.result = .success(soft ?? answer.preference)
    return outcome
  }
}
