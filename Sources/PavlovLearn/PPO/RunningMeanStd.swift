/// Running mean and variance per feature, merged batch by batch (Chan et al.'s parallel
/// update, as gymnasium's RunningMeanStd), in Double so long runs do not drift.
public struct RunningMeanStd: Codable, Sendable, Equatable {
  public private(set) var mean: [Double]
  public private(set) var variance: [Double]
  /// Samples seen; starts at 1e-4 as gymnasium's, so the first division is defined.
  public private(set) var count: Double = 1e-4

  public init(featureCount: Int) {
    mean = [Double](repeating: 0, count: featureCount)
    variance = [Double](repeating: 1, count: featureCount)
  }

  public var featureCount: Int { mean.count }

  /// Merges `rows` samples of `featureCount` values (row-major), read through `value(row, feature)`.
  public mutating func update(rows: Int, value: (Int, Int) -> Double) {
    guard rows > 0 else { return }
    let n = Double(rows)
    let total = count + n
    for j in 0..<featureCount {
      var sum = 0.0
      for i in 0..<rows { sum += value(i, j) }
      let batchMean = sum / n
      var squares = 0.0
      for i in 0..<rows {
        let d = value(i, j) - batchMean
        squares += d * d
      }
      let batchVariance = squares / n
      let delta = batchMean - mean[j]
      mean[j] += delta * n / total
      variance[j] = (variance[j] * count + batchVariance * n + delta * delta * count * n / total) / total
    }
    count = total
  }

  /// (x − mean) / √(var + 1e-8), clipped to ±clip.
  @inline(__always)
  public func normalize(_ x: Double, feature j: Int, clip: Double = 10) -> Float {
    let z = (x - mean[j]) / (variance[j] + 1e-8).squareRoot()
    return Float(min(max(z, -clip), clip))
  }
}
