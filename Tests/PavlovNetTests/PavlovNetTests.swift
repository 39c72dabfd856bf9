import PavlovNet
import XCTest

/// The Swift face of the learner kernels: errors, views, the heads, Adam, clipping, and two tiny
/// training runs (regression; a bandit through the categorical head) that must actually learn.
final class PavlovNetTests: XCTestCase {
  func testBadSizesThrowWithMessages() {
    XCTAssertThrowsError(try MLP(layerSizes: [4, 0, 2])) { error in
      guard case LearnError.invalidArgument(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("layer_sizes[1]"), message)
    }
    XCTAssertThrowsError(try MLP(layerSizes: [4]))
    XCTAssertThrowsError(try MLP(layerSizes: [4, 2], maxBatchSize: 0))
    XCTAssertThrowsError(try MLP(layerSizes: [4, Int(Int32.max) + 1, 2]))
  }

  func testViewsDeterminismAndShortBuffers() throws {
    let a = try MLP(layerSizes: [3, 8, 2], activation: .relu, outputGain: 0.01, seed: 5, maxBatchSize: 4)
    let b = try MLP(layerSizes: [3, 8, 2], activation: .relu, outputGain: 0.01, seed: 5, maxBatchSize: 4)
    XCTAssertEqual(a.parameterCount, 3 * 8 + 8 + 8 * 2 + 2)
    XCTAssertEqual(Array(a.parameters), Array(b.parameters))
    XCTAssertEqual(a.inputSize, 3)
    XCTAssertEqual(a.outputSize, 2)
    let output = try a.forward([1, 2, 3, 4, 5, 6], batchSize: 2)
    XCTAssertEqual(output.count, 4)
    XCTAssertThrowsError(try a.forward([1, 2, 3], batchSize: 2)) { error in
      guard case LearnError.bufferTooSmall = error else { return XCTFail("\(error)") }
    }
    XCTAssertThrowsError(try a.forward([Float](repeating: 0, count: 15), batchSize: 5))  // over maxBatchSize
    let fresh = try MLP(layerSizes: [2, 2])
    XCTAssertThrowsError(try [Float](repeating: 1, count: 2).withUnsafeBufferPointer { try fresh.backward($0) }) {
      error in
      guard case LearnError.invalidState = error else { return XCTFail("\(error)") }
    }
  }

  func testHeadsThroughSwift() throws {
    let logits: [Float] = [0, 1, 2, 0, 0, 0]
    let actions: [Int32] = [2, 1]
    var logP = [Float](repeating: 0, count: 2), entropy = logP
    try logits.withUnsafeBufferPointer { z in
      try actions.withUnsafeBufferPointer { a in
        try logP.withUnsafeMutableBufferPointer { lp in
          try entropy.withUnsafeMutableBufferPointer { h in
            try Categorical.evaluate(logits: z, actionCount: 3, actions: a, logProbabilities: lp, entropies: h)
          }
        }
      }
    }
    let lse = log(1 + exp(1) + exp(2) as Float)
    XCTAssertEqual(logP[0], 2 - lse, accuracy: 1e-5)
    XCTAssertEqual(logP[1], -log(3), accuracy: 1e-5)
    XCTAssertEqual(entropy[1], log(3), accuracy: 1e-5)
    var sampled = [Int32](repeating: -1, count: 2)
    try logits.withUnsafeBufferPointer { z in
      try [Float](arrayLiteral: 0.99, 0.5).withUnsafeBufferPointer { u in
        try sampled.withUnsafeMutableBufferPointer { try Categorical.sample(logits: z, actionCount: 3, uniforms: u, into: $0) }
      }
    }
    XCTAssertEqual(sampled, [2, 1])
    XCTAssertThrowsError(try logits.withUnsafeBufferPointer { z in
      try [Int32](arrayLiteral: 3).withUnsafeBufferPointer { try Categorical.evaluate(logits: z, actionCount: 3, actions: $0) }
    })

    let mean: [Float] = [1, -1], logStd: [Float] = [0, log(2)]
    var gaussianActions = [Float](repeating: 0, count: 2), gaussianLogP: [Float] = [0]
    var gaussianEntropy: [Float] = [0]
    try mean.withUnsafeBufferPointer { mu in
      try logStd.withUnsafeBufferPointer { s in
        try [Float](arrayLiteral: 0.5, -1).withUnsafeBufferPointer { eps in
          try gaussianActions.withUnsafeMutableBufferPointer {
            try DiagonalGaussian.sample(mean: mu, logStd: s, normals: eps, batchSize: 1, into: $0)
          }
        }
        try gaussianActions.withUnsafeBufferPointer { a in
          try gaussianLogP.withUnsafeMutableBufferPointer { lp in
            try gaussianEntropy.withUnsafeMutableBufferPointer { h in
              try DiagonalGaussian.evaluate(mean: mu, logStd: s, actions: a, batchSize: 1, logProbabilities: lp,
                                            entropies: h)
            }
          }
        }
      }
    }
    XCTAssertEqual(gaussianActions[0], 1.5, accuracy: 1e-6)
    XCTAssertEqual(gaussianActions[1], -3, accuracy: 1e-6)
    let halfLog2Pi = Float(0.5 * log(2 * Double.pi))
    XCTAssertEqual(gaussianLogP[0], -0.5 * (0.25 + 1) - log(2) - 2 * halfLog2Pi, accuracy: 1e-5)
    XCTAssertEqual(gaussianEntropy[0], 2 * (0.5 + halfLog2Pi) + log(2), accuracy: 1e-5)
  }

