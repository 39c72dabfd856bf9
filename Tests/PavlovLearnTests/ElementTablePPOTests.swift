import PavlovLearn
import PavlovSim
import XCTest

/// PPO end to end on a web task with the element-table network: the web tasks' hinted
/// settings, a short run with finite losses, and a checkpoint whose policy only picks actions
/// on the page. Learning itself is shown by Bench/miniwob_ppo.sh (docs/miniwob.md), not here:
/// a run long enough to learn reliably takes minutes.
final class ElementTablePPOTests: XCTestCase {
  func testTrainsOnAWebTaskAndActsOnThePage() throws {
    let id = "MiniWob-click-tab-2-v0"
    var config = PPOConfig.defaults(for: try VecEnv.spec(for: id))
    XCTAssertEqual(config.learningRate, 1e-3)
    XCTAssertEqual(config.numEnvs, 32)
    XCTAssertEqual(config.numSteps, 32)
    config.numEnvs = 8
    config.numSteps = 8
    config.numMinibatches = 2
    config.hiddenSize = 16
    config.totalTimesteps = 8 * 8 * 4
    let trainer = try RunFixtures.trainer(config)
    guard case .elementTable = trainer.shape.encoding else { return XCTFail("\(trainer.shape.summary)") }
    XCTAssertTrue(trainer.shape.summary.hasPrefix("element table 128 rows"), trainer.shape.summary)
    var iterations = 0, episodes = 0
    try trainer.train { metrics in
      iterations += 1
      episodes = metrics.episodes
      XCTAssertTrue(metrics.update.policyLoss.isFinite && metrics.update.valueLoss.isFinite
                      && metrics.update.entropy.isFinite, "iteration \(iterations)")
      return true
    }
    XCTAssertEqual(iterations, 4)
    XCTAssertGreaterThanOrEqual(episodes, 8, "click-tab-2 episodes last at most 8 steps: 32 steps of 8 envs end some")

    let env = try VecEnv(id: id, count: 16, seed: 9)
    try env.reset()
    let policy = try TrainedPolicy(trainer.makeCheckpoint(seconds: 0), spec: env.spec, maxBatchSize: 16, seed: 2)
    var actions = [Int32](repeating: -1, count: 16)
    try actions.withUnsafeMutableBufferPointer { try policy.actions(observations: env.observations, count: 16, into: $0) }
    let size = env.spec.observationSize, codes = try XCTUnwrap(env.spec.observationPart(named: "element_codes"))
    for (i, action) in actions.enumerated() {
      let rowTag = { (k: Int) in env.observations.load(fromByteOffset: 4 * (i * size + codes.offset + codes.shape[1] * k), as: Float.self) }
      switch Int(action) {
      case 0..<128: XCTAssertNotEqual(rowTag(Int(action)), 0, "env \(i) clicks an empty row")
      case 128..<1152: XCTAssertNotEqual(rowTag((Int(action) - 128) / 8), 0, "env \(i) types into an empty row")
      case 1152..<1167: break
      default: XCTFail("env \(i): action \(action)")
      }
    }
  }
}
