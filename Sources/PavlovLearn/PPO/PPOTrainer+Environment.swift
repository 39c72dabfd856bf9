import PavlovSim

extension PPOTrainer {
  /// The envs `config` describes (`env_id`, `num_envs`, `seed`, `env_threads`, `reward_kind`),
  /// for callers that do not build their own: the command line and run sessions.
  public static func makeEnvironment(for config: PPOConfig) throws(TrainingError) -> VecEnv {
    try config.validate()
    return try trainingEnvironment(id: config.envID, count: config.numEnvs, seed: config.seed,
                                   threads: config.envThreads, rewardKind: config.rewardKind)
  }

  /// Refuses envs other than those `config` describes: the rollout storage, the checkpoint and
  /// a resume all take `env_id` and `num_envs` from the config, so they must be the env's.
  static func requireDescribed(_ environment: VecEnv, by config: PPOConfig) throws(TrainingError) {
    guard environment.spec.id == config.envID else {
      throw .invalidConfig(field: "env_id", message: "env_id is \(config.envID) but the environment given is "
                                                     + "\(environment.spec.id); pass envs of \(config.envID)")
    }
    guard environment.count == config.numEnvs else {
      throw .invalidConfig(field: "num_envs", message: "num_envs is \(config.numEnvs) but the environment given has "
                                                       + "\(environment.count) envs; pass \(config.numEnvs)")
    }
  }
}

/// The envs of a run's config (PPO's or SAC's), with a failure named after `env_id`.
func trainingEnvironment(id: String, count: Int, seed: UInt64, threads: Int, rewardKind: Int)
  throws(TrainingError) -> VecEnv
{
  do {
    return try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: threads, rewardKind: rewardKind))
  } catch {
    throw .invalidConfig(field: "env_id", message: "env_id \"\(id)\": \(error)")
  }
}
