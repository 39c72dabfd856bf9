/// One replica's buffers for its share of a minibatch, allocated once per run.
final class MinibatchWorkspace {
  let capacity: Int
  let indexFeatures: UnsafeMutableBufferPointer<Int32>
  let floatFeatures: UnsafeMutableBufferPointer<Float>
  let discreteActions: UnsafeMutableBufferPointer<Int32>
  let continuousActions: UnsafeMutableBufferPointer<Float>
  let oldLogProbabilities: UnsafeMutableBufferPointer<Float>
  let advantages: UnsafeMutableBufferPointer<Float>
  let returns: UnsafeMutableBufferPointer<Float>
  let oldValues: UnsafeMutableBufferPointer<Float>
  let logProbabilities: UnsafeMutableBufferPointer<Float>
  let entropies: UnsafeMutableBufferPointer<Float>
  let logProbabilityWeights: UnsafeMutableBufferPointer<Float>
  let entropyWeights: UnsafeMutableBufferPointer<Float>
  let outputGradients: UnsafeMutableBufferPointer<Float>
  let valueGradients: UnsafeMutableBufferPointer<Float>
  private var owned: [UnsafeMutableRawPointer] = []

  init(capacity: Int, featureCount: Int, isOneHot: Bool, actionWidth: Int, isDiscrete: Bool, outputSize: Int) {
    self.capacity = capacity
    var owned = [UnsafeMutableRawPointer]()
    func make<T: Numeric>(_ count: Int) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
      buffer.initialize(repeating: 0)
      owned.append(UnsafeMutableRawPointer(buffer.baseAddress!))
      return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }
    indexFeatures = make(isOneHot ? capacity * featureCount : 0)
    floatFeatures = make(isOneHot ? 0 : capacity * featureCount)
    discreteActions = make(isDiscrete ? capacity : 0)
    continuousActions = make(isDiscrete ? 0 : capacity * actionWidth)
    oldLogProbabilities = make(capacity)
    advantages = make(capacity)
    returns = make(capacity)
    oldValues = make(capacity)
    logProbabilities = make(capacity)
    entropies = make(capacity)
    logProbabilityWeights = make(capacity)
    entropyWeights = make(capacity)
    outputGradients = make(capacity * outputSize)
    valueGradients = make(capacity)
    self.owned = owned
  }

  deinit { for pointer in owned { pointer.deallocate() } }
}

/// Sums of one replica's per-sample losses and diagnostics over its rows.
struct LossSums {
  var policyLoss: Double = 0
  var valueLoss: Double = 0
  var entropy: Double = 0
  var approxKL: Double = 0
  var oldApproxKL: Double = 0
  var clipped: Double = 0
  var samples: Int = 0

  static func + (a: LossSums, b: LossSums) -> LossSums {
    LossSums(policyLoss: a.policyLoss + b.policyLoss, valueLoss: a.valueLoss + b.valueLoss,
             entropy: a.entropy + b.entropy, approxKL: a.approxKL + b.approxKL,
             oldApproxKL: a.oldApproxKL + b.oldApproxKL, clipped: a.clipped + b.clipped,
             samples: a.samples + b.samples)
  }
}
