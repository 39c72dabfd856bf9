/// Why a training run could not start, continue or be resumed. Each message names the field,
/// file or value at fault and what was expected.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A configuration field is out of its allowed range; checked before anything runs.
  case invalidConfig(field: String, message: String)
  /// The environment could not be created or stepped.
  case environment(String)
  /// A loss or gradient became NaN or infinite; the last good checkpoint is kept.
  case nonFiniteLoss(String)
  /// A checkpoint is unreadable, from another version, or for another env or network.
  case checkpoint(String)
  /// Reading or writing a run's files failed.
  case io(String)
  /// The learner kernels refused an argument (a bug if it happens inside a run).
  case kernel(String)

  public var description: String {
    switch self {
    case .invalidConfig(_, let message): return "invalid config: \(message)"
    case .environment(let message): return "environment: \(message)"
    case .nonFiniteLoss(let message): return "training stopped: \(message)"
    case .checkpoint(let message): return "checkpoint: \(message)"
    case .io(let message): return "file: \(message)"
    case .kernel(let message): return "learner kernels: \(message)"
    }
  }
}
