/// What one iteration (rollout + update) of PPO measured. `entries` gives stable names, as
/// CleanRL writes them to TensorBoard (charts/…, losses/…), for the metrics file.
public struct TrainingMetrics: Sendable {
  public var iteration: Int
  public var globalStep: Int
  public var seconds: Double
  public var stepsPerSecond: Double
  public var learningRate: Double
  /// Seconds this iteration spent collecting the rollout (env steps, acting, rewards) and updating.
  public var rolloutSeconds: Double = 0
  public var updateSeconds: Double = 0
  /// Means over the episodes that finished during this iteration (nil if none did).
  public var episodicReturn: Double?
  public var episodicTrainingReturn: Double?
  public var episodicLength: Double?
  /// Over the last 100 finished episodes (nil before the first).
  public var successRate: Double?
  public var episodes: Int
  public var update: UpdateStatistics

  /// (name, value) pairs in a fixed order; absent values are left out.
  public var entries: [(String, Double)] {
    var list: [(String, Double)] = [
      ("global_step", Double(globalStep)), ("iteration", Double(iteration)), ("time/seconds", seconds),
      ("charts/SPS", stepsPerSecond), ("charts/learning_rate", learningRate),
      ("time/rollout_seconds", rolloutSeconds), ("time/update_seconds", updateSeconds),
    ]
    if let episodicReturn { list.append(("charts/episodic_return", episodicReturn)) }
    if let episodicTrainingReturn { list.append(("charts/episodic_training_return", episodicTrainingReturn)) }
    if let episodicLength { list.append(("charts/episodic_length", episodicLength)) }
    if let successRate { list.append(("charts/success_rate", successRate)) }
    list.append(("charts/episodes", Double(episodes)))
    list += [
      ("losses/value_loss", update.valueLoss), ("losses/policy_loss", update.policyLoss),
      ("losses/entropy", update.entropy), ("losses/old_approx_kl", update.oldApproxKL),
      ("losses/approx_kl", update.approxKL), ("losses/clipfrac", update.clipFraction),
      ("losses/explained_variance", update.explainedVariance), ("losses/grad_norm", update.gradientNorm),
    ]
    return list
  }
}

extension TrainingMetrics: RunMetrics {}
