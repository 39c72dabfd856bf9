/// A failure in the reward pipeline; each message names the field and what is allowed.
public enum RewardError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A value outside what is allowed.
  case invalidArgument(String)
  /// A label store or model file that this version cannot read.
  case incompatibleFile(String)
  /// SQLite or the file system failed.
  case storage(String)
  /// Not enough data to do what was asked (e.g. fitting on no labels).
  case insufficientData(String)

  public var description: String {
    switch self {
    case .invalidArgument(let m), .incompatibleFile(let m), .storage(let m), .insufficientData(let m): return m
    }
  }
}
