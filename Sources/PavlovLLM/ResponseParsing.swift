import Foundation

/// Reads OpenAI-compatible JSON responses leniently: servers differ in the fields they add,
/// and log-probabilities come in two shapes, both accepted:
/// - legacy completions: `logprobs: {tokens: [..], token_logprobs: [..], top_logprobs: [{token: lp}]}`
/// - chat style: `logprobs: {content: [{token, logprob, top_logprobs: [{token, logprob}]}]}`
enum ResponseParsing {
  static func completion(from data: Data, fromCache: Bool, latency: Double) throws(LLMError) -> Completion {
    guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw .malformedResponse("not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    guard let choices = root["choices"] as? [[String: Any]], let choice = choices.first else {
      throw .malformedResponse("no choices in \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    let text: String
    if let message = choice["message"] as? [String: Any], let content = message["content"] as? String {
      text = content
    } else if let t = choice["text"] as? String {
      text = t
    } else {
      throw .malformedResponse("the first choice has neither message.content nor text")
    }
    let usage = root["usage"] as? [String: Any]
    return Completion(
      text: text, tokens: logprobs(choice["logprobs"]),
      promptTokens: integer(usage?["prompt_tokens"]), completionTokens: integer(usage?["completion_tokens"]),
      model: root["model"] as? String ?? "", fromCache: fromCache, latency: latency)
  }

  /// Either shape of log-probabilities; nil when absent or unreadable.
  static func logprobs(_ value: Any?) -> [TokenLogprob]? {
    guard let object = value as? [String: Any] else { return nil }
    if let content = object["content"] as? [[String: Any]] {
      return content.compactMap { entry in
        guard let token = entry["token"] as? String, let lp = number(entry["logprob"]) else { return nil }
        let top = (entry["top_logprobs"] as? [[String: Any]] ?? []).compactMap { alt -> (String, Double)? in
          guard let t = alt["token"] as? String, let l = number(alt["logprob"]) else { return nil }
          return (t, l)
        }
        return TokenLogprob(token: token, logprob: lp, alternatives: top.map { (token: $0.0, logprob: $0.1) })
      }
    }
    if let tokens = object["tokens"] as? [String] {
      let lps = object["token_logprobs"] as? [Any] ?? []
      let tops = object["top_logprobs"] as? [Any] ?? []
      return tokens.enumerated().map { index, token in
        let lp = index < lps.count ? number(lps[index]) ?? 0 : 0
        var alternatives: [(token: String, logprob: Double)] = []
        if index < tops.count, let top = tops[index] as? [String: Any] {
          alternatives = top.compactMap { key, value in number(value).map { (token: key, logprob: $0) } }
            .sorted { $0.logprob > $1.logprob }
        }
        return TokenLogprob(token: token, logprob: lp, alternatives: alternatives)
      }
    }
    return nil
  }

  static func embeddings(from data: Data) throws(LLMError) -> (vectors: [[Float]], promptTokens: Int) {
    guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
          let items = root["data"] as? [[String: Any]] else {
      throw .malformedResponse("no data array in \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    let ordered = items.sorted { integer($0["index"]) < integer($1["index"]) }
    var vectors: [[Float]] = []
    for item in ordered {
      guard let values = item["embedding"] as? [Any] else { throw .malformedResponse("an item has no embedding array") }
      vectors.append(values.compactMap { number($0).map(Float.init) })
    }
    let usage = root["usage"] as? [String: Any]
    return (vectors, integer(usage?["prompt_tokens"]))
  }

  static func number(_ value: Any?) -> Double? {
    if let d = value as? Double { return d }
    if let n = value as? NSNumber { return n.doubleValue }
    if let i = value as? Int { return Double(i) }
    return nil
  }

  /// A token count: a server's 1e300 or -5 must neither trap the conversion to Int nor
  /// overflow the running totals, so counts are clamped to 0...Int32.max.
  static func integer(_ value: Any?) -> Int {
    guard let number = number(value), number > 0 else { return 0 }  // NaN too
    return Int(min(number, Double(Int32.max)))
  }
}
