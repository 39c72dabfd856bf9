import Foundation

/// SAC's actor head (CleanRL's `Actor.get_action`): the network writes, per row, `dimension`
/// means then `dimension` raw log-stds; log σ = −5 + 3.5·(tanh(raw) + 1) keeps σ in [e⁻⁵, e²];
/// x = μ + σ·ε is squashed by tanh and scaled to the action bounds, and the log-probability
/// carries the change-of-variables term −Σ log(scale·(1 − tanh²x) + 1e-6).
///
/// The gradient is written by hand for the reparameterised sample (ε held fixed), which is all
/// SAC's actor loss needs: dL/d(network output) from dL/d(action) and dL/d(log π).
public struct SquashedGaussian: Sendable {
  public static let logStdMin: Float = -5
  public static let logStdMax: Float = 2
  public let dimension: Int
  /// Half the width of the action bounds, and their centre.
  public let scale: Float
  public let bias: Float

  public init(dimension: Int, bounds: ClosedRange<Float>) {
    self.dimension = dimension
    scale = (bounds.upperBound - bounds.lowerBound) / 2
    bias = (bounds.upperBound + bounds.lowerBound) / 2
  }

  /// Numbers the network writes per row.
  public var networkOutputSize: Int { 2 * dimension }

  @inline(__always)
  static func logStd(raw: Float) -> Float { logStdMin + 0.5 * (logStdMax - logStdMin) * (tanh(raw) + 1) }

  /// Samples `batch` actions from `output` (batch × 2·dimension) with the caller's standard
  /// `normals` (batch × dimension). Writes the actions (env units), tanh(x) (`squashed`, kept for
  /// `backward`) and log π of each row.
  public func sample(output: UnsafeBufferPointer<Float>, normals: UnsafeBufferPointer<Float>, batch: Int,
                     actions: UnsafeMutableBufferPointer<Float>, squashed: UnsafeMutableBufferPointer<Float>,
                     logProbabilities: UnsafeMutableBufferPointer<Float>)
  {
    let d = dimension, halfLog2Pi = Float(0.5 * log(2 * Double.pi))
    for i in 0..<batch {
      var sum: Float = 0
      for j in 0..<d {
        let mean = output[i * 2 * d + j], logStd = Self.logStd(raw: output[i * 2 * d + d + j])
        let epsilon = normals[i * d + j]
        let y = tanh(mean + exp(logStd) * epsilon)
        squashed[i * d + j] = y
        actions[i * d + j] = y * scale + bias
        sum += -0.5 * epsilon * epsilon - logStd - halfLog2Pi - log(scale * (1 - y * y) + 1e-6)
      }
      logProbabilities[i] = sum
    }
  }

  /// The deterministic action: tanh(μ) scaled to the bounds (CleanRL's evaluation action).
  public func meanActions(output: UnsafeBufferPointer<Float>, batch: Int, into actions: UnsafeMutableBufferPointer<Float>) {
    let d = dimension
    for i in 0..<batch {
      for j in 0..<d { actions[i * d + j] = tanh(output[i * 2 * d + j]) * scale + bias }
    }
  }

  /// Writes dL/d(output) (batch × 2·dimension) for a loss L whose gradient with respect to the
  /// sampled actions is `actionGradients` (batch × dimension) and with respect to each row's
  /// log π is `logProbabilityWeight`, for the sample `sample` drew from the same output and normals.
  public func backward(output: UnsafeBufferPointer<Float>, normals: UnsafeBufferPointer<Float>,
                       squashed: UnsafeBufferPointer<Float>, actionGradients: UnsafeBufferPointer<Float>,
                       logProbabilityWeight: Float, batch: Int,
                       into outputGradients: UnsafeMutableBufferPointer<Float>)
  {
    let d = dimension, w = logProbabilityWeight, halfRange = 0.5 * (Self.logStdMax - Self.logStdMin)
    for i in 0..<batch {
      for j in 0..<d {
        let y = squashed[i * d + j], slope = 1 - y * y
        // log π depends on x only through the squash correction −log(scale·(1 − y²) + 1e-6).
        let dx = actionGradients[i * d + j] * scale * slope + w * 2 * scale * y * slope / (scale * slope + 1e-6)
        let raw = output[i * 2 * d + d + j], t = tanh(raw)
        let sigma = exp(Self.logStd(raw: raw))
        // x = μ + σε: dx/dμ = 1, dx/dlogσ = σε; log N(x; μ, σ) = −ε²/2 − log σ − … adds −w.
        let dLogStd = dx * sigma * normals[i * d + j] - w
        outputGradients[i * 2 * d + j] = dx
        outputGradients[i * 2 * d + d + j] = dLogStd * halfRange * (1 - t * t)
      }
    }
  }
}
