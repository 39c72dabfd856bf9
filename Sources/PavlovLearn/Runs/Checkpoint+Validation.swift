import PavlovSim

// What a checkpoint's contents must satisfy before anything is built from them: a crafted or
// damaged file gets a clear error naming the file, never a trap or a silent NaN network.

extension Checkpoint.Header {
  /// Checks every field of the header and returns the number of floats its blobs hold
  /// (3 × the sum of `bufferLengths`), which must be exactly `payloadBytes` / 4.
  func validatedFloatCount(payloadBytes: Int, source: String) throws(TrainingError) -> Int {
    func fail(_ problem: String) -> TrainingError { .checkpoint("\(source) is not a valid checkpoint: \(problem)") }
    var total = 0
    for (k, length) in bufferLengths.enumerated() {
      guard length >= 0 else { throw fail("buffer \(k) has length \(length)") }
      let (sum, overflow) = total.addingReportingOverflow(length)
      // Each float is stored three times (parameters, two moments), 4 bytes each.
      guard !overflow, sum <= payloadBytes / 12 else {
        throw fail("its buffer lengths \(bufferLengths) need more than the \(payloadBytes) bytes it holds")
      }
      total = sum
    }
    guard 12 * total == payloadBytes else {
      throw fail("it holds \(payloadBytes) bytes of parameters, its buffer lengths \(bufferLengths) need \(12 * total)")
    }
    do { try config.validate() } catch { throw fail("its config is invalid (\(error))") }
    guard shape.hiddenSize == config.hiddenSize else {
      throw fail("its network's hidden size \(shape.hiddenSize) differs from its config's hidden_size \(config.hiddenSize)")
    }
    guard (1...(1 << 20)).contains(shape.observationSize) else {
      throw fail("its network reads \(shape.observationSize) observation values")
    }
    try requireValidHead(fail)
    guard globalStep >= 0, iteration >= 0, globalStep == iteration * config.batchSize else {
      throw fail("step \(globalStep) is not iteration \(iteration) × the batch \(config.batchSize)")
    }
    guard seconds.isFinite, seconds >= 0 else { throw fail("it reports \(seconds) seconds of training") }
    guard optimizerSteps.count == bufferLengths.count, optimizerSteps.allSatisfy({ $0 >= 0 }) else {
      throw fail("optimiser steps \(optimizerSteps) for \(bufferLengths.count) buffers")
    }
    if let statistics = observationStatistics, !statistics.isWellFormed {
      throw fail("its observation statistics are malformed (lengths or non-finite values)")
    }
    if let scaler = rewardScaler, !scaler.fits(envs: config.numEnvs) {
      throw fail("its reward normalisation does not fit its \(config.numEnvs) envs")
    }
    return 3 * total
  }

  private func requireValidHead(_ fail: (String) -> TrainingError) throws(TrainingError) {
    switch shape.head {
    case .categorical(let count):
      guard (1...(1 << 20)).contains(count) else { throw fail("its policy has \(count) actions") }
    case .gaussian(let dimension):
      guard (1...4096).contains(dimension) else { throw fail("its policy has \(dimension) action dimensions") }
    case .wordLetters(let letters):
      guard !letters.isEmpty, letters.count % 5 == 0, letters.allSatisfy({ $0 < 26 }) else {
        throw fail("its word-letter head holds \(letters.count) letter indices, not five per word in 0–25")
      }
    }
  }

  /// Throws unless this checkpoint's network reads `spec`'s observations and writes its actions.
  public func requireNetwork(fits spec: EnvSpec) throws(TrainingError) {
    guard config.envID == spec.id else {
      throw .checkpoint("the checkpoint was trained on \(config.envID), not \(spec.id)")
    }
    let encoding = ObservationEncoding.automatic(for: spec, preferredView: config.wordleKnowledge)
    guard shape.observationSize == spec.observationSize, shape.encoding == encoding else {
      throw .checkpoint("the checkpoint's network (\(shape.summary)) does not read \(spec.id)'s observations")
    }
    let fits: Bool
    switch (shape.head, spec.actionSpace) {
    case (.categorical, .discrete(let actions)), (.wordLetters, .discrete(let actions)):
      fits = shape.head.outputSize == actions
    case (.gaussian(let dimension), .continuous(let actionDimension, _)): fits = dimension == actionDimension
    default: fits = false
    }
    guard fits else {
      throw .checkpoint("the checkpoint's network (\(shape.summary)) does not act in \(spec.id)'s action space")
    }
  }
}

extension Checkpoint {
  /// Refuses NaN or infinite weights and optimiser moments (and negative second moments).
  func requireFiniteValues(source: String) throws(TrainingError) {
    for (name, blobs) in [("parameter", parameters), ("first-moment", firstMoments), ("second-moment", secondMoments)] {
      for (k, blob) in blobs.enumerated() {
        guard let bad = blob.firstIndex(where: { !$0.isFinite }) else { continue }
        let count = blob.lazy.filter { !$0.isFinite }.count
        throw .checkpoint("\(source) holds non-finite weights (\(count) in \(name) buffer \(k), the first at index "
                          + "\(bad): \(blob[bad])); a network with them cannot act or learn. Resume or evaluate "
                          + "from an earlier copy, or retrain")
      }
    }
    for (k, blob) in secondMoments.enumerated() where blob.contains(where: { $0 < 0 }) {
      throw .checkpoint("\(source) is not a valid checkpoint: second-moment buffer \(k) holds negative values")
    }
  }
}

extension RunningMeanStd {
  /// Equal lengths, finite numbers, non-negative variances and a positive count.
  var isWellFormed: Bool {
    mean.count == variance.count && mean.allSatisfy(\.isFinite) && variance.allSatisfy { $0.isFinite && $0 >= 0 }
      && count.isFinite && count > 0
  }
}