  func testInstructionSetSelection() throws {
    let original = InstructionSet.current
    defer { try? InstructionSet.select(original) }
    try InstructionSet.select(.baseline)
    XCTAssertEqual(InstructionSet.current, .baseline)
    for (set, name) in [(InstructionSet.avx2FMA, "AVX2"), (.avx512, "AVX-512")] {
      do {
        try InstructionSet.select(set)
        XCTAssertEqual(InstructionSet.current, set)
      } catch LearnError.invalidArgument(let message) {
        XCTAssertTrue(message.contains(name), message)  // a CPU or build without it says so
      }
    }
  }

  func testAdamAndClipping() throws {
    var parameters: [Float] = [1, -2]
    var adam = Adam(parameterCount: 2, learningRate: 0.1)
    try parameters.withUnsafeMutableBufferPointer { p in
      try [Float](arrayLiteral: 3, -0.5).withUnsafeBufferPointer { try adam.update(p, gradients: $0) }
    }
    // The first Adam step moves each parameter by the learning rate against its gradient's sign.
    XCTAssertEqual(parameters[0], 0.9, accuracy: 1e-6)
    XCTAssertEqual(parameters[1], -1.9, accuracy: 1e-6)
    XCTAssertEqual(adam.stepCount, 1)
    XCTAssertThrowsError(try [Float](arrayLiteral: 1).withUnsafeBufferPointer { g in
      try parameters.withUnsafeMutableBufferPointer { try adam.update($0, gradients: g) }
    })

    var first: [Float] = [3, 4], second: [Float] = [12]
    let norm = try first.withUnsafeMutableBufferPointer { a in
      try second.withUnsafeMutableBufferPointer { b in try clipGradientNorm([a, b], maxNorm: 1.3) }
    }
    XCTAssertEqual(norm, 13, accuracy: 1e-5)
    XCTAssertEqual(first[1], 0.4, accuracy: 1e-5)
    XCTAssertEqual(second[0], 1.2, accuracy: 1e-5)
    XCTAssertThrowsError(try first.withUnsafeMutableBufferPointer { try clipGradientNorm([$0], maxNorm: -1) })
  }

  /// A 2×32 tanh MLP with Adam fits y = sin(2x₀) + x₁² on a fixed batch: the loss must drop 20×.
  func testRegressionSmokeRun() throws {
    let batch = 64
    let net = try MLP(layerSizes: [2, 32, 32, 1], seed: 3, maxBatchSize: batch)
    var adam = Adam(parameterCount: net.parameterCount, learningRate: 1e-2)
    var x = [Float](), y = [Float]()
    for i in 0..<batch {
      let a = Float(i % 8) / 4 - 1, b = Float(i / 8) / 4 - 1
      x += [a, b]
      y.append(sin(2 * a) + b * b)
    }
    var output = [Float](repeating: 0, count: batch), dOutput = output
    func loss() -> Float { zip(output, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(batch) }
    var initial: Float = 0
    for step in 0..<300 {
      try x.withUnsafeBufferPointer { xs in
        try output.withUnsafeMutableBufferPointer { try net.forward(xs, batchSize: batch, into: $0) }
      }
      if step == 0 { initial = loss() }
      for i in 0..<batch { dOutput[i] = 2 * (output[i] - y[i]) / Float(batch) }
      net.zeroGradients()
      try dOutput.withUnsafeBufferPointer { try net.backward($0) }
      try clipGradientNorm([net.gradients], maxNorm: 0.5)
      try adam.update(net)
    }
    XCTAssertLessThan(loss(), initial / 20, "initial \(initial), final \(loss())")
  }

  /// A one-state bandit where action 2 pays: the categorical head's log-prob gradient (REINFORCE)
  /// must move the policy from uniform (output gain 0.01) to picking action 2 almost surely.
  func testBanditPolicyGradientSmokeRun() throws {
    let batch = 32, actionCount = 4
    let policy = try MLP(layerSizes: [1, 16, actionCount], outputGain: 0.01, seed: 9, maxBatchSize: batch)
    var adam = Adam(parameterCount: policy.parameterCount, learningRate: 3e-2)
    let observations = [Float](repeating: 1, count: batch)
    let actions = (0..<batch).map { Int32($0 % actionCount) }  // every action, equally often
    // Loss = -mean(advantage · log p): weights are d loss / d log p.
    let weights = actions.map { $0 == 2 ? Float(-1) / Float(batch) : Float(1) / Float(3 * batch) }
    var logits = [Float](repeating: 0, count: batch * actionCount), dLogits = logits
    var logP = [Float](repeating: 0, count: batch)
    for _ in 0..<100 {
      try observations.withUnsafeBufferPointer { o in
        try logits.withUnsafeMutableBufferPointer { try policy.forward(o, batchSize: batch, into: $0) }
      }
      try logits.withUnsafeBufferPointer { z in
        try actions.withUnsafeBufferPointer { a in
          try weights.withUnsafeBufferPointer { w in
            try logP.withUnsafeMutableBufferPointer { lp in
              try dLogits.withUnsafeMutableBufferPointer { d in
                try Categorical.evaluate(logits: z, actionCount: actionCount, actions: a, logProbabilities: lp,
                                         logProbabilityWeights: w, logitGradients: d)
              }
            }
          }
        }
      }
      policy.zeroGradients()
      try dLogits.withUnsafeBufferPointer { try policy.backward($0) }
      try adam.update(policy)
    }
    XCTAssertGreaterThan(exp(logP[2]), 0.95, "p(action 2) = \(exp(logP[2]))")
  }
}
