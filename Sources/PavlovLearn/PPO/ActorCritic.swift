/// Rows of network input: one-hot category indices or floats, row-major.
public enum FeatureRows {
  case indices(UnsafeBufferPointer<Int32>)
  case floats(UnsafeBufferPointer<Float>)
}

/// What the policy outputs.
public enum PolicyHead: Codable, Sendable, Equatable {
  /// Logits over `actionCount` discrete actions.
  case categorical(actionCount: Int)
  /// Means of a diagonal Gaussian over `dimension` continuous actions, with a learned
  /// state-independent log standard deviation (CleanRL's `actor_logstd`, starting at 0).
  case gaussian(dimension: Int)

  /// Numbers the actor network outputs per row.
  public var outputSize: Int {
    switch self {
    case .categorical(let count): return count
    case .gaussian(let dimension): return dimension
    }
  }
}

/// The shape of an agent's networks; a checkpoint stores it and refuses to load into another.
public struct NetworkShape: Codable, Sendable, Equatable {
  public var encoding: ObservationEncoding
  public var observationSize: Int
  public var hiddenSize: Int
  public var head: PolicyHead
}

/// PPO's networks, as CleanRL's Agent: a separate actor and critic, each two tanh hidden
/// layers (`hiddenSize` wide); the first layer is a `OneHotLayer` for categorical observations.
/// The actor's output layer starts with gain 0.01 (a near-uniform policy), the critic's with 1.
///
/// Not thread-safe; the trainer gives each thread its own replica.
public final class ActorCritic {
  public let shape: NetworkShape
  private let actorInput: OneHotLayer?
  private let actor: MLP
  private let criticInput: OneHotLayer?
  private let critic: MLP
  /// Gaussian heads only: log standard deviation per action dimension, and its gradient.
  public let logStd: UnsafeMutableBufferPointer<Float>
  public let logStdGradients: UnsafeMutableBufferPointer<Float>
  public let maxBatchSize: Int
  // Workspaces, sized for maxBatchSize rows.
  private let actorOutput: UnsafeMutableBufferPointer<Float>
  private let criticOutput: UnsafeMutableBufferPointer<Float>
  private let hiddenGradient: UnsafeMutableBufferPointer<Float>

  public init(shape: NetworkShape, seed: UInt64, maxBatchSize: Int) throws(LearnError) {
    self.shape = shape
    self.maxBatchSize = maxBatchSize
    let hidden = shape.hiddenSize, outputs = shape.head.outputSize
    switch shape.encoding {
    case .oneHot(let counts):
      let categories = counts.reduce(0, +)
      actorInput = try OneHotLayer(categoryCount: categories, featureCount: counts.count, outputSize: hidden,
                                   seed: seed &+ 11, maxBatchSize: maxBatchSize)
      criticInput = try OneHotLayer(categoryCount: categories, featureCount: counts.count, outputSize: hidden,
                                    seed: seed &+ 13, maxBatchSize: maxBatchSize)
      actor = try MLP(layerSizes: [hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [hidden, hidden, 1], outputGain: 1, seed: seed &+ 19, maxBatchSize: maxBatchSize)
    case .continuous:
      actorInput = nil
      criticInput = nil
      let input = shape.observationSize
      actor = try MLP(layerSizes: [input, hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [input, hidden, hidden, 1], outputGain: 1, seed: seed &+ 19,
                       maxBatchSize: maxBatchSize)
    }
    let dimension: Int
    if case .gaussian(let d) = shape.head { dimension = d } else { dimension = 0 }
    logStd = .allocate(capacity: dimension)
    logStd.initialize(repeating: 0)
    logStdGradients = .allocate(capacity: dimension)
    logStdGradients.initialize(repeating: 0)
    actorOutput = .allocate(capacity: maxBatchSize * outputs)
    actorOutput.initialize(repeating: 0)
    criticOutput = .allocate(capacity: maxBatchSize)
    criticOutput.initialize(repeating: 0)
    hiddenGradient = .allocate(capacity: maxBatchSize * hidden)
    hiddenGradient.initialize(repeating: 0)
  }

  deinit {
    for buffer in [logStd, logStdGradients, actorOutput, criticOutput, hiddenGradient] { buffer.deallocate() }
  }

  /// Every parameter buffer, in a fixed order (checkpoints, the optimiser and replicas use it).
  public var parameterBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let actorInput { buffers.append(actorInput.parameters) }
    buffers.append(actor.parameters)
    if let criticInput { buffers.append(criticInput.parameters) }
    buffers.append(critic.parameters)
    if logStd.count > 0 { buffers.append(logStd) }
    return buffers
  }

  /// The gradient buffers, in the order of `parameterBuffers`.
  public var gradientBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let actorInput { buffers.append(actorInput.gradients) }
    buffers.append(actor.gradients)
    if let criticInput { buffers.append(criticInput.gradients) }
    buffers.append(critic.gradients)
    if logStd.count > 0 { buffers.append(logStdGradients) }
    return buffers
  }

