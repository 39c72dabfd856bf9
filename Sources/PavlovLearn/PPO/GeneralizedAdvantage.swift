/// Generalized advantage estimation over a time-major rollout (`steps × envs`, row t = time t).
///
/// Episodes end in two ways, treated differently (Pardo et al. 2018, "Time limits in RL"):
/// - terminated (the task ended it): the future is worth 0, nothing is bootstrapped;
/// - truncated (a step limit cut it): the future is still worth V(final observation), so the
///   step bootstraps from `finalValues`, the critic's value of the observation the episode
///   ended in (the env has already reset, so `values[t + 1]` belongs to the next episode).
/// In both cases the advantage does not flow across into the next episode.
public enum GeneralizedAdvantage {
  /// Writes `advantages` and `returns` (= advantages + values), all buffers `steps × envs`;
  /// `nextValues` (`envs`) are the values of the observations after the last step.
  public static func compute(
    rewards: UnsafeBufferPointer<Float>, values: UnsafeBufferPointer<Float>,
    terminated: UnsafeBufferPointer<UInt8>, truncated: UnsafeBufferPointer<UInt8>,
    finalValues: UnsafeBufferPointer<Float>, nextValues: UnsafeBufferPointer<Float>,
    steps: Int, envs: Int, gamma: Float, lambda: Float,
    advantages: UnsafeMutableBufferPointer<Float>, returns: UnsafeMutableBufferPointer<Float>
  ) {
    let n = steps * envs
    precondition(rewards.count >= n && values.count >= n && terminated.count >= n && truncated.count >= n
                   && finalValues.count >= n && nextValues.count >= envs && advantages.count >= n
                   && returns.count >= n, "GAE buffers shorter than steps × envs")
    // Running GAE per env; walking time backwards keeps each row's memory contiguous.
    var carried = [Float](repeating: 0, count: envs)
    for t in stride(from: steps - 1, through: 0, by: -1) {
      for e in 0..<envs {
        let i = t * envs + e
        let nextValue: Float
        var continues = false
        if terminated[i] != 0 {
          nextValue = 0
        } else if truncated[i] != 0 {
          nextValue = finalValues[i]
        } else {
          nextValue = t == steps - 1 ? nextValues[e] : values[i + envs]
          continues = true
        }
        let delta = rewards[i] + gamma * nextValue - values[i]
        let advantage = delta + (continues ? gamma * lambda * carried[e] : 0)
        carried[e] = advantage
        advantages[i] = advantage
        returns[i] = advantage + values[i]
      }
    }
  }
}
