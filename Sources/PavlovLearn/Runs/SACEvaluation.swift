import PavlovNet
import PavlovSim

extension Evaluation {
  /// The actor of a SAC checkpoint, one episode in each of `episodes` fresh envs; `greedy`
  /// takes tanh(mean) (CleanRL's evaluation action) instead of sampling.
  public static func run(_ checkpoint: SACCheckpoint, episodes: Int, seed: UInt64, greedy: Bool = false,
                         threads: Int = 2) throws -> EvaluationResult
  {
    guard episodes > 0, episodes <= 1 << 20 else {
      throw TrainingError.invalidConfig(field: "episodes", message: "episodes must be in [1, 1048576], got \(episodes)")
    }
    let header = checkpoint.header
    return try run(actor: checkpoint.parameters.first ?? [], config: header.config, observationSize: header.observationSize,
                   actionDimension: header.actionDimension, statistics: header.observationStatistics,
                   episodes: episodes, seed: seed, greedy: greedy, threads: threads)
  }

  /// The actor given by its parameters (the layout of `SACNetworks.actor` for `config`), as above:
  /// what `pavlov eval` does with a checkpoint, and SAC's periodic evaluation with the live actor.
  static func run(actor parameters: [Float], config: SACConfig, observationSize: Int, actionDimension: Int,
                  statistics: RunningMeanStd?, episodes: Int, seed: UInt64, greedy: Bool, threads: Int) throws
    -> EvaluationResult
  {
    let environment = try makeEnvironment(config.envID, episodes, seed, threads, rewardKind: config.rewardKind)
    let spec = environment.spec
    guard case .continuous(let dimension, let bounds) = spec.actionSpace, dimension == actionDimension,
          spec.observationSize == observationSize else {
      throw TrainingError.checkpoint("the checkpoint's actor (\(observationSize) observations → "
                                     + "\(actionDimension) actions) does not fit \(spec.id) now")
    }
    let head = SquashedGaussian(dimension: dimension, bounds: bounds)
    let actor = try MLP(layerSizes: [observationSize, config.hiddenSize, config.hiddenSize, head.networkOutputSize],
                        activation: .relu, maxBatchSize: episodes)
    guard parameters.count == actor.parameterCount else {
      throw TrainingError.checkpoint("the checkpoint's actor holds \(parameters.count) "
                                     + "parameters, its config's network \(actor.parameterCount)")
    }
    _ = actor.parameters.update(fromContentsOf: parameters)
    let storage = RolloutStorage(spec: spec, envs: episodes, steps: 1, isOneHot: false)
    let o = observationSize
    var input = [Float](repeating: 0, count: episodes * o), output = [Float](repeating: 0, count: episodes * 2 * dimension)
    var normals = [Float](repeating: 0, count: episodes * dimension), squashed = normals
    var logProbabilities = [Float](repeating: 0, count: episodes)
    var random = RandomStream(seed: seed, stream: 7)
    try environment.reset(into: storage.resetBuffers())
    return try collect(environment, storage) { storage in
      let raw = UnsafeRawBufferPointer(storage.observations(at: 0))
      for k in 0..<(episodes * o) {
        let x: Float
        switch spec.observationType {
        case .uint8: x = Float(raw.load(fromByteOffset: k, as: UInt8.self))
        case .int32: x = Float(raw.load(fromByteOffset: 4 * k, as: Int32.self))
        case .float32: x = raw.load(fromByteOffset: 4 * k, as: Float.self)
        }
        input[k] = statistics?.normalize(Double(x), feature: k % o) ?? x
      }
      try input.withUnsafeBufferPointer { x in
        try output.withUnsafeMutableBufferPointer { y in try actor.forward(x, batchSize: episodes, into: y) }
      }
      if greedy {
        output.withUnsafeBufferPointer { head.meanActions(output: $0, batch: episodes, into: storage.continuousActions) }
      } else {
        for k in normals.indices { normals[k] = random.normal() }
        output.withUnsafeBufferPointer { y in
          normals.withUnsafeBufferPointer { n in
            squashed.withUnsafeMutableBufferPointer { s in
              logProbabilities.withUnsafeMutableBufferPointer { l in
                head.sample(output: y, normals: n, batch: episodes, actions: storage.continuousActions, squashed: s,
                            logProbabilities: l)
              }
            }
          }
        }
      }
      try step(environment, storage)
      storage.rollOver()
    }
  }
}
