import PavlovLearn
import PavlovSim

extension RewardTrace {
  /// The learned reward along one episode played by a trained run's sampling policy (what
  /// `pavlov reward plot` draws); the run and the model must share their environment.
  public static func record(model: RewardModel, checkpoint: Checkpoint, seed: UInt64) throws -> RewardTrace {
    let id = checkpoint.header.config.envID
    guard id == model.environmentID else {
      throw RewardError.invalidArgument("the run trained on \(id) but the reward model was fit on \(model.environmentID)")
    }
    let policy = try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: id), maxBatchSize: 1, seed: seed)
    var action = [Int32](repeating: 0, count: 1)
    return try record(model: model, environmentID: id, seed: seed) { observation in
      try action.withUnsafeMutableBufferPointer { try policy.actions(observations: observation, count: 1, into: $0) }
      return action[0]
    }
  }
}
