internal import CNet

/// Adam (as torch.optim.Adam, without weight decay) over one flat parameter vector, keeping its
/// own moments and step count. Change `learningRate` between updates to anneal it.
public struct Adam: Sendable {
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  /// Updates made so far; the next update is number `stepCount + 1` (bias correction uses it).
  public package(set) var stepCount: Int = 0
  package var firstMoment: [Float]
  package var secondMoment: [Float]

  /// Defaults are PyTorch's; CleanRL's PPO uses learningRate 2.5e-4 or 3e-4 and epsilon 1e-5.
  public init(parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
              epsilon: Float = 1e-8)
  {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    firstMoment = [Float](repeating: 0, count: max(0, parameterCount))
    secondMoment = firstMoment
  }

  /// The number of parameters this optimiser was made for.
  public var parameterCount: Int { firstMoment.count }

  /// Moves `parameters` one step against `gradients` (both `parameterCount` long).
  public mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>,
                              gradients: UnsafeBufferPointer<Float>) throws(LearnError)
  {
    guard parameters.count == parameterCount, gradients.count == parameterCount else {
      throw .bufferTooSmall("Adam made for \(parameterCount) parameters got \(parameters.count) parameters and "
                            + "\(gradients.count) gradients")
    }
    var options = CNetAdamOptions(learning_rate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    let step = Int64(stepCount + 1), length = Int64(parameterCount)
    let status = firstMoment.withUnsafeMutableBufferPointer { m in
      secondMoment.withUnsafeMutableBufferPointer { v in
        cnet_adam_step(parameters.baseAddress, gradients.baseAddress, m.baseAddress, v.baseAddress,
                       length, step, &options)
      }
    }
    try check(status)
    stepCount += 1
  }

  /// Moves a network's parameters one step against its gradients.
  public mutating func update(_ network: MLP) throws(LearnError) {
    try update(network.parameters, gradients: UnsafeBufferPointer(network.gradients))
  }
}

/// One Adam update (number `stepCount + 1`) split into ranges that different threads may apply,
/// as long as the ranges are disjoint; valid inside `Adam.withSplitStep` only.
package struct AdamSplitStep: @unchecked Sendable {
  let firstMoment: UnsafeMutableBufferPointer<Float>
  let secondMoment: UnsafeMutableBufferPointer<Float>
  let step: Int64
  let options: CNetAdamOptions

  /// Steps `range` of `parameters` against `range` of `gradients` times `gradientScale`.
  package func apply(_ parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
             gradientScale: Float, range: Range<Int>) throws(LearnError)
  {
    guard !range.isEmpty else { return }
    guard range.upperBound <= firstMoment.count, range.upperBound <= parameters.count,
          range.upperBound <= gradients.count else {
      throw .bufferTooSmall("range \(range) is outside \(firstMoment.count) parameters")
    }
    var options = options
    try check(cnet_adam_step_scaled(
      parameters.baseAddress! + range.lowerBound, gradients.baseAddress! + range.lowerBound, gradientScale,
      firstMoment.baseAddress! + range.lowerBound, secondMoment.baseAddress! + range.lowerBound, Int64(range.count),
      step, &options))
  }
}

extension Adam {
  /// Runs `body` with this optimiser's next update as an `AdamSplitStep`, then counts the step.
  /// `body` must apply it to every parameter exactly once.
  package mutating func withSplitStep<R>(_ body: (AdamSplitStep) throws -> R) rethrows -> R {
    let options = CNetAdamOptions(learning_rate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    let step = Int64(stepCount + 1)
    let result = try firstMoment.withUnsafeMutableBufferPointer { m in
      try secondMoment.withUnsafeMutableBufferPointer { v in
        try body(AdamSplitStep(firstMoment: m, secondMoment: v, step: step, options: options))
      }
    }
    stepCount += 1
    return result
  }
}
