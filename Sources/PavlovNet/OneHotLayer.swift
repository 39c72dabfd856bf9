internal import CNet

/// The first layer of a network over categorical observations, from active indices only.
///
/// Equal to `activation(Linear(oneHot(x)))` — CleanRL's MLP over a one-hot MiniGrid view —
/// but it sums the 50 selected weight rows instead of multiplying a 984-wide input. Parameters
/// are one flat vector: the table (`categoryCount × outputSize`, row c = category c's weights)
/// then the bias. `forward` keeps its output for `backward`; `backward` adds into `gradients`.
///
/// Not thread-safe: use one layer from one thread at a time.
public final class OneHotLayer {
  /// Categories over all input features (the one-hot width).
  public let categoryCount: Int
  /// Active indices per sample (one per input feature).
  public let featureCount: Int
  public let outputSize: Int
  public let activation: Activation
  public let maxBatchSize: Int
  /// Table then bias, owned by the layer: valid while it lives.
  public let parameters: UnsafeMutableBufferPointer<Float>
  /// Laid out like `parameters`.
  public let gradients: UnsafeMutableBufferPointer<Float>
  // Kept from forward for backward (the caller may reuse its buffers in between).
  private let output: UnsafeMutableBufferPointer<Float>
  private let indices: UnsafeMutableBufferPointer<Int32>
  private var lastBatch = 0
  private var lastSubstitute: SubstituteTable?

  /// Rows standing in for the table in `forward`, each the sum of some of its rows (made by
  /// `OneHotTuples.combine`), so that an observation sums one row per group of features. The
  /// caller keeps both buffers alive until `backward`, which adds the rows' gradient into
  /// `gradients` (`spread` carries it on to the table).
  public struct SubstituteTable {
    /// rowCount × outputSize.
    public var rows: UnsafeBufferPointer<Float>
    /// Laid out like `rows`.
    public var gradients: UnsafeMutableBufferPointer<Float>
    public var rowCount: Int
    /// Row ids per observation (`OneHotTuples.groupCount`, at most `featureCount`).
    public var indicesPerRow: Int

    public init(rows: UnsafeBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>, rowCount: Int,
                indicesPerRow: Int) {
      self.rows = rows
      self.gradients = gradients
      self.rowCount = rowCount
      self.indicesPerRow = indicesPerRow
    }
  }

  public init(categoryCount: Int, featureCount: Int, outputSize: Int, activation: Activation = .tanh,
              seed: UInt64 = 0, maxBatchSize: Int = 1024) throws(LearnError)
  {
    try KernelLibrary.checkCompatibility()
    for (name, value) in [("categoryCount", categoryCount), ("featureCount", featureCount),
                          ("outputSize", outputSize), ("maxBatchSize", maxBatchSize)] where value <= 0 {
      throw .invalidArgument("\(name) must be positive, got \(value)")
    }
    self.categoryCount = categoryCount
    self.featureCount = featureCount
    self.outputSize = outputSize
    self.activation = activation
    self.maxBatchSize = maxBatchSize
    let count = (categoryCount + 1) * outputSize
    parameters = .allocateCacheAligned(count)
    gradients = .allocateCacheAligned(count)
    output = .allocateCacheAligned(maxBatchSize * outputSize)
    indices = .allocate(capacity: maxBatchSize * featureCount)
    indices.initialize(repeating: 0)
    try resetParameters(seed: seed)
  }

  deinit {
    parameters.deallocate()
    gradients.deallocate()
    output.deallocate()
    indices.deallocate()
  }

  /// Length of `parameters` and `gradients`.
  public var parameterCount: Int { parameters.count }

  public func zeroGradients() { gradients.update(repeating: 0) }

  /// Orthogonal table with gain √2 (CleanRL's hidden-layer init), zero bias, zero gradients.
  public func resetParameters(seed: UInt64) throws(LearnError) {
    let tableCount = categoryCount * outputSize
    try check(cnet_onehot_init(parameters.baseAddress, Int64(tableCount), Int32(categoryCount), Int32(outputSize),
                               Float(2).squareRoot(), seed))
    UnsafeMutableBufferPointer(rebasing: parameters[tableCount...]).update(repeating: 0)
    zeroGradients()
  }

  /// Computes the layer for `batchSize` samples of `featureCount` indices each (or of
  /// `substitute.indicesPerRow` row ids into `substitute`); the result (`batchSize × outputSize`)
  /// is valid until the next `forward`.
  public func forward(_ input: UnsafeBufferPointer<Int32>, batchSize: Int, substitute: SubstituteTable? = nil)
    throws(LearnError) -> UnsafeBufferPointer<Float>
  {
    guard batchSize > 0, batchSize <= maxBatchSize else {
      throw .invalidArgument("batchSize must be in [1, \(maxBatchSize)], got \(batchSize)")
    }
    let perRow = substitute?.indicesPerRow ?? featureCount
    guard perRow > 0, perRow <= featureCount else {
      throw .invalidArgument("indicesPerRow must be in [1, \(featureCount)], got \(perRow)")
    }
    guard input.count >= batchSize * perRow else {
      throw .bufferTooSmall("indices has \(input.count) elements, needs \(batchSize * perRow)")
    }
    let tableCount = categoryCount * outputSize
    let table = substitute?.rows ?? UnsafeBufferPointer(rebasing: parameters[0..<tableCount])
    lastBatch = 0
    try check(cnet_onehot_forward(
      table.baseAddress, Int64(table.count), parameters.baseAddress! + tableCount, Int64(outputSize),
      Int32(substitute?.rowCount ?? categoryCount), Int32(outputSize), input.baseAddress, Int64(input.count),
      Int32(batchSize), Int32(perRow), activation.kernelValue, output.baseAddress, Int64(output.count)))
    _ = UnsafeMutableBufferPointer(rebasing: indices[0..<(batchSize * perRow)])
      .update(fromContentsOf: UnsafeBufferPointer(rebasing: input[0..<(batchSize * perRow)]))
    lastBatch = batchSize
    lastSubstitute = substitute
    return UnsafeBufferPointer(rebasing: output[0..<(batchSize * outputSize)])
  }

  /// Adds dLoss/dParameters for dLoss/dOutput (`batchSize × outputSize` of the last forward):
  /// the table's part into the substitute's `gradients` where the last forward used one.
  public func backward(_ outputGradient: UnsafeBufferPointer<Float>) throws(LearnError) {
    guard lastBatch > 0 else { throw .invalidState("backward needs a completed forward first") }
    let tableCount = categoryCount * outputSize
    let tableGradient = lastSubstitute?.gradients ?? UnsafeMutableBufferPointer(rebasing: gradients[0..<tableCount])
    try check(cnet_onehot_backward(
      indices.baseAddress, Int64(indices.count), Int32(lastBatch), Int32(lastSubstitute?.indicesPerRow ?? featureCount),
      Int32(lastSubstitute?.rowCount ?? categoryCount), Int32(outputSize), activation.kernelValue,
      output.baseAddress, Int64(output.count), outputGradient.baseAddress, Int64(outputGradient.count),
      tableGradient.baseAddress, Int64(tableGradient.count), gradients.baseAddress! + tableCount, Int64(outputSize)))
  }
}

extension Activation {
  var kernelValue: CNetActivation {
    switch self {
    case .tanh: return CNET_ACTIVATION_TANH
    case .relu: return CNET_ACTIVATION_RELU
    case .identity: return CNET_ACTIVATION_IDENTITY
    }
  }
}
