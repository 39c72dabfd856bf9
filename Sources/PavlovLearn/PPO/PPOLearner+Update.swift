import Foundation
import PavlovNet

/// What one PPO update measured, with CleanRL's metric names in `TrainingMetrics`.
public struct UpdateStatistics: Sendable, Equatable {
  public var policyLoss: Double = 0
  public var valueLoss: Double = 0
  public var entropy: Double = 0
  public var approxKL: Double = 0
  public var oldApproxKL: Double = 0
  public var clipFraction: Double = 0
  public var explainedVariance: Double = 0
  public var gradientNorm: Double = 0
  /// Epochs run (fewer than update_epochs when the target KL stopped them).
  public var epochs: Int = 0
}

extension PPOLearner {
  /// Runs update_epochs passes of shuffled minibatches over the rollout (advantages and
  /// returns already computed). Throws `nonFiniteLoss` before applying a non-finite step.
  func update(_ storage: RolloutStorage, random: inout RandomStream) throws -> UpdateStatistics {
    let batch = config.batchSize, size = config.minibatchSize
    var statistics = UpdateStatistics()
    var lastSums = LossSums()
    var clippedTotal = 0.0, clippedSamples = 0
    var normTotal = 0.0, minibatches = 0
    defer {
      // Minibatches copied the rest of the parameters to the replicas; the table follows here.
      if usesTuples {
        for replica in replicas.dropFirst() { _ = inputTable(of: replica).update(fromContentsOf: inputTable(of: master)) }
      }
    }
    if let tupleRollout {
      tupleRowsAreCurrent = false
      usesTuples = try tupleRollout.prepare(
        UnsafeBufferPointer(rebasing: storage.indexFeatures[0..<(batch * storage.featureCount)]), batch: batch,
        minibatches: batch / size)
    }
    for epoch in 0..<config.updateEpochs {
      permutation.withUnsafeMutableBufferPointer { random.shuffle($0) }
      for start in stride(from: 0, to: batch, by: size) {
        let sums = try minibatchStep(storage, Array(permutation[start..<(start + size)]))
        lastSums = sums
        clippedTotal += sums.clipped
        clippedSamples += sums.samples
        let norm = try applyGradients(sums)
        normTotal += Double(norm)
        minibatches += 1
      }
      statistics.epochs = epoch + 1
      if let target = config.targetKL, lastSums.approxKL / Double(max(lastSums.samples, 1)) > Double(target) { break }
    }
    // As CleanRL: losses and KL of the last minibatch, clip fraction over all of them.
    let n = Double(max(lastSums.samples, 1))
    statistics.policyLoss = lastSums.policyLoss / n
    statistics.valueLoss = lastSums.valueLoss / n
    statistics.entropy = lastSums.entropy / n
    statistics.approxKL = lastSums.approxKL / n
    statistics.oldApproxKL = lastSums.oldApproxKL / n
    statistics.clipFraction = clippedTotal / Double(max(clippedSamples, 1))
    statistics.gradientNorm = normTotal / Double(max(minibatches, 1))
    statistics.explainedVariance = explainedVariance(storage)
    return statistics
  }

  /// Computes the gradients of one minibatch (sample indices into the flattened rollout) into
  /// replica 0, and returns the loss sums. Advantages are normalised over the whole minibatch.
  private func minibatchStep(_ storage: RolloutStorage, _ samples: [Int32]) throws -> LossSums {
    var mean = 0.0, squares = 0.0
    if config.normAdv {
      for s in samples { mean += Double(storage.advantages[Int(s)]) }
      mean /= Double(samples.count)
      for s in samples {
        let d = Double(storage.advantages[Int(s)]) - mean
        squares += d * d
      }
    }
    // torch.std is the unbiased estimate; CleanRL adds 1e-8.
    let std = config.normAdv ? (squares / Double(max(samples.count - 1, 1))).squareRoot() + 1e-8 : 1
    let parts = replicas.count
    if usesTuples, !tupleRowsAreCurrent, let tupleRollout {
      try tupleRollout.combine(from: UnsafeBufferPointer(inputTable(of: master)), groups: 0..<tupleRollout.groupCount)
      tupleRowsAreCurrent = true
    }
    var sums = [LossSums](repeating: LossSums(), count: parts)
    try sums.withUnsafeMutableBufferPointer { sums in
      try runParallel(parts) { part in
        let rows = Array(samples[share(samples.count, part: part, of: parts)])
        sums[part] = try gradients(part, storage, rows, total: samples.count,
                                   advantageShift: Float(config.normAdv ? mean : 0), advantageScale: Float(1 / std))
      }
    }
    return sums.reduce(LossSums(), +)
  }

