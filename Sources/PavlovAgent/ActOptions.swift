/// How the language model acts (`pavlov act`'s flags).
public struct ActOptions: Sendable, Equatable {
  public static let episodeRange = 1...1024
  public static let historyRange = 0...50
  public static let exampleRange = 0...8
  public static let illegalRetryRange = 0...10

  /// Episodes, run at once: one env each.
  public var episodes = 4
  public var seed: UInt64 = 0
  /// Ask for a high-level plan at each episode's start and show it at every step.
  public var plan = false
  /// Let the model reason step by step before its answer.
  public var chainOfThought = false
  /// Example episodes of the scripted expert shown in every prompt.
  public var examples = 0
  /// RCI: the model critiques its answer, then answers again.
  public var refine = false
  /// Past steps (caption and action) shown in the prompt.
  public var history = 0
  /// Truncates episodes sooner than the environment's own limit (nil keeps it).
  public var maxEpisodeSteps: Int?
  /// Times an illegal word is sent back before the fallback is taken.
  public var illegalRetries = 2
  public var temperature = 0.0

  public init() {}

  public func validate() throws(AgentError) {
    func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws(AgentError) {
      guard range.contains(value) else {
        throw .invalidArgument("\(name) must be from \(range.lowerBound) to \(range.upperBound); got \(value)")
      }
    }
    try check("episodes", episodes, Self.episodeRange)
    try check("history", history, Self.historyRange)
    try check("examples", examples, Self.exampleRange)
    try check("illegal-word retries", illegalRetries, Self.illegalRetryRange)
    if let maxEpisodeSteps, maxEpisodeSteps < 1 {
      throw .invalidArgument("max-steps must be 1 or more; got \(maxEpisodeSteps)")
    }
    guard temperature.isFinite, temperature >= 0 else {
      throw .invalidArgument("temperature must be 0 or more; got \(temperature)")
    }
  }
}
