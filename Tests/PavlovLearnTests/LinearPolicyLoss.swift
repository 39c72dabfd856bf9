import PavlovLearn

/// Σ_k weights[k] · policy[k] of a network's forward pass on fixed rows: a loss whose gradient
/// through the policy output is `weights`, for finite-difference checks of whole networks.
struct LinearPolicyLoss {
  let net: ActorCritic
  let weights: [Float]
  let rows: Int
  let input: FeatureRowsSource

  enum FeatureRowsSource {
    case floats([Float])
    case indices([Int32])
  }

  func callAsFunction() throws -> Double {
    let policy: [Float]
    switch input {
    case .floats(let values):
      policy = try values.withUnsafeBufferPointer { Array(try net.forward(.floats($0), batchSize: rows).policy) }
    case .indices(let values):
      policy = try values.withUnsafeBufferPointer { Array(try net.forward(.indices($0), batchSize: rows).policy) }
    }
    return zip(policy, weights).reduce(0) { $0 + Double($1.0 * $1.1) }
  }

  /// Runs forward and backward once, leaving the loss's gradients (alone) in the net.
  func computeGradients() throws {
    _ = try callAsFunction()
    net.zeroGradients()
    try weights.withUnsafeBufferPointer { w in
      try [Float](repeating: 0, count: rows).withUnsafeBufferPointer { try net.backward(policyGradient: w, valueGradient: $0) }
    }
  }
}
