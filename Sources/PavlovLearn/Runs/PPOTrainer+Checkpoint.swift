import PavlovNet

extension PPOTrainer {
  /// The trainer's full state: parameters, optimiser, RNG, normalisers and counters.
  public func makeCheckpoint(seconds: Double) -> Checkpoint {
    let buffers = agent.parameterBuffers
    let header = Checkpoint.Header(
      formatVersion: Checkpoint.formatVersion, config: config, shape: shape, rewardName: reward.name,
      globalStep: globalStep, iteration: iteration, seconds: seconds, random: random,
      observationStatistics: encoder.statistics, rewardScaler: rewardScaler,
      optimizerSteps: learner.optimizers.map(\.stepCount), learningRates: learner.optimizers.map(\.learningRate),
      bufferLengths: buffers.map(\.count))
    return Checkpoint(header: header, parameters: buffers.map { Array($0) },
                      firstMoments: learner.optimizers.map(\.firstMoment),
                      secondMoments: learner.optimizers.map(\.secondMoment))
  }

  /// Continues from `checkpoint`; refuses one of another env, network shape or reward.
  public func restore(_ checkpoint: Checkpoint) throws(TrainingError) {
    let saved = checkpoint.header
    guard saved.config.envID == config.envID else {
      throw .checkpoint("the checkpoint was trained on \(saved.config.envID), not \(config.envID)")
    }
    guard saved.shape == shape else {
      throw .checkpoint("the checkpoint's network (\(saved.shape.summary)) differs from this run's (\(shape.summary))")
    }
    guard saved.rewardName == reward.name else {
      throw .checkpoint("the checkpoint was trained on reward \"\(saved.rewardName)\", not \"\(reward.name)\"")
    }
    guard saved.config.numEnvs == config.numEnvs else {
      throw .checkpoint("the checkpoint ran \(saved.config.numEnvs) envs, this run \(config.numEnvs) (num_envs)")
    }
    try agent.load(parameters: checkpoint.parameters)
    var optimizers = learner.optimizers
    guard checkpoint.firstMoments.count == optimizers.count, saved.optimizerSteps.count == optimizers.count else {
      throw .checkpoint("the checkpoint's optimiser state does not fit this network")
    }
    for k in optimizers.indices {
      optimizers[k].firstMoment = checkpoint.firstMoments[k]
      optimizers[k].secondMoment = checkpoint.secondMoments[k]
      optimizers[k].stepCount = saved.optimizerSteps[k]
    }
    try learner.restoreOptimizers(optimizers)
    try encoder.restore(statistics: saved.observationStatistics)
    if (saved.rewardScaler == nil) != (rewardScaler == nil) {
      throw .checkpoint("the checkpoint's reward normalisation (normalize_reward) differs from this run's")
    }
    rewardScaler = saved.rewardScaler
    random = saved.random
    globalStep = saved.globalStep
    iteration = saved.iteration
    previousSeconds = saved.seconds
  }
}

extension ActorCritic {
  /// Overwrites every parameter buffer (in `parameterBuffers` order) after checking lengths.
  public func load(parameters: [[Float]]) throws(TrainingError) {
    let buffers = parameterBuffers
    guard parameters.count == buffers.count, zip(parameters, buffers).allSatisfy({ $0.count == $1.count }) else {
      throw .checkpoint("parameter buffers of lengths \(parameters.map(\.count)) do not fit this network's "
                        + "\(buffers.map(\.count))")
    }
    for (buffer, values) in zip(buffers, parameters) { _ = buffer.update(fromContentsOf: values) }
  }
}

extension NetworkShape {
  /// "one-hot 984 → 64 → 64 → 7 (categorical)" style.
  public var summary: String {
    let input: String
    switch encoding {
    case .oneHot(let counts): input = "one-hot \(counts.reduce(0, +))"
    case .view(let name, let counts): input = "\(name) one-hot \(counts.reduce(0, +))"
    case .continuous: input = "\(observationSize) floats"
    case .elementTable(let layout):
      return "element table \(layout.rows) rows → row MLP \(hiddenSize) → \(hiddenSize), mean-pooled with the "
        + "instruction → \(hiddenSize) → \(hiddenSize) → per-row click/type scores, \(layout.keyCount) keys, value"
    }
    let kind: String
    switch head {
    case .categorical: kind = "categorical"
    case .wordLetters: kind = hasLetterSkip ? "word letters, plus a linear path from the input" : "word letters"
    case .gaussian: kind = "gaussian"
    }
    return "\(input) → \(hiddenSize) → \(hiddenSize) → \(head.networkOutputSize) (\(kind))"
  }
}
