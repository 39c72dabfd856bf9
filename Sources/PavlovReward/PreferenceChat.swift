import Foundation
import PavlovLLM

/// What one order of a preference question came to.
struct PreferenceOutcome {
  /// P(first ≻ second) in the order asked; nil when the answer did not parse.
  var result: Result<Double?, LLMError>
  var raw = ""
  var promptTokens = 0
  var completionTokens = 0
  var model: String?
}

/// The parts the caption judge and the picture judge share: asking one order in chat (with one
/// retry prompt when the answer does not parse), and turning one or both orders into a label.
enum PreferenceChat {
  /// Asks `messages`; an unparseable answer gets `PreferencePrompt.retryMessage` once.
  static func ask(_ client: LLMClient, messages: [ChatMessage], parameters: SamplingParameters,
                  usesLogprobs: Bool) async -> PreferenceOutcome {
    var messages = messages
    var outcome = PreferenceOutcome(result: .success(nil))
    for attempt in 0..<2 {
      let completion: Completion
      do {
        completion = try await client.chat(messages, parameters: parameters)
      } catch {
        outcome.result = .failure(error)
        return outcome
      }
      outcome.promptTokens += completion.promptTokens
      outcome.completionTokens += completion.completionTokens
      outcome.model = completion.model
      outcome.raw += (attempt > 0 ? "\n[retry] " : "") + completion.text
      if let answer = PreferencePrompt.parse(completion.text) {
        let soft = usesLogprobs ? completion.tokens.flatMap {
          PreferencePrompt.probability(text: completion.text, tokens: $0)
        } : nil
        outcome.result = .success(soft ?? answer.preference)
        return outcome
      }
      messages += [ChatMessage(.assistant, completion.text), ChatMessage(.user, PreferencePrompt.retryMessage)]
    }
    return outcome
  }

  /// Labels `pair` by asking (first, second) and, with `bothOrders`, (second, first) too
  /// (`ask(true)`: the pair shown swapped), averaging P(first ≻ second). A failed order fails the label; an unparseable order voids it.
  static func label(_ pair: LabellingPair, template: Label, bothOrders: Bool,
                    ask: (_ swapped: Bool) async -> PreferenceOutcome) async -> Label {
    let start = DispatchTime.now().uptimeNanoseconds
    var label = template
    label.status = .failed
    var preferences: [Double] = []
    var answers: [String] = []
    let orders = bothOrders ? [false, true] : [false]
    for swapped in orders {
      let outcome = await ask(swapped)
      label.promptTokens += outcome.promptTokens
      label.completionTokens += outcome.completionTokens
      if let model = outcome.model, !model.isEmpty { label.model = model }
      answers.append(outcome.raw)
      switch outcome.result {
      case .failure(let error):
        label.status = .failed
        label.rawAnswer = (answers.dropLast() + ["error: \(error)"]).joined(separator: "\n---\n")
        label.latency = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return label
      case .success(nil):
        label.status = .unparseable
      case .success(let p?):
        preferences.append(swapped ? 1 - p : p)
      }
    }
    label.rawAnswer = answers.joined(separator: "\n---\n")
    label.latency = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // Both orders were asked to cancel position bias: one unparseable order voids the label.
    guard preferences.count == orders.count else {
      label.status = .unparseable
      return label
    }
    let p = preferences.reduce(0, +) / Double(preferences.count)
    label.preference = p
    label.status = p == 0.5 ? .tie : .preferred
    return label
  }
}
