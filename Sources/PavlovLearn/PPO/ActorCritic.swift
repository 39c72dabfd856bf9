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
/// layers (`hiddenSize` wide). The actor's output layer starts with gain 0.01 (a near-uniform
/// policy), the critic's with 1.
///
/// For categorical observations both first layers live in one `OneHotLayer` twice as wide
/// (columns [actor | critic]): still two separate networks, but each observation's active
/// rows are read once instead of twice, which is most of the cost of a step of learning.
///
/// Not thread-safe; the trainer gives each thread its own replica.
public final class ActorCritic {
  public let shape: NetworkShape
  private let input: OneHotLayer?
  private let actor: MLP
  private let critic: MLP
  /// Gaussian heads only: log standard deviation per action dimension, and its gradient.
  public let logStd: UnsafeMutableBufferPointer<Float>
  public let logStdGradients: UnsafeMutableBufferPointer<Float>
  public let maxBatchSize: Int
  // Workspaces, sized for maxBatchSize rows.
  private let actorOutput: UnsafeMutableBufferPointer<Float>
  private let criticOutput: UnsafeMutableBufferPointer<Float>
  private let actorHidden: UnsafeMutableBufferPointer<Float>
  private let criticHidden: UnsafeMutableBufferPointer<Float>
  private let hiddenGradient: UnsafeMutableBufferPointer<Float>

  public init(shape: NetworkShape, seed: UInt64, maxBatchSize: Int) throws(LearnError) {
    self.shape = shape
    self.maxBatchSize = maxBatchSize
    let hidden = shape.hiddenSize, outputs = shape.head.outputSize
    switch shape.encoding {
    case .oneHot(let counts):
      input = try OneHotLayer(categoryCount: counts.reduce(0, +), featureCount: counts.count, outputSize: 2 * hidden,
                              seed: seed &+ 11, maxBatchSize: maxBatchSize)
      actor = try MLP(layerSizes: [hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [hidden, hidden, 1], outputGain: 1, seed: seed &+ 19, maxBatchSize: maxBatchSize)
    case .continuous:
      input = nil
      let width = shape.observationSize
      actor = try MLP(layerSizes: [width, hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [width, hidden, hidden, 1], outputGain: 1, seed: seed &+ 19,
                       maxBatchSize: maxBatchSize)
    }
    let dimension: Int
    if case .gaussian(let d) = shape.head { dimension = d } else { dimension = 0 }
    func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
      buffer.initialize(repeating: 0)
      return buffer
    }
    logStd = zeroed(dimension)
    logStdGradients = zeroed(dimension)
    actorOutput = zeroed(maxBatchSize * outputs)
    criticOutput = zeroed(maxBatchSize)
    let hiddenRows = input == nil ? 0 : maxBatchSize * hidden
    actorHidden = zeroed(hiddenRows)
    criticHidden = zeroed(hiddenRows)
    hiddenGradient = zeroed(2 * hiddenRows)
  }

  deinit {
    for buffer in [logStd, logStdGradients, actorOutput, criticOutput, actorHidden, criticHidden, hiddenGradient] {
      buffer.deallocate()
    }
  }

  /// Every parameter buffer, in a fixed order (checkpoints, the optimiser and replicas use it).
  public var parameterBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let input { buffers.append(input.parameters) }
    buffers += [actor.parameters, critic.parameters]
    if logStd.count > 0 { buffers.append(logStd) }
    return buffers
  }

  /// The gradient buffers, in the order of `parameterBuffers`.
  public var gradientBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let input { buffers.append(input.gradients) }
    buffers += [actor.gradients, critic.gradients]
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

  /// Both networks on `batchSize` rows: the actor's output (`batchSize × head.outputSize`, logits
  /// or Gaussian means) and the critic's values (`batchSize`). Valid until the next forward.
  public func forward(_ rows: FeatureRows, batchSize: Int) throws(LearnError)
    -> (policy: UnsafeBufferPointer<Float>, values: UnsafeBufferPointer<Float>)
  {
    let policy = UnsafeMutableBufferPointer(rebasing: actorOutput[0..<(batchSize * shape.head.outputSize)])
    let values = UnsafeMutableBufferPointer(rebasing: criticOutput[0..<batchSize])
    switch (input, rows) {
    case (let input?, .indices(let indices)):
      let both = try input.forward(indices, batchSize: batchSize)
      let h = shape.hiddenSize
      for i in 0..<batchSize {
        (actorHidden.baseAddress! + i * h).update(from: both.baseAddress! + 2 * i * h, count: h)
        (criticHidden.baseAddress! + i * h).update(from: both.baseAddress! + (2 * i + 1) * h, count: h)
      }
      try actor.forward(UnsafeBufferPointer(rebasing: actorHidden[0..<(batchSize * h)]), batchSize: batchSize,
                        into: policy)
      try critic.forward(UnsafeBufferPointer(rebasing: criticHidden[0..<(batchSize * h)]), batchSize: batchSize,
                         into: values)
    case (nil, .floats(let floats)):
      try actor.forward(floats, batchSize: batchSize, into: policy)
      try critic.forward(floats, batchSize: batchSize, into: values)
    default:
      throw .invalidArgument("this network takes \(input == nil ? "float" : "one-hot index") rows")
    }
    return (UnsafeBufferPointer(policy), UnsafeBufferPointer(values))
  }

  /// Adds the parameter gradients for dLoss/dPolicyOutput and dLoss/dValue of the last forward.
  public func backward(policyGradient: UnsafeBufferPointer<Float>, valueGradient: UnsafeBufferPointer<Float>)
    throws(LearnError)
  {
    guard let input else {
      try actor.backward(policyGradient)
      try critic.backward(valueGradient)
      return
    }
    let rows = valueGradient.count, h = shape.hiddenSize
    let dActor = UnsafeMutableBufferPointer(rebasing: actorHidden[0..<(rows * h)])
    let dCritic = UnsafeMutableBufferPointer(rebasing: criticHidden[0..<(rows * h)])
    try actor.backward(policyGradient, inputGradient: dActor)
    try critic.backward(valueGradient, inputGradient: dCritic)
    for i in 0..<rows {
      (hiddenGradient.baseAddress! + 2 * i * h).update(from: dActor.baseAddress! + i * h, count: h)
      (hiddenGradient.baseAddress! + (2 * i + 1) * h).update(from: dCritic.baseAddress! + i * h, count: h)
    }
    try input.backward(UnsafeBufferPointer(rebasing: hiddenGradient[0..<(2 * rows * h)]))
  }
}
