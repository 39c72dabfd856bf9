/// Divides rewards by the running standard deviation of each env's discounted return, then
/// clips to ±10, as gymnasium's NormalizeReward (CleanRL's continuous PPO uses it). Scales
/// the reward only: the mean is not removed, so the sign of every reward is kept.
struct RewardScaler: Codable, Sendable, Equatable {
  let gamma: Double
  private var discountedReturns: [Double]
  private var statistics = RunningMeanStd(featureCount: 1)

  init(envs: Int, gamma: Float) {
    self.gamma = Double(gamma)
    discountedReturns = [Double](repeating: 0, count: envs)
  }

  mutating func scale(_ rewards: UnsafeMutableBufferPointer<Float>, terminated: UnsafeBufferPointer<UInt8>,
                      truncated: UnsafeBufferPointer<UInt8>)
  {
    for e in discountedReturns.indices { discountedReturns[e] = discountedReturns[e] * gamma + Double(rewards[e]) }
    let returns = discountedReturns
    statistics.update(rows: returns.count) { i, _ in returns[i] }
    let std = (statistics.variance[0] + 1e-8).squareRoot()
    for e in discountedReturns.indices {
      rewards[e] = Float(min(max(Double(rewards[e]) / std, -10), 10))
      if terminated[e] != 0 || truncated[e] != 0 { discountedReturns[e] = 0 }
    }
  }
}

extension RewardScaler {
  /// Whether a scaler read from a checkpoint fits `envs` envs with only finite numbers in it:
  /// `scale` indexes the rewards of each env it tracks.
  func fits(envs: Int) -> Bool {
    discountedReturns.count == envs && discountedReturns.allSatisfy(\.isFinite) && gamma.isFinite
      && statistics.featureCount == 1 && statistics.isWellFormed
  }
}
