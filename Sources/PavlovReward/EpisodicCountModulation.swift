import Foundation

/// The paper's exploration bonus shape: a learned reward r̂, kept only above a threshold ε and
/// divided by how often the episode has seen the same caption (or observation):
///
///     r = 1[r̂ > ε] · r̂ / N_ep(key)^β      (β = 3, ε a quantile of r̂, e.g. the median)
///
/// One counter table per environment, cleared when its episode ends. `Key` is whatever
/// identifies a state for counting: the caption text, or a hash of the observation bytes.
public struct EpisodicCountModulation<Key: Hashable> {
  public var beta: Double
  public var threshold: Float
  private var counts: [[Key: Int]]

  /// `threshold` usually comes from `RewardModel.threshold`.
  public init(environmentCount: Int, threshold: Float, beta: Double = 3) {
    precondition(environmentCount >= 0, "environmentCount must be 0 or more")
    self.beta = beta
    self.threshold = threshold
    counts = Array(repeating: [:], count: environmentCount)
  }

  /// Counts `key` in env `environment`'s episode and returns the modulated reward.
  public mutating func modulate(_ reward: Float, environment: Int, key: Key) -> Float {
    let n = counts[environment][key, default: 0] + 1
    counts[environment][key] = n
    guard reward > threshold else { return 0 }
    return n == 1 ? reward : Float(Double(reward) / pow(Double(n), beta))
  }

  /// Modulates one reward per env in place (`keys[i]` for env `i`).
  public mutating func modulate(_ rewards: UnsafeMutableBufferPointer<Float>, keys: [Key]) {
    precondition(keys.count >= rewards.count, "one key per reward is needed")
    for i in 0..<rewards.count { rewards[i] = modulate(rewards[i], environment: i, key: keys[i]) }
  }

  /// Forgets env `environment`'s counts (call when its episode ends).
  public mutating func endEpisode(environment: Int) {
    counts[environment].removeAll(keepingCapacity: true)
  }

  /// How often env `environment`'s episode has seen `key`.
  public func count(of key: Key, environment: Int) -> Int { counts[environment][key, default: 0] }
}
