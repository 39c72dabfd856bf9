import PavlovNet

extension BradleyTerryFit {
  /// The epochs over the learner's view: each observation's codes are computed once, a batch
  /// sums their rows in the sparse first layer, and its gradient reaches only the rows used.
  func trainView(_ view: RewardViewInput, model: RewardModel, on training: [PreferenceExample],
                 generator: inout PairGenerator) throws {
    let features = view.featureCount
    var codes = [Int32](repeating: 0, count: training.count * 2 * features)
    try codes.withUnsafeMutableBufferPointer { out in
      for (i, example) in training.enumerated() {
        for (side, (bytes, event)) in [(example.first, example.firstEvent), (example.second, example.secondEvent)].enumerated() {
          try bytes.withUnsafeBytes { row in
            try view.encode(row.baseAddress!, event: event, into: out.baseAddress! + (2 * i + side) * features)
          }
        }
      }
    }
    let network = model.network, layer = view.layer
    var networkAdam = Adam(parameterCount: network.parameterCount, learningRate: learningRate)
    var layerAdam = Adam(parameterCount: layer.parameterCount, learningRate: learningRate)
    let hiddenWidth = layer.outputSize
    var indices = Array(training.indices)
    var batchCodes = [Int32](repeating: 0, count: 2 * batchSize * features)
    var output = [Float](repeating: 0, count: 2 * batchSize)
    var outputGradient = output
    var hiddenGradient = [Float](repeating: 0, count: 2 * batchSize * hiddenWidth)
    for _ in 0..<epochs {
      indices.shuffle(using: &generator)
      var start = 0
      while start < indices.count {
        let batch = Array(indices[start..<min(start + batchSize, indices.count)])
        start += batch.count
        let b = batch.count
        // Rows 0..<b are the first observations, b..<2b the second, as in the observation fit.
        for (k, index) in batch.enumerated() {
          for side in 0..<2 {
            let from = (2 * index + side) * features, to = (side * b + k) * features
            for f in 0..<features { batchCodes[to + f] = codes[from + f] }
          }
        }
        network.zeroGradients()
        layer.zeroGradients()
        let hidden = try batchCodes.withUnsafeBufferPointer { x in
          try layer.forward(UnsafeBufferPointer(rebasing: x[0..<(2 * b * features)]), batchSize: 2 * b)
        }
        try output.withUnsafeMutableBufferPointer { y in
          try network.forward(hidden, batchSize: 2 * b, into: UnsafeMutableBufferPointer(rebasing: y[0..<(2 * b)]))
        }
        for k in 0..<b {
          let g = Float(sigmoid(Double(output[k] - output[b + k])) - training[batch[k]].preference) / Float(b)
          outputGradient[k] = g
          outputGradient[b + k] = -g
        }
        try outputGradient.withUnsafeBufferPointer { g in
          try hiddenGradient.withUnsafeMutableBufferPointer { h in
            try network.backward(UnsafeBufferPointer(rebasing: g[0..<(2 * b)]),
                                 inputGradient: UnsafeMutableBufferPointer(rebasing: h[0..<(2 * b * hiddenWidth)]))
          }
        }
        try hiddenGradient.withUnsafeBufferPointer { h in
          try layer.backward(UnsafeBufferPointer(rebasing: h[0..<(2 * b * hiddenWidth)]))
        }
        try clipGradientNorm([network.gradients, layer.gradients], maxNorm: maxGradientNorm)
        try networkAdam.update(network)
        try layerAdam.update(layer.parameters, gradients: UnsafeBufferPointer(layer.gradients))
      }
    }
  }
}
