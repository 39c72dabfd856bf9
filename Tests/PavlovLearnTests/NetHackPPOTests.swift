import Foundation
import PavlovLearn
import PavlovSim
import XCTest

/// PPO on NetHack from the family's hints (the one-hot-parts view over the crop's classes and
/// the status bins, reward scaling, two env threads), on a tiny budget: it runs, its losses are
/// finite, and the same seed gives the same parameters. Skipped where NLE's engine is missing
/// (scripts/nle_setup.sh installs it).
final class NetHackPPOTests: XCTestCase {
  private func tiny() throws -> PPOConfig {
    var config = PPOConfig.defaults(for: try VecEnv.spec(for: "NetHackStaircase-v0"))
    config.numEnvs = 4
    config.numSteps = 16
    config.numMinibatches = 2
    config.updateEpochs = 2
    config.hiddenSize = 16
    config.totalTimesteps = 4 * 16 * 2
    return config
  }

  private func trainer(_ config: PPOConfig) throws -> PPOTrainer {
    do {
      return try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config))
    } catch SimulationError.unavailable(let why) {
      throw XCTSkip("NetHack's engine is not installed: \(why)")
    }
  }

  func testTheHintsChooseTheViewAndTrainingRunsTheSameTwice() throws {
    let config = try tiny()
    XCTAssertEqual(config.envThreads, 2)
    XCTAssertTrue(config.normalizeReward)
    func train() throws -> [Float] {
      let trainer = try trainer(config)
      var iterations = 0
      try trainer.train { metrics in
        iterations += 1
        XCTAssertTrue(metrics.update.policyLoss.isFinite && metrics.update.valueLoss.isFinite)
        return true
      }
      XCTAssertEqual(iterations, 2)
      return trainer.agent.parameterBuffers.flatMap { Array($0) }
    }
    let first = try train(), second = try train()
    XCTAssertTrue(first == second, "the same seed, the same parameters")
  }
}
