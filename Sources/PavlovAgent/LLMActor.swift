import PavlovLLM

/// One env's choice of action at one step, and what it cost.
struct Decision: Sendable {
  var action: AgentAction
  var calls = 0
  var fallbackReason: String?
  /// The server failed (after the client's retries), as opposed to answering unusably.
  var requestFailed = false
  var illegalRetries = 0
  var clipped = false
}

/// Asks the language model for one action: the answer (with chain of thought if the prompt
/// asks), RCI's critique and improvement if refining, and illegal words sent back with their
/// error at most `illegalRetries` times. An unusable answer becomes the named fallback.
struct LLMActor: Sendable {
  let client: LLMClient
  let prompt: ActPrompt
  let memory: AnswerMemory
  let refine: Bool
  let illegalRetries: Int
  let temperature: Double

  private var answerTokens: Int { prompt.chainOfThought || refine ? 384 : 48 }

  func ask(_ messages: [ChatMessage], maxTokens: Int) async -> Result<String, LLMError> {
    let client = client, temperature = temperature
    return await memory.answer(messages, maxTokens: maxTokens) {
      do throws(LLMError) {
        return .success(try await client.chat(
          messages, parameters: SamplingParameters(temperature: temperature, maxTokens: maxTokens)).text)
      } catch {
        return .failure(error)
      }
    }
  }

  /// The plan for an episode, or nil (with the reason) when the request failed.
  func plan(goal: String, caption: String, examples: [String]) async -> (plan: String?, failure: String?) {
    switch await ask(prompt.planMessages(goal: goal, caption: caption, examples: examples), maxTokens: 200) {
    case .success(let text): return (text.trimmingCharacters(in: .whitespacesAndNewlines), nil)
    case .failure(let error): return (nil, "plan request failed: \(error)")
    }
  }

  func decide(_ situation: ActPrompt.Situation) async -> Decision {
    var decision = Decision(action: prompt.format.fallback)
    var messages = prompt.messages(situation)
    func request() async -> String? {
      decision.calls += 1
      switch await ask(messages, maxTokens: answerTokens) {
      case .success(let text):
        messages.append(ChatMessage(.assistant, text))
        return text
      case .failure(let error):
        decision.fallbackReason = "request failed: \(error)"
        decision.requestFailed = true
        return nil
      }
    }
    guard var answer = await request() else { return decision }
    if refine {
      messages.append(ChatMessage(.user, ActPrompt.critiqueRequest))
      guard await request() != nil else { return decision }
      messages.append(ChatMessage(.user, prompt.improveRequest))
      guard let improved = await request() else { return decision }
      answer = improved
    }
    while true {
      switch prompt.format.parse(answer) {
      case .action(let action, let clipped):
        decision.action = action
        decision.clipped = clipped
        return decision
      case .unparseable(let reason):
        decision.fallbackReason = reason
        return decision
      case .illegal(_, let reason):
        guard decision.illegalRetries < illegalRetries else {
          decision.fallbackReason = "\(reason) (still illegal after \(illegalRetries) retries)"
          return decision
        }
        decision.illegalRetries += 1
        messages.append(ChatMessage(.user, prompt.illegalAnswerMessage(reason: reason)))
        guard let again = await request() else { return decision }
        answer = again
      }
    }
  }
}
