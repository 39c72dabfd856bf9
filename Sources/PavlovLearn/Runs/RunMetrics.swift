/// What every learner reports once per iteration, for metrics.jsonl, the curve and the
/// progress line: PPO's `TrainingMetrics` and SAC's `SACMetrics`.
public protocol RunMetrics: Sendable {
  var iteration: Int { get }
  var globalStep: Int { get }
  var seconds: Double { get }
  var stepsPerSecond: Double { get }
  /// Mean environment return of the episodes that finished in this iteration (nil if none).
  var episodicReturn: Double? { get }
  /// Over the last 100 finished episodes (nil before the first).
  var successRate: Double? { get }
  /// (name, value) pairs in a fixed order, CleanRL's names; absent values are left out.
  var entries: [(String, Double)] { get }
}

extension RunMetrics {
  /// One JSON object on one line (numbers only; non-finite values become null).
  public var jsonLine: String {
    "{" + entries.map { name, value in
      "\"\(name)\":" + (value.isFinite ? (value == value.rounded() && abs(value) < 1e15
                                            ? String(Int64(value)) : "\(value)") : "null")
    }.joined(separator: ",") + "}"
  }
}
