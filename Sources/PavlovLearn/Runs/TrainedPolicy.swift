import Foundation
import PavlovNet
import PavlovSim

/// A checkpoint's policy as an action source outside training: for collecting observations
/// (`pavlov collect --policy RUN`), demos and tools. Actions are sampled, as during training.
public final class TrainedPolicy {
  public let header: Checkpoint.Header
  private let encoder: ObservationEncoder
  private let network: ActorCritic
  private var random: RandomStream
  private var indices: [Int32] = []
  private var floats: [Float] = []
  private var uniforms: [Float] = []

  /// `maxBatchSize`: the most observations one `actions` call takes.
  public init(_ checkpoint: Checkpoint, spec: EnvSpec, maxBatchSize: Int, seed: UInt64) throws {
    header = checkpoint.header
    try header.requireNetwork(fits: spec)
    encoder = try ObservationEncoder(spec: spec, encoding: header.shape.encoding,
                                     normalize: header.observationStatistics != nil)
    try encoder.restore(statistics: header.observationStatistics)
    network = try ActorCritic(shape: header.shape, seed: 0, maxBatchSize: maxBatchSize)
    try network.load(parameters: checkpoint.parameters)
    random = RandomStream(seed: seed, stream: 11)
  }

  /// One sampled action per observation (`count` raw rows as the environment wrote them).
  public func actions(observations: UnsafeRawBufferPointer, count: Int, into actions: UnsafeMutableBufferPointer<Int32>)
    throws
  {
    guard header.shape.head.isDiscrete else {
      throw TrainingError.checkpoint("this policy takes continuous actions: use continuousActions")
    }
    let actionCount = header.shape.head.outputSize
    let logits = try policyOutput(observations, count)
    if uniforms.count < count { uniforms = [Float](repeating: 0, count: count) }
    for i in 0..<count { uniforms[i] = random.unitFloat() }
    try uniforms.withUnsafeBufferPointer { u in
      try Categorical.sample(logits: logits, actionCount: actionCount, uniforms: UnsafeBufferPointer(rebasing: u[0..<count]),
                             into: actions)
    }
  }

  /// Continuous actions (`count × dimension`): the Gaussian's mean if `greedy`, else a sample.
  public func continuousActions(observations: UnsafeRawBufferPointer, count: Int, greedy: Bool = true,
                                into actions: UnsafeMutableBufferPointer<Float>) throws
  {
    guard case .gaussian(let dimension) = header.shape.head else {
      throw TrainingError.checkpoint("this policy takes discrete actions: use actions")
    }
    let means = try policyOutput(observations, count)
    for k in 0..<(count * dimension) {
      actions[k] = means[k] + (greedy ? 0 : Float(exp(Double(network.logStd[k % dimension]))) * random.normal())
    }
  }

  /// The actor's output for raw observations (valid until the next call).
  private func policyOutput(_ observations: UnsafeRawBufferPointer, _ count: Int) throws -> UnsafeBufferPointer<Float> {
    let width = encoder.featureCount
    if encoder.isOneHot {
      if indices.count < count * width { indices = [Int32](repeating: 0, count: count * width) }
      try indices.withUnsafeMutableBufferPointer { try encoder.encodeIndices(observations, rows: count, into: $0) }
      return try indices.withUnsafeBufferPointer { try network.forward(.indices($0), batchSize: count).policy }
    }
    if floats.count < count * width { floats = [Float](repeating: 0, count: count * width) }
    floats.withUnsafeMutableBufferPointer { encoder.encodeFloats(observations, rows: count, into: $0) }
    return try floats.withUnsafeBufferPointer { try network.forward(.floats($0), batchSize: count).policy }
  }
}
