import PavlovLearn

/// `env`: the environment's own reward.
public struct EnvironmentRewardKind: RewardKind {
  public static let name = "env"
  public static let syntax = "env"

  public init() {}

  public init(options: String?) throws(RewardError) {
    guard options == nil else {
      throw RewardError.invalidArgument("'env:\(options!)': env takes no options; allowed: \(RewardSpec.allowed)")
    }
  }

  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction { EnvironmentReward() }

  public var description: String { Self.name }
}
