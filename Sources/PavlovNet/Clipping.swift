internal import CNet

/// Scales all `gradients` together so their global L2 norm is at most `maxNorm` (as PyTorch's
/// clip_grad_norm_: factor maxNorm / (norm + 1e-6), only when below 1), and returns the norm
/// before clipping. Pass every buffer one optimiser step updates (actor, critic, log-std).
@discardableResult
public func clipGradientNorm(_ gradients: [UnsafeMutableBufferPointer<Float>], maxNorm: Float) throws(LearnError)
  -> Float
{
  let pointers: [UnsafeMutablePointer<Float>?] = gradients.map { $0.baseAddress }
  let lengths = gradients.map { Int64($0.count) }
  var norm: Float = 0
  let count = try int32(gradients.count, "gradients.count")
  try check(cnet_clip_grad_norm(pointers, lengths, count, maxNorm, &norm))
  return norm
}

/// Adds `sources` into `target` (all as long as `target`) and returns the sum of the result's
/// squares in double: a piece of the global norm `clipGradientNorm` computes.
package func sumGradients(into target: UnsafeMutableBufferPointer<Float>, from sources: [UnsafeBufferPointer<Float>])
  throws(LearnError) -> Double
{
  guard sources.allSatisfy({ $0.count >= target.count }) else {
    throw .bufferTooSmall("every source needs \(target.count) elements")
  }
  let pointers: [UnsafePointer<Float>?] = sources.map { $0.baseAddress }
  var squares = 0.0
  try check(cnet_gradient_sum(target.baseAddress, pointers, try int32(sources.count, "sources.count"),
                              Int64(target.count), &squares))
  return squares
}
