import PavlovSim

/// Turns raw observation rows (as the environment wrote them) into network input: category
/// indices for `oneHot`, floats for `continuous` (normalised with running statistics if asked).
public final class ObservationEncoder {
  public let encoding: ObservationEncoding
  public let observationType: EnvSpec.ElementType
  public let observationSize: Int
  /// Per element of the observation: index of its first category (one-hot only).
  private let offsets: [Int32]
  private let counts: [Int32]
  /// Values per encoded row: category indices (one per feature) or floats.
  public let featureCount: Int
  /// The view that rewrites each row (`ObservationEncoding.view`).
  private let view: (any ObservationView)?
  /// Present when continuous observations are normalised.
  public private(set) var statistics: RunningMeanStd?
  /// The environment id, for error messages.
  private let envID: String

  public init(spec: EnvSpec, encoding: ObservationEncoding, normalize: Bool) throws(TrainingError) {
    self.encoding = encoding
    observationType = spec.observationType
    observationSize = spec.observationSize
    envID = spec.id
    featureCount = encoding.featureCount(observationSize: spec.observationSize)
    switch encoding {
    case .view(let name, let categoryCounts):
      let made = try ObservationViews.make(name, for: spec)
      guard made.categoryCounts == categoryCounts else {
        throw .invalidConfig(field: "wordle_knowledge",
                             message: "the observation view \(name) over \(spec.id) writes \(made.categoryCounts.count) "
                               + "features, not the \(categoryCounts.count) this network was built for")
      }
      view = made
      counts = categoryCounts.map { Int32($0) }
      offsets = []
      statistics = nil
    case .oneHot(let categoryCounts):
      view = nil
      guard spec.observationType == .uint8, categoryCounts.count == spec.observationSize,
            categoryCounts.allSatisfy({ $0 > 0 }) else {
        throw .invalidConfig(field: "observation_encoding",
                             message: "one-hot encoding needs a uint8 observation and one positive category count per "
                               + "element (\(spec.observationSize) for \(spec.id)), got \(categoryCounts.count)")
      }
      counts = categoryCounts.map { Int32($0) }
      var running: Int32 = 0
      offsets = counts.map { count in
        defer { running += count }
        return running
      }
      statistics = nil
    case .continuous:
      view = nil
      counts = []
      offsets = []
      statistics = normalize ? RunningMeanStd(featureCount: spec.observationSize) : nil
    case .elementTable:
      // Codes and characters must reach the network as they are: never normalised.
      view = nil
      counts = []
      offsets = []
      statistics = nil
    }
  }

  public var isOneHot: Bool { !counts.isEmpty }

  /// Writes `rows` rows of category indices. A value outside its category count throws,
  /// naming the env, the row and the element: it means the observation layout changed.
  public func encodeIndices(_ raw: UnsafeRawBufferPointer, rows: Int, into output: UnsafeMutableBufferPointer<Int32>)
    throws(TrainingError)
  {
    precondition(isOneHot)
    if let view {
      let rowBytes = observationSize * observationType.byteWidth
      for i in 0..<rows {
        if let bad = view.encode(raw.baseAddress! + i * rowBytes, into: output.baseAddress! + i * featureCount) {
          let value = Self.value(raw, observationType, i * observationSize + bad)
          throw .environment("\(envID): observation row \(i) element \(bad) = \(Int(value)) is "
                             + "outside the categories of its observation part")
        }
      }
      return
    }
    precondition(observationType == .uint8)
    let bytes = raw.bindMemory(to: UInt8.self)
    for i in 0..<rows {
      let base = i * observationSize
      for j in 0..<observationSize {
        let value = Int32(bytes[base + j])
        guard value < counts[j] else {
          throw .environment("\(envID): observation row \(i) element \(j) = \(value) is outside the one-hot range "
                             + "0..<\(counts[j])")
        }
        output[base + j] = offsets[j] + value
      }
    }
  }

  /// Merges `rows` raw rows into the running statistics (no-op without normalisation).
  public func observe(_ raw: UnsafeRawBufferPointer, rows: Int) {
    guard statistics != nil else { return }
    let type = observationType, size = observationSize
    statistics!.update(rows: rows) { i, j in Self.value(raw, type, i * size + j) }
  }

  /// Writes `rows` rows of floats, normalised with the current statistics if there are any.
  public func encodeFloats(_ raw: UnsafeRawBufferPointer, rows: Int, into output: UnsafeMutableBufferPointer<Float>) {
    let type = observationType, size = observationSize
    for k in 0..<(rows * size) {
      let x = Self.value(raw, type, k)
      output[k] = statistics?.normalize(x, feature: k % size) ?? Float(x)
    }
  }

  /// Restores statistics saved in a checkpoint.
  public func restore(statistics saved: RunningMeanStd?) throws(TrainingError) {
    guard (saved == nil) == (statistics == nil), saved?.featureCount ?? observationSize == observationSize else {
      throw .checkpoint("the checkpoint's observation statistics do not match this run's observation normalisation")
    }
    statistics = saved
  }

  @inline(__always)
  private static func value(_ raw: UnsafeRawBufferPointer, _ type: EnvSpec.ElementType, _ k: Int) -> Double {
    switch type {
    case .uint8: return Double(raw.load(fromByteOffset: k, as: UInt8.self))
    case .int32: return Double(raw.load(fromByteOffset: 4 * k, as: Int32.self))
    case .float32: return Double(raw.load(fromByteOffset: 4 * k, as: Float.self))
    }
  }
}
