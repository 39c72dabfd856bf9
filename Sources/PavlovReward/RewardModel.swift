import Foundation
import PavlovNet

/// A learned reward r(o): an MLP over the observation, fit by `BradleyTerryFit` so that
/// P(o₁ ≻ o₂) = σ(r(o₁) − r(o₂)).
///
/// It reads the observation (`RewardModelInput.observation`: inputs standardised per element
/// with statistics of the collected observations) or the learner's one-hot view (`learnerView`:
/// a sparse first layer over its category codes, then the MLP); outputs can be normalised to
/// zero mean and unit variance over those observations (the paper's r̂), and `threshold` is the chosen quantile of r̂ (ε of the count modulation).
/// Not thread-safe (the network keeps its workspace): one model per thread.
public final class RewardModel {
  /// The environment whose observations this model scores.
  public let environmentID: String
  /// Element type of raw observations: "uint8", "int32" or "float32".
  public let observationType: String
  /// Elements in one observation.
  public let observationSize: Int
  /// Event codes one-hot encoded beside the observation (0: none). The event is part of what a
  /// caption says ("you reached the goal") and sometimes the only trace of progress: in an
  /// egocentric grid view the goal the agent stands on is not visible.
  public let eventCount: Int
  /// What the network reads: the standardised observation or the learner's one-hot view.
  public let input: RewardModelInput
  /// r̂ = (r − rewardMean) / rewardStandardDeviation.
  public internal(set) var rewardMean: Float = 0
  public internal(set) var rewardStandardDeviation: Float = 1
  /// ε: the `thresholdQuantile` quantile of r̂ over the collected observations.
  public internal(set) var threshold: Float = 0
  public internal(set) var thresholdQuantile: Double = 0.5
  /// How the fit went (nil for a model that was never fit).
  public internal(set) var report: FitReport?

  /// The layers after the input: all of them for `observation`; for `learnerView`, those after
  /// `viewInput`'s first hidden layer.
  let network: MLP
  /// The first hidden layer over the learner's view (nil for `observation`).
  let viewInput: RewardViewInput?
  /// Per-element input standardisation: x' = (x − inputMean) · inputScale (empty for `learnerView`).
  var inputMean: [Float]
  var inputScale: [Float]
  /// Hidden layer sizes (over the learner view the first is the sparse layer's).
  public let hiddenSizes: [Int]
  /// Float rows for one forward pass (chunks of `network.maxBatchSize`).
  private var inputScratch: [Float] = []
  private var outputScratch: [Float] = []
  private var indexScratch: [Int32] = []

  /// A fresh, unfit model.
  public init(environmentID: String, observationType: String, observationSize: Int, eventCount: Int = 0,
              hiddenSizes: [Int] = [64, 64], seed: UInt64 = 0, maxBatchSize: Int = 1024,
              input: RewardModelInput = .observation) throws {
    guard eventCount >= 0 else { throw RewardError.invalidArgument("eventCount must be 0 or more; got \(eventCount)") }
    self.eventCount = eventCount
    guard ["uint8", "int32", "float32"].contains(observationType) else {
      throw RewardError.invalidArgument("observationType '\(observationType)' is unknown; allowed: uint8, int32, float32")
    }
    guard observationSize > 0 else {
      throw RewardError.invalidArgument("observationSize must be at least 1; got \(observationSize)")
    }
    if let problem = Self.hiddenSizesProblem(hiddenSizes) { throw RewardError.invalidArgument("hiddenSizes: \(problem)") }
    self.environmentID = environmentID
    self.observationType = observationType
    self.observationSize = observationSize
    self.input = input
    self.hiddenSizes = hiddenSizes
    switch input {
    case .observation:
      viewInput = nil
      network = try MLP(layerSizes: [observationSize + eventCount] + hiddenSizes + [1], activation: .tanh, outputGain: 1,
                        seed: seed, maxBatchSize: maxBatchSize)
      inputMean = [Float](repeating: 0, count: observationSize)
      inputScale = [Float](repeating: 1, count: observationSize)
    case .learnerView:
      let view = try RewardViewInput(environmentID: environmentID, eventCount: eventCount, outputSize: hiddenSizes[0],
                                     seed: seed, maxBatchSize: maxBatchSize)
      viewInput = view
      network = try MLP(layerSizes: hiddenSizes + [1], activation: .tanh, outputGain: 1, seed: seed &+ 1,
                        maxBatchSize: maxBatchSize)
      inputMean = []
      inputScale = []
    }
  }

