/// What one method × seed run measured; written as result.json in its run directory when the
/// run is finished, which is also how a rerun knows to skip it.
public struct StudyRunResult: Sendable, Codable, Equatable {
  public var method: StudyMethod
  public var seed: Int
  /// True when a scripted stand-in took the language model's place.
  public var simulated: Bool
  /// What stood in ("scripted expert", ...), or the model's name.
  public var source: String
  /// Privileged success rate over the evaluation episodes.
  public var success: Double
  public var evaluationEpisodes: Int
  /// Environment steps the method took: PPO's steps, plus AI feedback's collection, plus the
  /// policy's own episodes for `policy`.
  public var environmentSteps: Int
  public var llmCalls = 0
  public var promptTokens = 0
  public var completionTokens = 0
  /// 2 × parameters × tokens; nil when the parameter count is unknown (or no LLM ran).
  public var llmFLOPs: Double?
  /// See `LearnerFLOPs`; 0 for `policy`.
  public var learnerFLOPs: Double = 0
  /// The PPO network's parameter count (actor and critic), 0 for `policy`.
  public var learnerParameters = 0
  public var wallSeconds = 0.0
  /// Why the run failed (an LLM that wrote no acceptable program, a server that went away);
  /// nil for a run that finished. A failed run counts in no mean and is tried again by a rerun.
  public var failure: String?

  public var tokens: Int { promptTokens + completionTokens }
}

/// The learner's compute, as in the paper's rebuttal table: a forward pass costs ≈ 2 FLOPs per
/// parameter per sample and a forward plus backward pass ≈ 6. PPO runs the actor and critic
/// forward once per collected step, then forward and backward over every step in each of
/// `updateEpochs` epochs; a learned reward model adds its own forward pass per step.
public enum LearnerFLOPs {
  public static func ppo(parameters: Int, steps: Int, updateEpochs: Int) -> Double {
    let p = Double(parameters), s = Double(steps)
    return 2 * p * s + 6 * p * s * Double(updateEpochs)
  }

  public static func rewardModel(parameters: Int, steps: Int) -> Double { 2 * Double(parameters) * Double(steps) }
}
