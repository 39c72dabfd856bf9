import Foundation
import PavlovNet

/// How a Bradley–Terry fit went; held-out figures come from pairs never trained on.
public struct FitReport: Sendable, Codable, Equatable {
  public var labeller: String
  public var trainingPairs: Int
  public var validationPairs: Int
  public var epochs: Int
  /// Mean soft-label cross-entropy on the training pairs after the last epoch.
  public var trainingLoss: Double
  public var validationLoss: Double
  /// Held-out pairs whose label is not a tie, and the share the model orders as labelled.
  public var validationDecisivePairs: Int
  public var validationAccuracy: Double
  /// Held-out pairs whose privileged progress differs, and the share the model orders as
  /// progress does (agreement with the oracle teacher).
  public var validationOraclePairs: Int
  public var validationOracleAgreement: Double
  /// Training accuracy on non-tied labels (to see over- or under-fitting).
  public var trainingAccuracy: Double
}

/// Fits a `RewardModel` to preference labels with the Bradley–Terry model:
/// P(o₁ ≻ o₂) = σ(r(o₁) − r(o₂)), loss = soft-label cross-entropy (a tie is the label 0.5).
public struct BradleyTerryFit {
  public var hiddenSizes: [Int] = [64, 64]
  public var epochs = 40
  public var batchSize = 64
  public var learningRate: Float = 1e-3
  public var maxGradientNorm: Float = 1
  /// Share of pairs held out for validation (drawn by `seed`).
  public var validationFraction = 0.1
  /// The quantile of r̂ that becomes the threshold ε (0.5: the paper's median).
  public var thresholdQuantile = 0.5
  public var seed: UInt64 = 0
  /// Event codes to one-hot encode beside the observation (0: observation only).
  public var eventCount = 0
  /// What the model reads; nil: the environment's default (`RewardModelInput.automatic`).
  public var input: RewardModelInput?

  public init() {}

  /// Fits on `examples` (from `LabelStore.examples`); input statistics and reward
  /// normalisation come from `normalisation` (every collected observation, raw bytes, row-major).
  public func fit(
    _ examples: [PreferenceExample], labeller: String, environmentID: String, observationType: String,
    observationSize: Int, normalisation: [UInt8], normalisationEvents: [Int32]? = nil
  ) throws -> RewardModel {
    guard examples.count >= 2 else {
      throw RewardError.insufficientData("\(examples.count) usable labels from \(labeller); a fit needs at least 2")
    }
    guard epochs >= 1, batchSize >= 1 else {
      throw RewardError.invalidArgument("epochs and batchSize must be at least 1; got \(epochs), \(batchSize)")
    }
    guard (0..<1).contains(validationFraction) else {
      throw RewardError.invalidArgument("validationFraction must be within 0..<1; got \(validationFraction)")
    }
    guard (0...1).contains(thresholdQuantile) else {
      throw RewardError.invalidArgument("thresholdQuantile must be within 0...1; got \(thresholdQuantile)")
    }
    let model = try RewardModel(environmentID: environmentID, observationType: observationType,
                                observationSize: observationSize, eventCount: eventCount, hiddenSizes: hiddenSizes, seed: seed,
                                maxBatchSize: max(1024, 2 * batchSize),
                                input: try input ?? RewardModelInput.automatic(forEnvironment: environmentID))
    let byteCount = model.observationByteCount
    guard examples.allSatisfy({ $0.first.count == byteCount && $0.second.count == byteCount }) else {
      throw RewardError.invalidArgument("labelled observations must have \(byteCount) bytes each")
    }
    if model.viewInput == nil {
      let inputs = try decode(normalisation, model: model)
      standardise(model: model, rows: inputs, count: normalisation.count / byteCount)
    }

    var generator = PairGenerator(seed: seed, pairID: -7)
    var order = Array(examples.indices)
    order.shuffle(using: &generator)
    let heldOut = examples.count >= 10 ? Int(Double(examples.count) * validationFraction) : 0
    let validation = order.prefix(heldOut).map { examples[$0] }
    var training = order.dropFirst(heldOut).map { examples[$0] }
    if let view = model.viewInput {
      try trainView(view, model: model, on: training, generator: &generator)
    } else {
      try trainObservation(model: model, on: training, generator: &generator)
    }

    // Normalisation over every collected observation, then ε as a quantile of r̂.
    let raw = try model.rewards(observationBytes: normalisation, normalized: false, events: normalisationEvents)
    let mean = raw.reduce(0, +) / Float(max(raw.count, 1))
    let variance = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(raw.count, 1))
    model.rewardMean = mean
    model.rewardStandardDeviation = max(variance.squareRoot(), 1e-6)
    model.thresholdQuantile = thresholdQuantile
    model.threshold = RewardModel.quantile(raw.map { ($0 - mean) / model.rewardStandardDeviation }, thresholdQuantile)