  /// Weights and biases of the network (for FLOP estimates: a forward pass is ≈ 2 × this per row
  /// over the observation; over the learner view the first layer only sums one row per feature).
  public var parameterCount: Int { network.parameterCount + (viewInput?.layer.parameterCount ?? 0) }

  /// Network inputs per row: the standardised observation, then the event one-hot.
  var inputWidth: Int { observationSize + eventCount }

  /// Bytes in one raw observation.
  public var observationByteCount: Int { observationSize * (observationType == "uint8" ? 1 : 4) }

  // MARK: Batch API (for PPO)

  /// Rewards of `count` float32 observations (`count × observationSize`, row-major) into
  /// `into` (`count` values): normalised r̂ unless `normalized` is false.
  public func rewards(observations: UnsafeBufferPointer<Float>, count: Int, into rewards: UnsafeMutableBufferPointer<Float>,
                      normalized: Bool = true) throws {
    guard viewInput == nil else {
      throw RewardError.invalidArgument("this reward model reads the learner view of raw observations; "
                                        + "pass their bytes (rewards(observationBytes:...)), not floats")
    }
    try checkSizes(count: count, elements: observations.count, output: rewards.count, unit: "floats")
    try score(count: count, into: rewards, normalized: normalized) { row, destination in
      for j in 0..<observationSize { destination[j] = observations[row * observationSize + j] }
    }
  }

  /// Rewards of `count` raw observations as a `StepBuffers`/`StepBatch` holds them
  /// (`count × observationByteCount` bytes of `observationType`, e.g. uint8 grid views).
  /// `events` (`count` codes, nil: none) feed the event one-hot of a model with `eventCount` > 0.
  public func rewards(observationBytes: UnsafeRawBufferPointer, count: Int, into rewards: UnsafeMutableBufferPointer<Float>,
                      normalized: Bool = true, events: UnsafeBufferPointer<Int32>? = nil) throws {
    try checkSizes(count: count, elements: observationBytes.count, output: rewards.count, unit: "bytes",
                   perRow: observationByteCount)
    if let viewInput {
      return try scoreView(viewInput, observationBytes: observationBytes, count: count, into: rewards,
                           normalized: normalized, events: events)
    }
    let size = observationSize, type = observationType
    try score(count: count, into: rewards, normalized: normalized, events: events) { row, destination in
      let base = row * size
      switch type {
      case "uint8":
        for j in 0..<size { destination[j] = Float(observationBytes[base + j]) }
      case "int32":
        for j in 0..<size { destination[j] = Float(observationBytes.loadUnaligned(fromByteOffset: (base + j) * 4, as: Int32.self)) }
      default:
        for j in 0..<size { destination[j] = observationBytes.loadUnaligned(fromByteOffset: (base + j) * 4, as: Float.self) }
      }
    }
  }

  /// Convenience for tests and tools: the rewards of raw observations held in one array.
  public func rewards(observationBytes: [UInt8], normalized: Bool = true, events: [Int32]? = nil) throws -> [Float] {
    let count = observationBytes.count / max(1, observationByteCount)
    var out = [Float](repeating: 0, count: count)
    try observationBytes.withUnsafeBytes { bytes in
      try out.withUnsafeMutableBufferPointer { out in
        if let events {
          try events.withUnsafeBufferPointer {
            try rewards(observationBytes: bytes, count: count, into: out, normalized: normalized, events: $0)
          }
        } else {
          try rewards(observationBytes: bytes, count: count, into: out, normalized: normalized)
        }
      }
    }
    return out
  }

  private func checkSizes(count: Int, elements: Int, output: Int, unit: String, perRow: Int? = nil) throws {
    let row = perRow ?? observationSize
    guard count >= 0 else { throw RewardError.invalidArgument("count must be 0 or more; got \(count)") }
    guard elements >= count * row else {
      throw RewardError.invalidArgument(
        "observations hold \(elements) \(unit); \(count) observations of \(environmentID) need \(count * row)")
    }
    guard output >= count else {
      throw RewardError.invalidArgument("into holds \(output) rewards; count is \(count)")
    }
  }

