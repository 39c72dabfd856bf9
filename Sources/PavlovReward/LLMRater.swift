import Foundation
import PavlovLLM

/// The direct-scalar scorer: asks the LLM to rate one caption on `RatingPrompt`'s scale and
/// maps the rating to 0...1. Chat mode asks once more with the retry prompt when the answer does
/// not parse; completion mode ends the prompt at ("rating": so the next token is the rating.
/// With log-probabilities the rating is their expectation over the scale (scales up to 9).
public struct LLMRater: CaptionScorer {
  public enum Mode: String, Sendable, CaseIterable { case chat, completion }

  public let client: LLMClient
  public let prompt: RatingPrompt
  public let goal: String
  public let mode: Mode
  public let usesLogprobs: Bool
  public let parameters: SamplingParameters

  public init(client: LLMClient, prompt: RatingPrompt, goal: String, mode: Mode = .chat, usesLogprobs: Bool = true) {
    self.client = client
    self.prompt = prompt
    self.goal = goal
    self.mode = mode
    self.usesLogprobs = usesLogprobs
    parameters = SamplingParameters(temperature: 0, maxTokens: mode == .completion ? 3 : 32, logprobs: usesLogprobs)
  }

  public var summary: String {
    "LLM rating by \(client.configuration), prompt \(prompt.version) (\(mode.rawValue)), scale 1–\(prompt.scale)"
      + (usesLogprobs && prompt.scale <= RatingPrompt.largestSoftScale ? ", expectation from logprobs" : "")
  }

  public func usage() async -> Usage? { await client.usage() }

  public func score(_ caption: String) async -> CaptionScore {
    switch mode {
    case .chat: return await chat(caption)
    case .completion: return await complete(caption)
    }
  }

  private func chat(_ caption: String) async -> CaptionScore {
    var messages = prompt.messages(goal: goal, description: caption)
    var answers: [String] = []
    for _ in 0..<2 {
      let completion: Completion
      do { completion = try await client.chat(messages, parameters: parameters) } catch { return .failed("\(error)") }
      answers.append(completion.text)
      if let rating = prompt.parse(completion.text) {
        let soft = usesLogprobs ? completion.tokens.flatMap { prompt.expectedRating(text: completion.text, tokens: $0) } : nil
        return .value(Float(prompt.normalised(soft ?? Double(rating))))
      }
      messages += [ChatMessage(.assistant, completion.text), ChatMessage(.user, prompt.retryMessage)]
    }
    return .unparseable(raw: answers.joined(separator: "\n[retry] "))
  }

  private func complete(_ caption: String) async -> CaptionScore {
    let completion: Completion
    do {
      completion = try await client.complete(prompt: prompt.completionPrompt(goal: goal, description: caption),
                                             parameters: parameters)
    } catch {
      return .failed("\(error)")
    }
    let answered = RatingPrompt.completionAnswerPrefix + completion.text
    guard let rating = prompt.parse(answered) else { return .unparseable(raw: completion.text) }
    // The log-probabilities cover the completion only; shift them behind the prefix.
    let prefix = TokenLogprob(token: RatingPrompt.completionAnswerPrefix, logprob: 0, alternatives: [])
    let soft = usesLogprobs ? completion.tokens.flatMap { prompt.expectedRating(text: answered, tokens: [prefix] + $0) } : nil
    return .value(Float(prompt.normalised(soft ?? Double(rating))))
  }
}