  /// One replica's share: gathers its rows, runs forward and backward, and returns loss sums.
  private func gradients(_ part: Int, _ storage: RolloutStorage, _ rows: [Int32],
                         total: Int, advantageShift: Float, advantageScale: Float) throws -> LossSums
  {
    let net = replicas[part], w = workspaces[part]
    let tuples = usesTuples ? tupleRollout : nil
    if let tuples {
      // The table's own gradient is not used: spread() writes replica 0's from the tuple rows'.
      let all = net.gradientBuffers
      let tableCount = all[0].count - 2 * shape.hiddenSize
      UnsafeMutableBufferPointer(rebasing: all[0][tableCount...]).update(repeating: 0)
      for buffer in all.dropFirst() { buffer.update(repeating: 0) }
      tuples.zeroGradients(of: part)
    } else {
      net.zeroGradients()
    }
    let count = rows.count
    guard count > 0 else { return LossSums() }
    let features = tuples?.groupCount ?? storage.featureCount, dimension = storage.actionWidth
    // Gather: features live in slots 0..<steps, which the flattened sample index addresses directly.
    for (k, s) in rows.enumerated() {
      let i = Int(s)
      if let tuples {
        tuples.gatherIDs(of: i, into: w.indexFeatures.baseAddress! + k * features)
      } else if storage.isOneHot {
        (w.indexFeatures.baseAddress! + k * features)
          .update(from: storage.indexFeatures.baseAddress! + i * features, count: features)
      } else {
        (w.floatFeatures.baseAddress! + k * features)
          .update(from: storage.floatFeatures.baseAddress! + i * features, count: features)
      }
      if storage.isDiscrete {
        w.discreteActions[k] = storage.discreteActions[i]
      } else {
        for d in 0..<dimension { w.continuousActions[k * dimension + d] = storage.continuousActions[i * dimension + d] }
      }
      w.oldLogProbabilities[k] = storage.logProbabilities[i]
      w.advantages[k] = (storage.advantages[i] - advantageShift) * advantageScale
      w.returns[k] = storage.returns[i]
      w.oldValues[k] = storage.values[i]
    }
    let input: FeatureRows = storage.isOneHot
      ? .indices(UnsafeBufferPointer(rebasing: w.indexFeatures[0..<(count * features)]))
      : .floats(UnsafeBufferPointer(rebasing: w.floatFeatures[0..<(count * features)]))
    let inverse = 1 / Float(total), clip = config.clipCoef
    var sums = LossSums()
    sums.samples = count

    // Policy: log-probabilities first, then the per-sample loss weights, then the gradient.
    let (output, values) = try net.forward(input, batchSize: count, substitute: tuples?.substitute(for: part))
    let logp = UnsafeMutableBufferPointer(rebasing: w.logProbabilities[0..<count])
    let entropy = UnsafeMutableBufferPointer(rebasing: w.entropies[0..<count])
    let outputCount = count * shape.head.outputSize
    try evaluateHead(net, w, output, count, logp: logp, entropy: entropy, gradients: false)
    for k in 0..<count {
      let logRatio = logp[k] - w.oldLogProbabilities[k]
      let ratio = Float(exp(Double(logRatio)))
      let advantage = w.advantages[k]
      let unclipped = -advantage * ratio
      let clipped = -advantage * min(max(ratio, 1 - clip), 1 + clip)
      sums.policyLoss += Double(max(unclipped, clipped))
      sums.entropy += Double(entropy[k])
      sums.oldApproxKL += Double(-logRatio)
      sums.approxKL += Double((ratio - 1) - logRatio)
      if abs(ratio - 1) > clip { sums.clipped += 1 }
      // d max(u, c)/d log p: the unclipped branch's -A·ratio where it is the max, else 0
      // (where the clipped branch wins, the ratio is outside the clip range and flat).
      w.logProbabilityWeights[k] = unclipped >= clipped ? unclipped * inverse : 0
      w.entropyWeights[k] = -config.entCoef * inverse
    }
    try evaluateHead(net, w, output, count, logp: logp, entropy: entropy, gradients: true)

    // Value: 0.5 · max((V − R)², (V_clipped − R)²) with V_clipped = V_old + clamp(V − V_old, ±clip).
    for k in 0..<count {
      let v = values[k], target = w.returns[k]
      let unclippedError = v - target
      var gradient = unclippedError
      var loss = unclippedError * unclippedError
      if config.clipVLoss {
        let delta = v - w.oldValues[k]
        let clippedValue = w.oldValues[k] + min(max(delta, -clip), clip)
        let clippedError = clippedValue - target
        if clippedError * clippedError > loss {
          loss = clippedError * clippedError
          gradient = abs(delta) < clip ? clippedError : 0
        }
      }
      sums.valueLoss += Double(0.5 * loss)
      w.valueGradients[k] = config.vfCoef * gradient * inverse
    }
    try net.backward(policyGradient: UnsafeBufferPointer(rebasing: w.outputGradients[0..<outputCount]),
                     valueGradient: UnsafeBufferPointer(rebasing: w.valueGradients[0..<count]))
    return sums
  }

