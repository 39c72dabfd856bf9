internal import CNet

/// Nonlinearity of an MLP's hidden layers (the output layer is always linear).
public enum Activation: Sendable, Equatable {
  case tanh
  case relu
  /// None: a linear layer (a one-hot layer that feeds logits directly).
  case identity
}

/// A multilayer perceptron over float32 batches, with its parameters, gradients and workspace.
///
/// Parameters form one flat vector (per layer: weights `out × in` row-major, PyTorch's layout,
/// then biases), so an optimiser or a checkpoint treats the whole network as one buffer.
/// Weights start orthogonal (CleanRL's `layer_init`): gain √2 on hidden layers, `outputGain` on
/// the last (0.01 for a policy, 1 for a value head), biases 0. A value head is an MLP with one
/// output. `forward` keeps what `backward` needs; `backward` adds into `gradients`.
///
/// Not thread-safe: use one MLP from one thread at a time.
public final class MLP {
  private let handle: OpaquePointer

  /// Input, hidden and output sizes.
  public let layerSizes: [Int]
  /// Nonlinearity of the hidden layers.
  public let activation: Activation
  /// Largest batch `forward` accepts (the workspace is sized for it at creation).
  public let maxBatchSize: Int

  /// Creates a network; the same seed always gives the same parameters.
  public init(layerSizes: [Int], activation: Activation = .tanh, outputGain: Float = 1, seed: UInt64 = 0,
              maxBatchSize: Int = 1024) throws(LearnError)
  {
    try KernelLibrary.checkCompatibility()
    var sizes = [Int32]()
    for (index, size) in layerSizes.enumerated() { sizes.append(try int32(size, "layerSizes[\(index)]")) }
    let batch = try int32(maxBatchSize, "maxBatchSize")
    var created: OpaquePointer?
    var message = [CChar](repeating: 0, count: 512)
    let status = cnet_mlp_create(sizes, Int32(sizes.count), activation.kernelValue,
                                 outputGain, seed, batch, &created, &message, message.count)
    guard status == CNET_OK, let created else {
      let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw LearnError(status: status, message: text)
    }
    handle = created
    self.layerSizes = layerSizes
    self.activation = activation
    self.maxBatchSize = maxBatchSize
  }

  deinit { cnet_mlp_destroy(handle) }

  /// Numbers per input row.
  public var inputSize: Int { layerSizes[0] }
  /// Numbers per output row.
  public var outputSize: Int { layerSizes[layerSizes.count - 1] }
  /// Length of `parameters` and of `gradients`.
  public var parameterCount: Int { Int(cnet_mlp_parameter_count(handle)) }

  /// The flat parameter vector, owned by the network: valid while the network lives.
  public var parameters: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: cnet_mlp_parameters(handle), count: parameterCount)
  }

  /// The flat gradient vector, laid out like `parameters`: valid while the network lives.
  public var gradients: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: cnet_mlp_gradients(handle), count: parameterCount)
  }

  /// Sets every gradient to zero (before each minibatch: `backward` accumulates).
  public func zeroGradients() { cnet_mlp_zero_gradients(handle) }

  /// Redraws the parameters as creation would with this seed, and zeroes the gradients.
  public func resetParameters(outputGain: Float, seed: UInt64) throws(LearnError) {
    try check(cnet_mlp_reset_parameters(handle, outputGain, seed))
  }

  /// Computes `output` (`batchSize × outputSize`) from `input` (`batchSize × inputSize`), row-major.
  public func forward(_ input: UnsafeBufferPointer<Float>, batchSize: Int,
                      into output: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    let batch = try int32(batchSize, "batchSize")
    try check(cnet_mlp_forward(handle, input.baseAddress, Int64(input.count), batch, output.baseAddress,
                               Int64(output.count)))
  }

  /// Backpropagates `outputGradient` (dLoss/dOutput of the last forward, `batchSize × outputSize`):
  /// adds dLoss/dParameters to `gradients`, and writes dLoss/dInput into `inputGradient` if given.
  public func backward(_ outputGradient: UnsafeBufferPointer<Float>,
                       inputGradient: UnsafeMutableBufferPointer<Float>? = nil) throws(LearnError)
  {
    try check(cnet_mlp_backward(handle, outputGradient.baseAddress, Int64(outputGradient.count),
                                inputGradient?.baseAddress, Int64(inputGradient?.count ?? 0)))
  }

  /// Backpropagates `outputGradient` to the input only: writes dLoss/dInput of the last forward
  /// into `inputGradient` (`batchSize × inputSize`) and leaves `gradients` untouched. The result
  /// equals `backward`'s input gradient bit for bit, at about half the arithmetic: for a loss that
  /// differentiates through this network without training it (SAC's actor step through a critic).
  public func backpropagateToInput(_ outputGradient: UnsafeBufferPointer<Float>,
                                   into inputGradient: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    try check(cnet_mlp_backward_input(handle, outputGradient.baseAddress, Int64(outputGradient.count),
                                      inputGradient.baseAddress, Int64(inputGradient.count)))
  }

  /// Convenience for small batches and tests: the forward pass over arrays.
  public func forward(_ input: [Float], batchSize: Int) throws(LearnError) -> [Float] {
    var output = [Float](repeating: 0, count: max(0, batchSize) * outputSize)
    let status = input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        Result { () throws(LearnError) in try forward(x, batchSize: batchSize, into: y) }
      }
    }
    try status.get()
    return output
  }
}
