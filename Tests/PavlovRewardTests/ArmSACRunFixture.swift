import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// What a small SAC run with AI feedback on arm/reach needs, in a temporary folder removed when
/// the test ends: an untrained start reward model, a tiny SAC config, and paths for the run and
/// the label store.
struct ArmSACRunFixture {
  let environmentID: String
  let modelPath: String
  let configPath: String
  let runPath: String
  let storePath: String

  init(_ test: XCTestCase, name: String, learningStarts: Int, metricsInterval: Int, environmentID: String = "arm/reach") throws {
    self.environmentID = environmentID
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    let spec = try VecEnv.spec(for: environmentID)
    let model = try RewardModel(environmentID: environmentID, observationType: spec.observationType.rawValue,
                                observationSize: spec.observationSize, hiddenSizes: [4])
    modelPath = directory.appendingPathComponent("start.model").path
    try model.write(to: modelPath)
    configPath = directory.appendingPathComponent("sac.json").path
    try Data(#"{"num_envs": 2, "learning_starts": \#(learningStarts), "batch_size": 16, "hidden_size": 8, "metrics_interval": \#(metricsInterval)}"#.utf8)
      .write(to: URL(fileURLWithPath: configPath))
    runPath = directory.appendingPathComponent("run").path
    storePath = directory.appendingPathComponent("s.sqlite").path
  }
}
