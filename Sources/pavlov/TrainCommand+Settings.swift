import ArgumentParser
import Foundation
import PavlovLearn

/// What `pavlov train`'s flags set in either learner's settings, so PPO and SAC take their flags
/// and report their config-file errors the same way.
protocol TrainFlagSettings {
  var envID: String { get set }
  var totalTimesteps: Int { get set }
  var seed: UInt64 { get set }
  var numEnvs: Int { get set }
  var stopSuccessRate: Double? { get set }
  func validate() throws(TrainingError)
}

extension PPOConfig: TrainFlagSettings {}
extension SACConfig: TrainFlagSettings {}

extension TrainCommand {
  /// The flags over `settings` (flags win over the config file), then the settings' own checks.
  func applyingFlags<Settings: TrainFlagSettings>(to settings: Settings) throws -> Settings {
    var settings = settings
    if let env { settings.envID = env }
    if let steps { settings.totalTimesteps = steps }
    if let seed { settings.seed = seed }
    if let numEnvs { settings.numEnvs = numEnvs }
    if let stopSuccess { settings.stopSuccessRate = stopSuccess }
    do { try settings.validate() } catch { throw ValidationError(error.description) }
    return settings
  }

  /// An error from reading the config file or a resumed run's settings, as the user should see
  /// it: a bad value names the file; a damaged run says so in its own words.
  func configError(_ error: any Error) -> ValidationError {
    switch error {
    case let error as TrainingError:
      if case .invalidConfig = error { return ValidationError("--config \(config ?? ""): \(error)") }
      return ValidationError(error.description)
    case let error as DecodingError:
      return ValidationError("--config \(config ?? ""): \(describe(error))")
    default:
      return ValidationError("--config \(config ?? ""): \(error.localizedDescription)")
    }
  }
}
