internal import CNet

/// The categorical policy head over logits (`batch × actionCount`, row-major). The batch size is
/// the length of `actions`.
public enum Categorical {
  /// Writes the log-probability of each action and each row's entropy (either may be omitted),
  /// and, if `logitGradients` is given, overwrites it with the gradient w.r.t. the logits of
  /// Σᵢ (logProbabilityWeights[i] · log pᵢ + entropyWeights[i] · Hᵢ); omitted weights count as 0.
  /// For PPO the weights are the per-sample derivatives of the loss, already divided by the batch.
  public static func evaluate(
    logits: UnsafeBufferPointer<Float>, actionCount: Int, actions: UnsafeBufferPointer<Int32>,
    logProbabilities: UnsafeMutableBufferPointer<Float>? = nil, entropies: UnsafeMutableBufferPointer<Float>? = nil,
    logProbabilityWeights: UnsafeBufferPointer<Float>? = nil, entropyWeights: UnsafeBufferPointer<Float>? = nil,
    logitGradients: UnsafeMutableBufferPointer<Float>? = nil
  ) throws(LearnError) {
    try check(cnet_categorical_evaluate(
      logits.baseAddress, Int64(logits.count), try int32(actions.count, "batch size"),
      try int32(actionCount, "actionCount"), actions.baseAddress, Int64(actions.count),
      logProbabilities?.baseAddress, Int64(logProbabilities?.count ?? 0),
      entropies?.baseAddress, Int64(entropies?.count ?? 0),
      logProbabilityWeights?.baseAddress, logProbabilityWeights.elementCount(),
      entropyWeights?.baseAddress, entropyWeights.elementCount(),
      logitGradients?.baseAddress, Int64(logitGradients?.count ?? 0)))
  }

  /// Samples one action per row from softmax(logits) at the caller's uniforms in [0, 1) (one per
  /// row: the batch size is `uniforms.count`), so sampling is as reproducible as the uniforms.
  public static func sample(
    logits: UnsafeBufferPointer<Float>, actionCount: Int, uniforms: UnsafeBufferPointer<Float>,
    into actions: UnsafeMutableBufferPointer<Int32>, logProbabilities: UnsafeMutableBufferPointer<Float>? = nil
  ) throws(LearnError) {
    try check(cnet_categorical_sample(
      logits.baseAddress, Int64(logits.count), try int32(uniforms.count, "batch size"),
      try int32(actionCount, "actionCount"), uniforms.baseAddress, Int64(uniforms.count),
      actions.baseAddress, Int64(actions.count), logProbabilities?.baseAddress, Int64(logProbabilities?.count ?? 0)))
  }
}
