import Foundation
import PavlovLearn
import XCTest

/// Tiny runs and scratch directories for the checkpoint, run-directory and process tests.
enum RunFixtures {
  /// 8 envs × 16 steps per iteration, `iterations` iterations.
  static func tinyConfig(_ env: String = "MiniGrid-Empty-5x5-v0", iterations: Int = 3) -> PPOConfig {
    var config = PPOConfig()
    config.envID = env
    config.numEnvs = 8
    config.numSteps = 16
    config.numMinibatches = 2
    config.totalTimesteps = 8 * 16 * iterations
    config.hiddenSize = 16
    return config
  }

  /// A trainer on the envs `config` describes.
  static func trainer(_ config: PPOConfig) throws -> PPOTrainer {
    try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config))
  }

  /// The same as a `--config` file (the env and steps come from flags).
  static let tinyConfigJSON = #"{"num_envs": 8, "num_steps": 16, "num_minibatches": 2, "hidden_size": 16}"#

  /// A fresh directory, removed when `test` ends.
  static func scratchDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  /// The "iteration" of each line of metrics.jsonl.
  static func iterations(in metrics: URL) throws -> [Int] {
    try String(contentsOf: metrics, encoding: .utf8).split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return try XCTUnwrap(object?["iteration"] as? Int, "no iteration in \(line)")
    }
  }
}