  public var parameterCount: Int { parameterBuffers.reduce(0) { $0 + $1.count } }

  public func zeroGradients() {
    for buffer in gradientBuffers { buffer.update(repeating: 0) }
  }

  /// Makes this replica's parameters equal to `other`'s (same shape).
  public func copyParameters(from other: ActorCritic) {
    for (mine, theirs) in zip(parameterBuffers, other.parameterBuffers) {
      _ = mine.update(fromContentsOf: theirs)
    }
  }

  /// Adds `other`'s gradients into this replica's (data-parallel reduction).
  public func addGradients(from other: ActorCritic) {
    for (mine, theirs) in zip(gradientBuffers, other.gradientBuffers) {
      for k in 0..<mine.count { mine[k] += theirs[k] }
    }
  }

  /// The actor's output (`batchSize × head.outputSize`): logits or Gaussian means. Valid until
  /// the next actor forward.
  public func forwardActor(_ input: FeatureRows, batchSize: Int) throws(LearnError) -> UnsafeBufferPointer<Float> {
    let output = UnsafeMutableBufferPointer(rebasing: actorOutput[0..<(batchSize * shape.head.outputSize)])
    try forward(actorInput, actor, input, batchSize, output)
    return UnsafeBufferPointer(output)
  }

  /// The critic's values (`batchSize`). Valid until the next critic forward.
  public func forwardCritic(_ input: FeatureRows, batchSize: Int) throws(LearnError) -> UnsafeBufferPointer<Float> {
    let output = UnsafeMutableBufferPointer(rebasing: criticOutput[0..<batchSize])
    try forward(criticInput, critic, input, batchSize, output)
    return UnsafeBufferPointer(output)
  }

  /// Adds the actor's parameter gradients for dLoss/dOutput of its last forward.
  public func backwardActor(_ outputGradient: UnsafeBufferPointer<Float>) throws(LearnError) {
    try backward(actorInput, actor, outputGradient)
  }

  /// Adds the critic's parameter gradients for dLoss/dValue of its last forward.
  public func backwardCritic(_ valueGradient: UnsafeBufferPointer<Float>) throws(LearnError) {
    try backward(criticInput, critic, valueGradient)
  }

  private func forward(_ first: OneHotLayer?, _ network: MLP, _ input: FeatureRows, _ batchSize: Int,
                       _ output: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    switch (first, input) {
    case (let first?, .indices(let indices)):
      let hidden = try first.forward(indices, batchSize: batchSize)
      try network.forward(hidden, batchSize: batchSize, into: output)
    case (nil, .floats(let floats)):
      try network.forward(floats, batchSize: batchSize, into: output)
    default:
      throw .invalidArgument("this network takes \(first == nil ? "float" : "one-hot index") rows")
    }
  }

  private func backward(_ first: OneHotLayer?, _ network: MLP, _ outputGradient: UnsafeBufferPointer<Float>)
    throws(LearnError)
  {
    guard let first else {
      try network.backward(outputGradient)
      return
    }
    let rows = outputGradient.count / network.outputSize
    let dHidden = UnsafeMutableBufferPointer(rebasing: hiddenGradient[0..<(rows * shape.hiddenSize)])
    try network.backward(outputGradient, inputGradient: dHidden)
    try first.backward(UnsafeBufferPointer(dHidden))
  }
}
