import PavlovLLM

/// Identical prompts within one step are asked once: a second env with the same prompt waits
/// for the first one's answer instead of paying for it again. The client's persistent cache
/// answers prompts repeated across steps and runs, but not these: both requests would leave
/// before either answer was stored. Forgotten at every step, so memory stays bounded by the
/// batch; a failed request is forgotten at once, so a later one tries again.
actor AnswerMemory {
  private var answers: [String: Task<Result<String, LLMError>, Never>] = [:]
  private(set) var repeats = 0

  func forgetAnswers() { answers.removeAll() }

  func answer(_ messages: [ChatMessage], maxTokens: Int, ask: @escaping @Sendable () async -> Result<String, LLMError>)
    async -> Result<String, LLMError>
  {
    let key = "\(maxTokens)\u{1}" + messages.map { $0.role.rawValue + "\u{2}" + $0.content }.joined(separator: "\u{3}")
    if let known = answers[key] {
      repeats += 1
      return await known.value
    }
    let task = Task { await ask() }
    answers[key] = task
    let result = await task.value
    if case .failure = result { answers[key] = nil }
    return result
  }
}

