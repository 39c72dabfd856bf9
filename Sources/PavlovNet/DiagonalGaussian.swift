internal import CNet

/// The diagonal-Gaussian policy head: means (`batch × dimension`, row-major) from a network and a
/// state-independent log standard deviation (`dimension`), as in CleanRL's continuous PPO.
public enum DiagonalGaussian {
  /// Writes log-probabilities of `actions` and entropies, summed over dimensions (either may be
  /// omitted). If given, `meanGradients` is overwritten and `logStdGradients` is ADDED to (it is
  /// a parameter) with the gradients of Σᵢ (logProbabilityWeights[i] · log pᵢ + entropyWeights[i] · Hᵢ).
  public static func evaluate(
    mean: UnsafeBufferPointer<Float>, logStd: UnsafeBufferPointer<Float>, actions: UnsafeBufferPointer<Float>,
    batchSize: Int,
    logProbabilities: UnsafeMutableBufferPointer<Float>? = nil, entropies: UnsafeMutableBufferPointer<Float>? = nil,
    logProbabilityWeights: UnsafeBufferPointer<Float>? = nil, entropyWeights: UnsafeBufferPointer<Float>? = nil,
    meanGradients: UnsafeMutableBufferPointer<Float>? = nil, logStdGradients: UnsafeMutableBufferPointer<Float>? = nil
  ) throws(LearnError) {
    try check(cnet_gaussian_evaluate(
      mean.baseAddress, Int64(mean.count), try int32(batchSize, "batchSize"), try int32(logStd.count, "dimension"),
      logStd.baseAddress, Int64(logStd.count), actions.baseAddress, Int64(actions.count),
      logProbabilities?.baseAddress, Int64(logProbabilities?.count ?? 0),
      entropies?.baseAddress, Int64(entropies?.count ?? 0),
      logProbabilityWeights?.baseAddress, logProbabilityWeights.elementCount(),
      entropyWeights?.baseAddress, entropyWeights.elementCount(),
      meanGradients?.baseAddress, Int64(meanGradients?.count ?? 0),
      logStdGradients?.baseAddress, Int64(logStdGradients?.count ?? 0)))
  }

  /// Writes actions = mean + exp(logStd) · normals from the caller's standard normals.
  public static func sample(
    mean: UnsafeBufferPointer<Float>, logStd: UnsafeBufferPointer<Float>, normals: UnsafeBufferPointer<Float>,
    batchSize: Int, into actions: UnsafeMutableBufferPointer<Float>,
    logProbabilities: UnsafeMutableBufferPointer<Float>? = nil
  ) throws(LearnError) {
    try check(cnet_gaussian_sample(
      mean.baseAddress, Int64(mean.count), try int32(batchSize, "batchSize"), try int32(logStd.count, "dimension"),
      logStd.baseAddress, Int64(logStd.count), normals.baseAddress, Int64(normals.count),
      actions.baseAddress, Int64(actions.count), logProbabilities?.baseAddress, Int64(logProbabilities?.count ?? 0)))
  }
}