  private func evaluateHead(_ net: ActorCritic, _ w: MinibatchWorkspace, _ output: UnsafeBufferPointer<Float>,
                            _ count: Int, logp: UnsafeMutableBufferPointer<Float>,
                            entropy: UnsafeMutableBufferPointer<Float>, gradients: Bool) throws
  {
    let lw = gradients ? UnsafeBufferPointer(rebasing: w.logProbabilityWeights[0..<count]) : nil
    let ew = gradients ? UnsafeBufferPointer(rebasing: w.entropyWeights[0..<count]) : nil
    let d = gradients ? UnsafeMutableBufferPointer(rebasing: w.outputGradients[0..<(count * shape.head.outputSize)]) : nil
    switch shape.head {
    case .categorical, .wordLetters:
      try Categorical.evaluate(
        logits: output, actionCount: shape.head.outputSize, actions: UnsafeBufferPointer(rebasing: w.discreteActions[0..<count]),
        logProbabilities: gradients ? nil : logp, entropies: gradients ? nil : entropy,
        logProbabilityWeights: lw, entropyWeights: ew, logitGradients: d)
    case .gaussian(let dimension):
      try DiagonalGaussian.evaluate(
        mean: output, logStd: UnsafeBufferPointer(net.logStd),
        actions: UnsafeBufferPointer(rebasing: w.continuousActions[0..<(count * dimension)]), batchSize: count,
        logProbabilities: gradients ? nil : logp, entropies: gradients ? nil : entropy,
        logProbabilityWeights: lw, entropyWeights: ew, meanGradients: d,
        logStdGradients: gradients ? net.logStdGradients : nil)
    }
  }

  /// The first layer's table (one-hot networks): its parameters before the bias.
  func inputTable(of net: ActorCritic) -> UnsafeMutableBufferPointer<Float> {
    let buffer = net.parameterBuffers[0]
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<(buffer.count - 2 * shape.hiddenSize)])
  }

  /// 1 − Var(returns − values) / Var(returns) over the rollout (NaN-free: 0 when Var(returns) is 0).
  private func explainedVariance(_ storage: RolloutStorage) -> Double {
    let n = config.batchSize
    var meanY = 0.0, meanE = 0.0
    for i in 0..<n {
      meanY += Double(storage.returns[i])
      meanE += Double(storage.returns[i] - storage.values[i])
    }
    meanY /= Double(n)
    meanE /= Double(n)
    var varY = 0.0, varE = 0.0
    for i in 0..<n {
      let y = Double(storage.returns[i]) - meanY
      let e = Double(storage.returns[i] - storage.values[i]) - meanE
      varY += y * y
      varE += e * e
    }
    return varY == 0 ? 0 : 1 - varE / varY
  }
}