    let trainingScores = try evaluate(training, model: model)
    let validationScores = try evaluate(validation, model: model)
    training.removeAll()
    model.report = FitReport(
      labeller: labeller, trainingPairs: examples.count - heldOut, validationPairs: heldOut, epochs: epochs,
      trainingLoss: trainingScores.loss, validationLoss: validationScores.loss,
      validationDecisivePairs: validationScores.decisive, validationAccuracy: validationScores.accuracy,
      validationOraclePairs: validationScores.oraclePairs, validationOracleAgreement: validationScores.oracleAgreement,
      trainingAccuracy: trainingScores.accuracy)
    return model
  }

  /// The epochs over the standardised observation (and the event's one-hot).
  private func trainObservation(model: RewardModel, on training: [PreferenceExample],
                                generator: inout PairGenerator) throws {
    // Decoded once: each pair's two observations as float rows.
    let trainingRows = try training.map { (try decode($0.first, model: model), try decode($0.second, model: model)) }
    var adam = Adam(parameterCount: model.network.parameterCount, learningRate: learningRate)
    var indices = Array(training.indices)
    let width = model.inputWidth
    var input = [Float](repeating: 0, count: 2 * batchSize * width)
    var output = [Float](repeating: 0, count: 2 * batchSize)
    var outputGradient = output
    for _ in 0..<epochs {
      indices.shuffle(using: &generator)
      var start = 0
      while start < indices.count {
        let batch = Array(indices[start..<min(start + batchSize, indices.count)])
        start += batch.count
        let b = batch.count
        for (k, index) in batch.enumerated() {
          let (first, second) = trainingRows[index]
          let example = training[index]
          standardiseRow(first, event: example.firstEvent, model: model, into: &input, at: k * width)
          standardiseRow(second, event: example.secondEvent, model: model, into: &input, at: (b + k) * width)
        }
        model.network.zeroGradients()
        try input.withUnsafeBufferPointer { x in
          try output.withUnsafeMutableBufferPointer { y in
            try model.network.forward(UnsafeBufferPointer(rebasing: x[0..<(2 * b * width)]), batchSize: 2 * b,
                                      into: UnsafeMutableBufferPointer(rebasing: y[0..<(2 * b)]))
          }
        }
        // d loss / d r₁ = σ(r₁ − r₂) − y, and the opposite for r₂ (mean over the batch).
        for k in 0..<b {
          let g = Float(sigmoid(Double(output[k] - output[b + k])) - training[batch[k]].preference) / Float(b)
          outputGradient[k] = g
          outputGradient[b + k] = -g
        }
        try outputGradient.withUnsafeBufferPointer { g in
          try model.network.backward(UnsafeBufferPointer(rebasing: g[0..<(2 * b)]))
        }
        try clipGradientNorm([model.network.gradients], maxNorm: maxGradientNorm)
        try adam.update(model.network)
      }
    }
  }

  /// Loss, accuracy on non-tied labels, and agreement with privileged progress.
  func evaluate(_ examples: [PreferenceExample], model: RewardModel) throws
    -> (loss: Double, decisive: Int, accuracy: Double, oraclePairs: Int, oracleAgreement: Double)
  {
    guard !examples.isEmpty else { return (0, 0, 0, 0, 0) }
    let firsts = try model.rewards(observationBytes: examples.flatMap(\.first), normalized: false,
                                   events: examples.map { Int32($0.firstEvent) })
    let seconds = try model.rewards(observationBytes: examples.flatMap(\.second), normalized: false,
                                    events: examples.map { Int32($0.secondEvent) })
    var loss = 0.0, decisive = 0, correct = 0, oraclePairs = 0, agree = 0
    for (i, e) in examples.enumerated() {
      let d = Double(firsts[i] - seconds[i])
      loss += e.preference * softplus(-d) + (1 - e.preference) * softplus(d)
      if e.preference != 0.5 {
        decisive += 1
        if (d > 0) == (e.preference > 0.5) { correct += 1 }
      }
      if e.firstProgress != e.secondProgress {
        oraclePairs += 1
        if (d > 0) == (e.firstProgress > e.secondProgress) { agree += 1 }
      }
    }
    return (loss / Double(examples.count), decisive, decisive == 0 ? 0 : Double(correct) / Double(decisive),
            oraclePairs, oraclePairs == 0 ? 0 : Double(agree) / Double(oraclePairs))
  }

  private func decode(_ bytes: [UInt8], model: RewardModel) throws -> [Float] {
    let count = bytes.count / model.observationByteCount
    var rows = [Float](repeating: 0, count: count * model.observationSize)
    bytes.withUnsafeBytes { raw in
      for i in 0..<(count * model.observationSize) {
        switch model.observationType {
        case "uint8": rows[i] = Float(raw[i])
        case "int32": rows[i] = Float(raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
        default: rows[i] = raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
        }
      }
    }
    return rows
  }

  /// Per-element mean and 1/std over the collected observations (constant elements: scale 0).
  private func standardise(model: RewardModel, rows: [Float], count: Int) {
    let size = model.observationSize
    guard count > 0 else { return }
    for j in 0..<size {
      var mean: Float = 0
      for i in 0..<count { mean += rows[i * size + j] }
      mean /= Float(count)
      var variance: Float = 0
      for i in 0..<count { variance += (rows[i * size + j] - mean) * (rows[i * size + j] - mean) }
      let std = (variance / Float(count)).squareRoot()
      model.inputMean[j] = mean
      model.inputScale[j] = std > 1e-6 ? 1 / std : 0
    }
  }

  private func standardiseRow(_ row: [Float], event: Int, model: RewardModel, into input: inout [Float], at offset: Int) {
    for j in 0..<row.count { input[offset + j] = (row[j] - model.inputMean[j]) * model.inputScale[j] }
    guard model.eventCount > 0 else { return }
    input.withUnsafeMutableBufferPointer { all in
      model.encodeEvent(event, into: UnsafeMutableBufferPointer(
        rebasing: all[(offset + row.count)..<(offset + row.count + model.eventCount)]))
    }
  }
}

func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
/// log(1 + eˣ) without overflow.
func softplus(_ x: Double) -> Double { x > 30 ? x : log1p(exp(x)) }
