/// What one metrics interval of SAC measured, with CleanRL's names (charts/…, losses/…).
public struct SACMetrics: RunMetrics {
  public var iteration: Int
  public var globalStep: Int
  public var seconds: Double
  public var stepsPerSecond: Double
  /// Seconds this interval spent stepping and acting, and in gradient updates.
  public var rolloutSeconds: Double
  public var updateSeconds: Double
  public var episodicReturn: Double?
  public var episodicTrainingReturn: Double?
  public var episodicLength: Double?
  public var successRate: Double?
  public var episodes: Int
  /// Gradient updates made so far in the run.
  public var totalUpdates: Int
  public var replaySize: Int
  /// Stored transitions whose rewards were computed again this interval (after a reward refit).
  public var relabelled: Int = 0
  public var relabelSeconds: Double = 0
  public var update: SACUpdateStatistics
  /// The frozen actor at the interval's end (`eval_episodes`), if evaluated.
  public var evaluation: EvaluationResult? = nil

  public var entries: [(String, Double)] {
    var list: [(String, Double)] = [
      ("global_step", Double(globalStep)), ("iteration", Double(iteration)), ("time/seconds", seconds),
      ("charts/SPS", stepsPerSecond), ("time/rollout_seconds", rolloutSeconds), ("time/update_seconds", updateSeconds),
    ]
    if let episodicReturn { list.append(("charts/episodic_return", episodicReturn)) }
    if let episodicTrainingReturn { list.append(("charts/episodic_training_return", episodicTrainingReturn)) }
    if let episodicLength { list.append(("charts/episodic_length", episodicLength)) }
    if let successRate { list.append(("charts/success_rate", successRate)) }
    list += [("charts/episodes", Double(episodes)), ("charts/updates", Double(totalUpdates)),
             ("charts/replay_size", Double(replaySize))]
    if relabelled > 0 { list += [("charts/relabelled", Double(relabelled)), ("time/relabel_seconds", relabelSeconds)] }
    if update.updates > 0 {
      list += [
        ("losses/qf1_values", update.q1Value), ("losses/qf2_values", update.q2Value),
        ("losses/qf1_loss", update.q1Loss), ("losses/qf2_loss", update.q2Loss),
        ("losses/qf_loss", (update.q1Loss + update.q2Loss) / 2), ("losses/actor_loss", update.actorLoss),
        ("losses/alpha", update.alpha), ("losses/alpha_loss", update.alphaLoss), ("losses/entropy", update.entropy),
      ]
    }
    if let evaluation {
      list += [("eval/success_rate", evaluation.successRate), ("eval/episodic_return", evaluation.meanReturn),
               ("eval/episodic_length", evaluation.meanLength), ("eval/cut_short", Double(evaluation.cutShort))]
    }
    return list
  }
}
