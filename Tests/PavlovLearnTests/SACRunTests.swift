import Foundation
@testable import PavlovLearn
import PavlovSim
import XCTest

/// SAC on the arm with tiny networks and budgets: checkpoints hold the whole learner state,
/// resume continues it, and bad settings are refused before anything is written.
final class SACRunTests: XCTestCase {
  private func tiny(steps: Int = 96) -> SACConfig {
    var config = SACConfig()
    config.envID = "arm/reach"
    config.numEnvs = 2
    config.totalTimesteps = steps
    config.learningStarts = 32
    config.batchSize = 16
    config.hiddenSize = 8
    config.metricsInterval = 32
    config.normalizeObservation = true
    return config
  }

  private func trainer(_ config: SACConfig) throws -> SACTrainer {
    try SACTrainer(config: config, environment: try SACTrainer.makeEnvironment(for: config))
  }

  private func state(_ checkpoint: SACCheckpoint) -> [[Float]] {
    checkpoint.parameters + checkpoint.firstMoments + checkpoint.secondMoments + checkpoint.replay
  }

  func testCheckpointHoldsTheWholeLearnerStateAndRestoresIt() throws {
    let first = try trainer(tiny())
    var lines: [SACMetrics] = []
    try first.train { lines.append($0); return true }
    XCTAssertEqual(lines.map(\.globalStep), [32, 64, 96])
    XCTAssertEqual(first.updateCount, 96 - 32)  // utd_ratio 1: one update per transition after learning starts
    XCTAssertEqual(lines[0].update.updates, 0)  // random actions until learning_starts
    XCTAssertGreaterThan(lines[2].update.updates, 0)
    let saved = first.makeCheckpoint(seconds: 1)
    XCTAssertEqual(saved.header.replayCount, 96)
    let decoded = try SACCheckpoint.decode(try saved.encoded(), source: "memory")
    XCTAssertEqual(state(decoded), state(saved))
    XCTAssertEqual(decoded.header.config, saved.header.config)
    let second = try trainer(tiny())
    try second.restore(decoded)
    let again = second.makeCheckpoint(seconds: 1)
    XCTAssertEqual(state(again), state(saved))
    XCTAssertEqual(again.header.random, saved.header.random)
    XCTAssertEqual(again.header.observationStatistics, saved.header.observationStatistics)
    XCTAssertEqual(second.updateCount, first.updateCount)
    XCTAssertEqual(second.networks.alpha, first.networks.alpha)
    // A flipped byte is caught by the checksum.
    var damaged = try saved.encoded()
    damaged[damaged.count / 2] ^= 1
    XCTAssertThrowsError(try SACCheckpoint.decode(damaged, source: "damaged")) { error in
      XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
    }
  }

  func testResumedRunsContinueIdenticallyAndRefuseOtherSettings() throws {
    let directory = try RunFixtures.scratchDirectory(self)
    let run = RunDirectory(path: directory.appendingPathComponent("run").path)
    try SACSession(config: tiny(steps: 64), run: run, resume: false).run { _ in }
    XCTAssertEqual(run.algorithm, "sac")
    XCTAssertEqual(try run.savedSACConfig(), tiny(steps: 64))
    XCTAssertThrowsError(try SACSession(config: tiny(steps: 64), run: run, resume: false))  // holds a run
    var otherSeed = tiny(steps: 128)
    otherSeed.seed = 2
    XCTAssertThrowsError(try SACSession(config: otherSeed, run: run, resume: true)) { error in
      XCTAssertTrue("\(error)".contains("seed 2 (the run has 1)"), "\(error)")
    }
    // Two resumes of one checkpoint give the same run, bit for bit.
    let copy = RunDirectory(path: directory.appendingPathComponent("copy").path)
    try FileManager.default.copyItem(at: run.url, to: copy.url)
    var ends: [[[Float]]] = []
    for directory in [run, copy] {
      let session = try SACSession(config: tiny(steps: 128), run: directory, resume: true)
      XCTAssertEqual(session.trainer.globalStep, 64)
      try session.run { _ in }
      ends.append(state(try SACCheckpoint.load(from: directory.checkpointURL)))
    }
    XCTAssertEqual(ends[0], ends[1])
    XCTAssertEqual(try RunFixtures.iterations(in: run.metricsURL), [1, 2, 3, 4])
    // PPO refuses the SAC checkpoint with a message naming it.
    XCTAssertThrowsError(try TrainingSession(config: RunFixtures.tinyConfig(), run: run, resume: true)) { error in
      XCTAssertTrue("\(error)".contains("is a SAC checkpoint"), "\(error)")
    }
    let evaluation = try Evaluation.run(try SACCheckpoint.load(from: run.checkpointURL), episodes: 2, seed: 5,
                                        greedy: true)
    XCTAssertEqual(evaluation.episodes, 2)
    XCTAssertEqual(evaluation.meanLength, 500)
  }

