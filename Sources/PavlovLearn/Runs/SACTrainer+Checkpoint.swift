import PavlovNet

extension SACTrainer {
  /// The trainer's full state: networks, optimisers, α, replay buffer, RNG, normaliser, counters.
  public func makeCheckpoint(seconds: Double) -> SACCheckpoint {
    let optimizers = networks.optimizers
    let header = SACCheckpoint.Header(
      formatVersion: SACCheckpoint.formatVersion, config: config, rewardName: reward.name, globalStep: globalStep,
      iteration: iteration, updateCount: learner.updateCount, seconds: seconds,
      observationSize: networks.observationSize, actionDimension: networks.head.dimension, random: random,
      observationStatistics: statistics, optimizerSteps: optimizers.map(\.stepCount), replayCount: replay.count,
      replayPosition: replay.position, bufferLengths: [])
    return SACCheckpoint(header: header, parameters: networks.parameterBuffers.map { Array($0) } + [networks.logAlpha],
                         firstMoments: optimizers.map(\.firstMoment), secondMoments: optimizers.map(\.secondMoment),
                         replay: replay.contents())
  }

  /// Continues from `checkpoint`; refuses one of another env, network, reward or buffer.
  public func restore(_ checkpoint: SACCheckpoint) throws(TrainingError) {
    let saved = checkpoint.header
    let differences = saved.config.differences(from: config, ignoring: SACConfig.resumableFields)
    guard differences.isEmpty else {
      throw .checkpoint("the checkpoint's run differs from this one in "
                        + differences.map { "\($0.field) (checkpoint \($0.mine), this run \($0.other))" }
                          .joined(separator: ", "))
    }
    guard saved.rewardName == reward.name else {
      throw .checkpoint("the checkpoint was trained on reward \"\(saved.rewardName)\", not \"\(reward.name)\"")
    }
    let buffers = networks.parameterBuffers
    guard checkpoint.parameters.count == buffers.count + 1,
          zip(checkpoint.parameters, buffers).allSatisfy({ $0.count == $1.count }),
          checkpoint.parameters[buffers.count].count == 1 else {
      throw .checkpoint("the checkpoint's networks (\(checkpoint.parameters.map(\.count)) floats) do not fit this "
                        + "run's (\(buffers.map(\.count)))")
    }
    var optimizers = networks.optimizers
    guard checkpoint.firstMoments.map(\.count) == optimizers.map(\.parameterCount),
          checkpoint.secondMoments.map(\.count) == optimizers.map(\.parameterCount),
          saved.optimizerSteps.count == optimizers.count else {
      throw .checkpoint("the checkpoint's optimiser state does not fit this run's networks")
    }
    if (saved.observationStatistics == nil) != (statistics == nil)
        || saved.observationStatistics.map({ $0.featureCount != networks.observationSize }) == true {
      throw .checkpoint("the checkpoint's observation statistics do not match this run's normalize_observation")
    }
    try replay.restore(checkpoint.replay, count: saved.replayCount, position: saved.replayPosition)
    for (buffer, values) in zip(buffers, checkpoint.parameters) { _ = buffer.update(fromContentsOf: values) }
    networks.logAlpha = checkpoint.parameters[buffers.count]
    for k in optimizers.indices {
      optimizers[k].firstMoment = checkpoint.firstMoments[k]
      optimizers[k].secondMoment = checkpoint.secondMoments[k]
      optimizers[k].stepCount = saved.optimizerSteps[k]
    }
    networks.optimizers = optimizers
    statistics = saved.observationStatistics
    random = saved.random
    globalStep = saved.globalStep
    iteration = saved.iteration
    learner.updateCount = saved.updateCount
    previousSeconds = saved.seconds
  }
}
