import PavlovNet

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
  /// Logits over words (Wordle's guesses) built from letters: the actor outputs one score per
  /// (position, letter), 5 × 26, and word w's logit is the sum of its five letters' scores.
  /// `letters` holds 5 letter indices (0–25) per word. Words that share letters share what is
  /// learned about them, which a flat 2,315-way output layer cannot do.
  case wordLetters(letters: [UInt8])

  /// Numbers the policy outputs per row: logits (one per action) or Gaussian means.
  public var outputSize: Int {
    switch self {
    case .categorical(let count): return count
    case .gaussian(let dimension): return dimension
    case .wordLetters(let letters): return letters.count / 5
    }
  }

  /// Numbers the actor network itself outputs per row.
  public var networkOutputSize: Int {
    if case .wordLetters = self { return 5 * 26 }
    return outputSize
  }

  /// Actions are discrete (an index per env).
  public var isDiscrete: Bool {
    if case .gaussian = self { return false }
    return true
  }
}

/// The shape of an agent's networks; a checkpoint stores it and refuses to load into another.
public struct NetworkShape: Codable, Sendable, Equatable {
  public var encoding: ObservationEncoding
  public var observationSize: Int
  public var hiddenSize: Int
  public var head: PolicyHead

  public init(encoding: ObservationEncoding, observationSize: Int, hiddenSize: Int, head: PolicyHead) {
    self.encoding = encoding
    self.observationSize = observationSize
    self.hiddenSize = hiddenSize
    self.head = head
  }

  /// Word-letter heads over an observation view (Wordle's knowledge view) also get a linear
  /// path from the one-hot input to the (position, letter) scores: "ruled out here" → lower that
  /// score is then one weight, where through the tanh layers it must be learned by 130 detectors.
  public var hasLetterSkip: Bool {
    guard case .view = encoding, case .wordLetters = head else { return false }
    return true
  }

  /// Values per encoded input row.
  public var featureCount: Int { encoding.featureCount(observationSize: observationSize) }
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
  /// The linear path from the input to the word-letter scores (`NetworkShape.hasLetterSkip`).
  private let letterSkip: OneHotLayer?
  private let actor: MLP!
  private let critic: MLP!
  /// Element-table observations: the whole network (`ElementTableNetwork`); the fields above are nil.
  private let table: ElementTableNetwork?
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
  /// Word-letter heads only: the actor network's (position, letter) scores and their gradient.
  private let letterScores: UnsafeMutableBufferPointer<Float>
  private let letterGradients: UnsafeMutableBufferPointer<Float>
  private let letters: [Int32]

  public init(shape: NetworkShape, seed: UInt64, maxBatchSize: Int) throws(LearnError) {
    self.shape = shape
    self.maxBatchSize = maxBatchSize
    let hidden = shape.hiddenSize, outputs = shape.head.networkOutputSize
    if case .elementTable(let layout) = shape.encoding {
      table = try ElementTableNetwork(layout: layout, hidden: hidden, seed: seed, maxBatchSize: maxBatchSize)
      input = nil
      letterSkip = nil
      actor = nil
      critic = nil
    } else if let counts = shape.encoding.categoryCounts {
      input = try OneHotLayer(categoryCount: counts.reduce(0, +), featureCount: counts.count, outputSize: 2 * hidden,
                              seed: seed &+ 11, maxBatchSize: maxBatchSize)
      actor = try MLP(layerSizes: [hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [hidden, hidden, 1], outputGain: 1, seed: seed &+ 19, maxBatchSize: maxBatchSize)
      if shape.hasLetterSkip {
        let skip = try OneHotLayer(categoryCount: counts.reduce(0, +), featureCount: counts.count, outputSize: outputs,
                                   activation: .identity, seed: seed &+ 23, maxBatchSize: maxBatchSize)
        // Starts at zero, so the first policy stays CleanRL's near-uniform one.
        skip.parameters.update(repeating: 0)
        letterSkip = skip
      } else {
        letterSkip = nil
      }
      table = nil
    } else {
      table = nil
      input = nil
      letterSkip = nil
      let width = shape.observationSize
      actor = try MLP(layerSizes: [width, hidden, hidden, outputs], outputGain: 0.01, seed: seed &+ 17,
                      maxBatchSize: maxBatchSize)
      critic = try MLP(layerSizes: [width, hidden, hidden, 1], outputGain: 1, seed: seed &+ 19,
                       maxBatchSize: maxBatchSize)
    }
    let dimension: Int
    if case .gaussian(let d) = shape.head { dimension = d } else { dimension = 0 }
    func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> { .allocateCacheAligned(count) }
    logStd = zeroed(dimension)
    logStdGradients = zeroed(dimension)
    actorOutput = zeroed(maxBatchSize * shape.head.outputSize)
    if case .wordLetters(let word) = shape.head {
      letters = word.enumerated().map { Int32($0.offset % 5 * 26) + Int32(min($0.element, 25)) }
      letterScores = zeroed(maxBatchSize * outputs)
      letterGradients = zeroed(maxBatchSize * outputs)
    } else {
      letters = []
      letterScores = zeroed(0)
      letterGradients = zeroed(0)
    }
    criticOutput = zeroed(maxBatchSize)
    let hiddenRows = input == nil ? 0 : maxBatchSize * hidden
    actorHidden = zeroed(hiddenRows)
    criticHidden = zeroed(hiddenRows)
    hiddenGradient = zeroed(2 * hiddenRows)
  }

  deinit {
    for buffer in [logStd, logStdGradients, actorOutput, criticOutput, actorHidden, criticHidden, hiddenGradient,
                   letterScores, letterGradients] {
      buffer.deallocate()
    }
  }

  /// Every parameter buffer, in a fixed order (checkpoints, the optimiser and replicas use it).
  public var parameterBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let table { return table.networks.map(\.parameters) }
    if let input { buffers.append(input.parameters) }
    buffers += [actor.parameters, critic.parameters]
    if let letterSkip { buffers.append(letterSkip.parameters) }
    if logStd.count > 0 { buffers.append(logStd) }
    return buffers
  }