  func testBadSettingsAreRefusedNamingTheField() throws {
    func message(_ change: (inout SACConfig) -> Void) -> String {
      var config = tiny()
      change(&config)
      do { try config.validate() } catch { return "\(error)" }
      return "accepted"
    }
    XCTAssertTrue(message { $0.learningStarts = 8 }.contains("learning_starts must be at least batch_size = 16"))
    XCTAssertTrue(message { $0.utdRatio = 0 }.contains("utd_ratio must be in (0, 64]"))
    XCTAssertTrue(message { $0.learnerThreads = 3 }.contains("learner_threads must be 1 or 2"))
    XCTAssertTrue(message { $0.tau = 0 }.contains("tau"))
    XCTAssertEqual(message { _ in }, "accepted")
    XCTAssertThrowsError(try SACConfig.decode(Data(#"{"num_steps": 8}"#.utf8), over: SACConfig())) { error in
      XCTAssertTrue("\(error)".contains("unknown SAC field \"num_steps\""), "\(error)")
    }
    XCTAssertEqual(try SACConfig.decode(Data(#"{"utd_ratio": 0.5}"#.utf8), over: tiny()).utdRatio, 0.5)
    var grid = tiny()
    grid.envID = "MiniGrid-Empty-5x5-v0"
    XCTAssertThrowsError(try trainer(grid)) { error in
      XCTAssertTrue("\(error)".contains("SAC needs continuous actions"), "\(error)")
    }
  }

  func testUTDRatioSetsUpdatesPerTransition() throws {
    var config = tiny(steps: 64)
    config.utdRatio = 0.5
    let half = try trainer(config)
    try half.train()
    XCTAssertEqual(half.updateCount, 16)  // (64 − 32) × 0.5
  }

  /// A reward that changes after every interval and scores stored transitions by its generation.
  private final class ChangingReward: StoredTransitionReward {
    var generation = 0
    var scoresStoredTransitions = true
    var name: String { "changing" }
    func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
      for e in 0..<batch.count { rewards[e] = Float(10 * generation + batch.event(of: e)) }
    }
    func iterationEnded(_ iteration: Int) throws { generation += 1 }
    func rewards(reachedObservations: UnsafeRawBufferPointer, events: UnsafeBufferPointer<Int32>, count: Int,
                 into rewards: UnsafeMutableBufferPointer<Float>) throws {
      XCTAssertEqual(reachedObservations.count, count * 39 * 4)
      for i in 0..<count { rewards[i] = Float(10 * generation) + Float(events[i]) }
    }
  }

  func testARefitRewardRelabelsTheWholeReplayBuffer() throws {
    let reward = ChangingReward()
    let config = tiny()
    let trainer = try SACTrainer(config: config, environment: try SACTrainer.makeEnvironment(for: config), reward: reward)
    var relabelled: [Int] = []
    try trainer.train { relabelled.append($0.relabelled); return true }
    // Each interval ends with a refit, after which every stored transition pays the new reward.
    XCTAssertEqual(relabelled, [32, 64, 96])
    XCTAssertEqual(reward.generation, 3)
    let replay = trainer.replay
    for row in 0..<replay.count { XCTAssertEqual(replay.rewards[row], 30 + replay.events[row]) }
    reward.scoresStoredTransitions = false
    XCTAssertThrowsError(try SACTrainer(config: config, environment: try SACTrainer.makeEnvironment(for: config),
                                        reward: reward)) { error in
      XCTAssertTrue("\(error)".contains("cannot relabel"), "\(error)")
    }
  }
}
