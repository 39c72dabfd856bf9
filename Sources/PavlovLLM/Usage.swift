/// What the language model cost: requests, tokens and an estimate of the compute spent.
///
/// FLOPs follow the usual estimate for a dense transformer's forward pass, 2 × parameters ×
/// tokens (prompt and completion alike); the parameter count comes from the user or the
/// server's metadata, and is nil when neither gave it.
public struct Usage: Sendable, Equatable, Codable {
  /// Requests answered by the server (each retry of one call counts once more).
  public var requests = 0
  /// Calls answered from the persistent cache, which cost nothing.
  public var cacheHits = 0
  /// Calls that failed after every retry.
  public var failures = 0
  /// Retries made after a 429, a 5xx, a timeout or a connection error.
  public var retries = 0
  public var promptTokens = 0
  public var completionTokens = 0
  /// The model's parameter count, if known.
  public var parameterCount: Double?

  public init(parameterCount: Double? = nil) { self.parameterCount = parameterCount }

  public var totalTokens: Int { promptTokens + completionTokens }

  /// 2 × parameters × tokens, or nil without a parameter count.
  public var estimatedFLOPs: Double? {
    parameterCount.map { 2 * $0 * Double(totalTokens) }
  }

  /// One line for people.
  public var summary: String {
    var text = "LLM usage: \(requests) requests (\(cacheHits) from cache, \(retries) retries, \(failures) failed), "
      + "\(promptTokens) prompt + \(completionTokens) completion tokens"
    if let flops = estimatedFLOPs, let p = parameterCount {
      text += ", ≈ \(formatScientific(flops)) FLOPs (2 × \(formatScientific(p)) parameters × tokens)"
    } else {
      text += ", FLOPs unknown (give --llm-parameters)"
    }
    return text
  }
}

func formatScientific(_ value: Double) -> String {
  guard value > 0, value.isFinite else { return "0" }
  let exponent = Int((value.magnitude).log10Floor)
  let mantissa = value / pow10(exponent)
  return "\((mantissa * 100).rounded() / 100)e\(exponent)"
}

private func pow10(_ n: Int) -> Double {
  var r = 1.0
  for _ in 0..<abs(n) { r *= 10 }
  return n >= 0 ? r : 1 / r
}

extension Double {
  fileprivate var log10Floor: Double {
    var e = 0.0, v = self
    while v >= 10 { v /= 10; e += 1 }
    while v < 1 { v *= 10; e -= 1 }
    return e
  }
}