  /// The gradient buffers, in the order of `parameterBuffers`.
  public var gradientBuffers: [UnsafeMutableBufferPointer<Float>] {
    var buffers = [UnsafeMutableBufferPointer<Float>]()
    if let table { return table.networks.map(\.gradients) }
    if let input { buffers.append(input.gradients) }
    buffers += [actor.gradients, critic.gradients]
    if let letterSkip { buffers.append(letterSkip.gradients) }
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
  /// `substitute` (one-hot inputs only) stands in for the first layer's table (see `OneHotTuples`).
  public func forward(_ rows: FeatureRows, batchSize: Int, substitute: OneHotLayer.SubstituteTable? = nil)
    throws(LearnError) -> (policy: UnsafeBufferPointer<Float>, values: UnsafeBufferPointer<Float>)
  {
    let policy = UnsafeMutableBufferPointer(rebasing: actorOutput[0..<(batchSize * shape.head.outputSize)])
    let values = UnsafeMutableBufferPointer(rebasing: criticOutput[0..<batchSize])
    if let table {
      guard case .floats(let observations) = rows, substitute == nil else {
        throw .invalidArgument("the element-table network takes the observations as float rows")
      }
      try table.forward(observations, observationSize: shape.observationSize, batchSize: batchSize, policy: policy,
                        values: values)
      return (UnsafeBufferPointer(policy), UnsafeBufferPointer(values))
    }
    switch (input, rows) {
    case (let input?, .indices(let indices)):
      // Tuple rows replace the indices by row ids the linear path cannot read.
      if substitute != nil, letterSkip != nil {
        throw .invalidArgument("tuple rows (a substitute table) do not apply to a network with a linear letter path")
      }
      let both = try input.forward(indices, batchSize: batchSize, substitute: substitute)
      let h = shape.hiddenSize
      for i in 0..<batchSize {
        (actorHidden.baseAddress! + i * h).update(from: both.baseAddress! + 2 * i * h, count: h)
        (criticHidden.baseAddress! + i * h).update(from: both.baseAddress! + (2 * i + 1) * h, count: h)
      }
      try actor.forward(UnsafeBufferPointer(rebasing: actorHidden[0..<(batchSize * h)]), batchSize: batchSize,
                        into: actorTarget(policy, batchSize))
      try critic.forward(UnsafeBufferPointer(rebasing: criticHidden[0..<(batchSize * h)]), batchSize: batchSize,
                         into: values)
      if let letterSkip {
        let linear = try letterSkip.forward(indices, batchSize: batchSize)
        let scores = actorTarget(policy, batchSize)
        for k in 0..<scores.count { scores[k] += linear[k] }
      }
    case (nil, .floats(let floats)):
      try actor.forward(floats, batchSize: batchSize, into: actorTarget(policy, batchSize))
      try critic.forward(floats, batchSize: batchSize, into: values)
    default:
      throw .invalidArgument("this network takes \(input == nil ? "float" : "one-hot index") rows")
    }
    if !letters.isEmpty { try expandLetters(into: policy, batchSize) }
    return (UnsafeBufferPointer(policy), UnsafeBufferPointer(values))
  }

  /// Where the actor network writes: the policy itself, or the letter scores to expand.
  private func actorTarget(_ policy: UnsafeMutableBufferPointer<Float>, _ rows: Int) -> UnsafeMutableBufferPointer<Float> {
    letters.isEmpty ? policy : UnsafeMutableBufferPointer(rebasing: letterScores[0..<(rows * shape.head.networkOutputSize)])
  }

  /// logit[w] = Σ_p score[p, letter_p(w)].
  private func expandLetters(into policy: UnsafeMutableBufferPointer<Float>, _ rows: Int) throws(LearnError) {
    let width = shape.head.networkOutputSize
    try letters.withUnsafeBufferPointer { (index) throws(LearnError) in
      try IndexSum.forward(UnsafeBufferPointer(rebasing: letterScores[0..<(rows * width)]), rows: rows,
                           inputWidth: width, index: index, perOutput: 5, into: policy)
    }
  }

  /// dScore[p, c] = Σ over words w with letter c at p of dLogit[w]: the transpose of the expansion.
  private func reduceLetters(_ gradient: UnsafeBufferPointer<Float>) throws(LearnError) -> UnsafeBufferPointer<Float> {
    let words = shape.head.outputSize, width = shape.head.networkOutputSize, rows = gradient.count / words
    let out = UnsafeMutableBufferPointer(rebasing: letterGradients[0..<(rows * width)])
    try letters.withUnsafeBufferPointer { (index) throws(LearnError) in
      try IndexSum.backward(gradient, rows: rows, index: index, perOutput: 5, inputWidth: width, into: out)
    }
    return UnsafeBufferPointer(out)
  }

  /// Adds the parameter gradients for dLoss/dPolicyOutput and dLoss/dValue of the last forward.
  public func backward(policyGradient: UnsafeBufferPointer<Float>, valueGradient: UnsafeBufferPointer<Float>)
    throws(LearnError)
  {
    if let table {
      try table.backward(policyGradient: policyGradient, valueGradient: valueGradient)
      return
    }
    let policyGradient = letters.isEmpty ? policyGradient : try reduceLetters(policyGradient)
    try letterSkip?.backward(policyGradient)
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
