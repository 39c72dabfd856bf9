import Foundation
import PavlovNet

/// PPO's update and its acting, over data-parallel replicas of the networks.
///
/// Replica 0 holds the parameters the optimiser updates. Each minibatch is split between the
/// replicas, which compute gradients of their rows (weighted by 1 / minibatch size, so the
/// sum is the full minibatch's gradient) on their own threads; the sums go into replica 0,
/// are clipped and applied, and the new parameters are copied back to the others.
final class PPOLearner {
  let config: PPOConfig
  let shape: NetworkShape
  let replicas: [ActorCritic]
  var optimizers: [Adam]
  let workspaces: [MinibatchWorkspace]
  private var sampleNoise: [Float]
  var permutation: [Int32]
  /// One-hot observations only: the rollout as tuple rows, and whether this update uses them.
  let tupleRollout: TupleRollout?
  var usesTuples = false
  /// Whether the tuple rows were combined from the current parameters.
  var tupleRowsAreCurrent = false

  init(config: PPOConfig, shape: NetworkShape, envs: Int) throws(TrainingError) {
    self.config = config
    self.shape = shape
    let threads = config.learnerThreads
    let capacity = max((envs + threads - 1) / threads, (config.minibatchSize + threads - 1) / threads)
    do {
      var replicas = [ActorCritic]()
      for _ in 0..<threads {
        replicas.append(try ActorCritic(shape: shape, seed: config.seed, maxBatchSize: capacity))
      }
      self.replicas = replicas
    } catch {
      throw .kernel(error.description)
    }
    optimizers = replicas[0].parameterBuffers.map {
      Adam(parameterCount: $0.count, learningRate: config.learningRate, epsilon: 1e-5)
    }
    let isOneHot = shape.encoding.categoryCounts != nil
    let isDiscrete: Bool, actionWidth: Int
    switch shape.head {
    case .categorical, .wordLetters: (isDiscrete, actionWidth) = (true, 1)
    case .gaussian(let dimension): (isDiscrete, actionWidth) = (false, dimension)
    }
    workspaces = (0..<threads).map { _ in
      MinibatchWorkspace(capacity: capacity, featureCount: shape.featureCount, isOneHot: isOneHot,
                         actionWidth: actionWidth, isDiscrete: isDiscrete, outputSize: shape.head.outputSize)
    }
    sampleNoise = [Float](repeating: 0, count: envs * actionWidth)
    if case .oneHot(let counts) = shape.encoding {
      tupleRollout = TupleRollout(categoryCounts: counts, width: 2 * shape.hiddenSize, batch: config.batchSize,
                                  replicas: threads)
    } else {
      tupleRollout = nil
    }
    permutation = (0..<Int32(config.batchSize)).map { $0 }
  }

  var master: ActorCritic { replicas[0] }

  /// Sets every optimiser's learning rate (annealing).
  func setLearningRate(_ rate: Float) {
    for k in optimizers.indices { optimizers[k].learningRate = rate }
  }

  /// Restores optimiser state saved in a checkpoint.
  func restoreOptimizers(_ saved: [Adam]) throws(TrainingError) {
    guard saved.count == optimizers.count,
          zip(saved, optimizers).allSatisfy({ $0.parameterCount == $1.parameterCount }) else {
      throw .checkpoint("the checkpoint's optimiser state does not fit this network")
    }
    optimizers = saved
    for replica in replicas.dropFirst() { replica.copyParameters(from: master) }
  }

  // MARK: Acting

  /// Samples actions for step t of the rollout (slot t's features), writing actions, their
  /// log-probabilities and the critic's values into row t. `greedy` takes the mode instead.
  func act(_ storage: RolloutStorage, step t: Int, random: inout RandomStream, greedy: Bool = false) throws {
    let envs = storage.envs
    let width = storage.actionWidth
    if storage.isDiscrete {
      for k in 0..<envs { sampleNoise[k] = random.unitFloat() }
    } else {
      for k in 0..<(envs * width) { sampleNoise[k] = greedy ? 0 : random.normal() }
    }
    let parts = min(replicas.count, envs)
    try sampleNoise.withUnsafeBufferPointer { noise in
      try runParallel(parts) { part in
        let range = share(envs, part: part, of: parts)
        let replica = replicas[part]
        let input = storage.features(slot: t, envs: range)
        let rows = range.count, base = t * envs + range.lowerBound
        let (output, values) = try replica.forward(input, batchSize: rows)
        let logp = UnsafeMutableBufferPointer(rebasing: storage.logProbabilities[base..<(base + rows)])
        switch shape.head {
        case .categorical, .wordLetters:
          let count = shape.head.outputSize
          let actions = UnsafeMutableBufferPointer(rebasing: storage.discreteActions[base..<(base + rows)])
          if greedy {
            for i in 0..<rows { actions[i] = Int32(argmax(output, row: i, width: count)) }
          } else {
            try Categorical.sample(logits: output, actionCount: count,
                                   uniforms: UnsafeBufferPointer(rebasing: noise[range]), into: actions,
                                   logProbabilities: logp)
          }
        case .gaussian(let dimension):
          let actions = UnsafeMutableBufferPointer(
            rebasing: storage.continuousActions[(base * dimension)..<((base + rows) * dimension)])
          try DiagonalGaussian.sample(
            mean: output, logStd: UnsafeBufferPointer(replica.logStd),
            normals: UnsafeBufferPointer(rebasing: noise[(range.lowerBound * dimension)..<(range.upperBound * dimension)]),
            batchSize: rows, into: actions, logProbabilities: logp)
        }
        _ = UnsafeMutableBufferPointer(rebasing: storage.values[base..<(base + rows)]).update(fromContentsOf: values)
      }
    }
  }

  /// The critic's values of `rows` feature rows, into `output`, split over the replicas.
  func values(of input: FeatureRows, rows: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
    guard rows > 0 else { return }
    let parts = min(replicas.count, rows)
    let width = shape.featureCount
    try runParallel(parts) { part in
      let range = share(rows, part: part, of: parts)
      let slice: FeatureRows
      switch input {
      case .indices(let all):
        slice = .indices(UnsafeBufferPointer(rebasing: all[(range.lowerBound * width)..<(range.upperBound * width)]))
      case .floats(let all):
        slice = .floats(UnsafeBufferPointer(rebasing: all[(range.lowerBound * width)..<(range.upperBound * width)]))
      }
      let values = try replicas[part].forward(slice, batchSize: range.count).values
      _ = UnsafeMutableBufferPointer(rebasing: output[range]).update(fromContentsOf: values)
    }
  }

  private func argmax(_ values: UnsafeBufferPointer<Float>, row: Int, width: Int) -> Int {
    var best = 0
    for a in 1..<max(width, 1) where values[row * width + a] > values[row * width + best] { best = a }
    return best
  }
}
