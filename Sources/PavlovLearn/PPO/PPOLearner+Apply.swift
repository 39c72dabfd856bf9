import PavlovNet

/// The optimiser step after each minibatch, on every learner thread: summing the replicas'
/// gradients, Adam and the copy back to the replicas each touch all 135k parameters, and on one
/// thread they were an eighth of the update while the other thread waited.
extension PPOLearner {
  /// Sums the replicas' gradients into replica 0 (spreading tuple rows' gradients onto the
  /// table), clips them to max_grad_norm, steps Adam and copies the parameters to the other
  /// replicas. Returns the norm before clipping; throws before changing anything if a loss or
  /// the norm is not finite.
  func applyGradients(_ sums: LossSums) throws -> Float {
    let losses = [sums.policyLoss, sums.valueLoss, sums.entropy]
    guard losses.allSatisfy({ $0.isFinite }) else {
      throw TrainingError.nonFiniteLoss("a loss became NaN or infinite (policy \(sums.policyLoss), value "
                                        + "\(sums.valueLoss), entropy \(sums.entropy)); no update was applied")
    }
    let parts = replicas.count
    let gradients = replicas.map(\.gradientBuffers), parameters = replicas.map(\.parameterBuffers)
    let tuples = usesTuples ? tupleRollout : nil
    // Phase 1: each thread sums its share of every buffer and the squares of what it summed.
    var squares = [Double](repeating: 0, count: parts)
    try squares.withUnsafeMutableBufferPointer { squares in
      try runParallel(parts) { part in
        var total = 0.0
        for k in gradients[0].indices {
          let target = gradients[0][k]
          for (n, range) in shares(of: k, count: target.count, part: part, of: parts).enumerated() {
            if let tuples, k == 0, n == 0 {
              try tuples.spread(groups: share(tuples.groupCount, part: part, of: parts), into: target)
              total += try sumGradients(into: UnsafeMutableBufferPointer(rebasing: target[range]), from: [])
            } else {
              total += try sumGradients(into: UnsafeMutableBufferPointer(rebasing: target[range]),
                                        from: gradients.dropFirst().map { UnsafeBufferPointer(rebasing: $0[k][range]) })
            }
          }
        }
        squares[part] = total
      }
    }
    // As torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6) where that is below 1.
    let norm = squares.reduce(0, +).squareRoot()
    guard norm.isFinite else {
      throw TrainingError.nonFiniteLoss("the gradient norm became \(Float(norm)); no update was applied")
    }
    let coefficient = Double(config.maxGradNorm) / (norm + 1e-6)
    let scale: Float = coefficient < 1 ? Float(coefficient) : 1
    // Phase 2: Adam on each thread's share, copied to the other replicas; then this thread's
    // tuple rows for the next minibatch (its share of the table is group-aligned, so complete).
    try optimizers.withUnsafeMutableBufferPointer { optimizers in
      try withSplitSteps(optimizers, from: 0, []) { steps in
        try runParallel(parts) { part in
          for k in parameters[0].indices {
            for (n, range) in shares(of: k, count: parameters[0][k].count, part: part, of: parts).enumerated() {
              try steps[k].apply(parameters[0][k], gradients: UnsafeBufferPointer(gradients[0][k]), gradientScale: scale,
                                 range: range)
              // With tuple rows the other replicas read the table only to act: update() copies it once.
              if tuples != nil, k == 0, n == 0 { continue }
              for other in parameters.dropFirst() {
                _ = UnsafeMutableBufferPointer(rebasing: other[k][range])
                  .update(fromContentsOf: UnsafeBufferPointer(rebasing: parameters[0][k][range]))
              }
            }
          }
          if let tuples {
            try tuples.combine(from: UnsafeBufferPointer(inputTable(of: master)),
                               groups: share(tuples.groupCount, part: part, of: parts))
          }
        }
      }
    }
    tupleRowsAreCurrent = tuples != nil
    return Float(norm)
  }

  /// Thread `part`'s ranges of parameter buffer `k` (`count` floats): an even share, except that
  /// with tuple rows the first buffer's table (then its bias) is split along group boundaries, so
  /// that the thread that spreads and combines a group's rows also owns their table rows.
  private func shares(of k: Int, count: Int, part: Int, of parts: Int) -> [Range<Int>] {
    guard k == 0, usesTuples, let tupleRollout else { return [share(count, part: part, of: parts)] }
    let width = tupleRollout.width
    let categories = tupleRollout.tuples.categories(ofGroups: share(tupleRollout.groupCount, part: part, of: parts))
    let table = count - width, bias = share(width, part: part, of: parts)
    return [(categories.lowerBound * width)..<(categories.upperBound * width),
            (table + bias.lowerBound)..<(table + bias.upperBound)]
  }

  /// Calls `body` with every optimiser's next step at once (through the buffer, so no two
  /// accesses to the array overlap).
  private func withSplitSteps(_ optimizers: UnsafeMutableBufferPointer<Adam>, from k: Int, _ steps: [AdamSplitStep],
                              _ body: ([AdamSplitStep]) throws -> Void) throws
  {
    guard k < optimizers.count else { return try body(steps) }
    try optimizers[k].withSplitStep { try withSplitSteps(optimizers, from: k + 1, steps + [$0], body) }
  }
}