  /// Standardises rows produced by `fill`, runs the network in chunks, writes rewards.
  private func score(count: Int, into rewards: UnsafeMutableBufferPointer<Float>, normalized: Bool,
                     events: UnsafeBufferPointer<Int32>? = nil,
                     fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
    let chunk = network.maxBatchSize, width = inputWidth
    if let events, events.count < count {
      throw RewardError.invalidArgument("events holds \(events.count) codes; count is \(count)")
    }
    if inputScratch.count < chunk * width {
      inputScratch = [Float](repeating: 0, count: chunk * width)
      outputScratch = [Float](repeating: 0, count: chunk)
    }
    var start = 0
    while start < count {
      let rows = min(chunk, count - start)
      try inputScratch.withUnsafeMutableBufferPointer { input in
        for r in 0..<rows {
          let row = UnsafeMutableBufferPointer(rebasing: input[(r * width)..<(r * width + observationSize)])
          fill(start + r, row)
          for j in 0..<observationSize { row[j] = (row[j] - inputMean[j]) * inputScale[j] }
          if eventCount > 0 {
            encodeEvent(events.map { Int($0[start + r]) } ?? 0,
                        into: UnsafeMutableBufferPointer(rebasing: input[(r * width + observationSize)..<((r + 1) * width)]))
          }
        }
        try outputScratch.withUnsafeMutableBufferPointer { output in
          try network.forward(UnsafeBufferPointer(rebasing: input[0..<(rows * width)]), batchSize: rows,
                              into: UnsafeMutableBufferPointer(rebasing: output[0..<rows]))
          for r in 0..<rows {
            rewards[start + r] = normalized ? (output[r] - rewardMean) / rewardStandardDeviation : output[r]
          }
        }
      }
      start += rows
    }
  }

  /// The learner-view forward pass: codes per row, the sparse first layer, then the MLP.
  private func scoreView(_ view: RewardViewInput, observationBytes: UnsafeRawBufferPointer, count: Int,
                         into rewards: UnsafeMutableBufferPointer<Float>, normalized: Bool,
                         events: UnsafeBufferPointer<Int32>?) throws {
    let chunk = network.maxBatchSize, features = view.featureCount, bytes = observationByteCount
    if let events, events.count < count {
      throw RewardError.invalidArgument("events holds \(events.count) codes; count is \(count)")
    }
    if indexScratch.count < chunk * features { indexScratch = [Int32](repeating: 0, count: chunk * features) }
    if outputScratch.count < chunk { outputScratch = [Float](repeating: 0, count: chunk) }
    var start = 0
    while start < count {
      let rows = min(chunk, count - start)
      try indexScratch.withUnsafeMutableBufferPointer { codes in
        for r in 0..<rows {
          try view.encode(observationBytes.baseAddress! + (start + r) * bytes, event: events.map { Int($0[start + r]) } ?? 0,
                          into: codes.baseAddress! + r * features)
        }
        let hidden = try view.layer.forward(UnsafeBufferPointer(rebasing: codes[0..<(rows * features)]), batchSize: rows)
        try outputScratch.withUnsafeMutableBufferPointer { output in
          try network.forward(hidden, batchSize: rows, into: UnsafeMutableBufferPointer(rebasing: output[0..<rows]))
          for r in 0..<rows {
            rewards[start + r] = normalized ? (output[r] - rewardMean) / rewardStandardDeviation : output[r]
          }
        }
      }
      start += rows
    }
  }

  /// Writes the one-hot of `event`; codes outside 0..<eventCount count as 0, "no event".
  func encodeEvent(_ event: Int, into slots: UnsafeMutableBufferPointer<Float>) {
    slots.update(repeating: 0)
    if !slots.isEmpty { slots[event >= 0 && event < slots.count ? event : 0] = 1 }
  }

  /// The `q` quantile (0...1) of `values` by linear interpolation between order statistics.
  public static func quantile(_ values: [Float], _ q: Double) -> Float {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let position = min(max(q, 0), 1) * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
    let t = Float(position - Double(low))
    return sorted[low] * (1 - t) + sorted[high] * t
  }
}
