import Foundation
import GradientCheck
import PavlovLearn
import PavlovSim
import XCTest

/// PPO end to end on tiny budgets: validation, learning, determinism, checkpoints and resume,
/// and a NaN stop that keeps the last good checkpoint.
final class PPOTrainerTests: XCTestCase {
  private func tiny(_ env: String = "MiniGrid-Empty-5x5-v0") -> PPOConfig {
    var config = PPOConfig()
    config.envID = env
    config.numEnvs = 8
    config.numSteps = 16
    config.numMinibatches = 2
    config.totalTimesteps = 8 * 16 * 3
    config.hiddenSize = 16
    return config
  }

  private func temporaryRun() -> RunDirectory {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-test-\(UUID().uuidString)").path
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return RunDirectory(path: path)
  }

  func testBadConfigsNameTheField() {
    func field(_ change: (inout PPOConfig) -> Void) -> String? {
      var config = tiny()
      change(&config)
      do { try config.validate() } catch { if case .invalidConfig(let field, _) = error { return field } }
      return nil
    }
    XCTAssertEqual(field { $0.totalTimesteps = -1 }, "total_timesteps")
    XCTAssertEqual(field { $0.numMinibatches = 3 }, "num_minibatches")  // 128 is not divisible by 3
    XCTAssertEqual(field { $0.learningRate = .nan }, "learning_rate")
    XCTAssertEqual(field { $0.gamma = 1.5 }, "gamma")
    XCTAssertNil(field { _ in })
  }

  func testConfigFilesKeepDefaultsAndRejectUnknownKeys() throws {
    let config = try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"num_envs": 3, "target_kl": 0.02}"#.utf8))
    XCTAssertEqual(config.numEnvs, 3)
    XCTAssertEqual(config.targetKL, 0.02)
    XCTAssertEqual(config.numSteps, PPOConfig().numSteps)
    XCTAssertThrowsError(try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"num_env": 3}"#.utf8))) { error in
      XCTAssertTrue("\(error)".contains("num_env"), "\(error)")
    }
  }

  /// A file names what it changes relative to the env's defaults (the arm's continuous-control
  /// settings, Wordle's learning rate), not relative to the discrete ones.
  func testConfigFilesAreReadOverTheEnvDefaults() throws {
    let arm = PPOConfig.defaults(for: try VecEnv.spec(for: "arm/reach"))
    let config = try PPOConfig.decode(Data(#"{"num_envs": 8}"#.utf8), over: arm)
    XCTAssertEqual(config.numEnvs, 8)
    XCTAssertEqual(config.envID, "arm/reach")
    XCTAssertEqual(config.updateEpochs, PPOConfig.continuousDefaults.updateEpochs)
    XCTAssertEqual(config.entCoef, 0)
    let wordle = PPOConfig.defaults(for: try VecEnv.spec(for: "Wordle-Answers-v0"))
    XCTAssertEqual(wordle.learningRate, 1e-3)
    XCTAssertEqual(wordle.rewardKind, 2)
    XCTAssertEqual(PPOConfig.defaults(for: try VecEnv.spec(for: "MiniGrid-DoorKey-8x8-v0")).learningRate, 2.5e-4)
    XCTAssertThrowsError(try PPOConfig.decode(Data(#"{"letter_heads": true}"#.utf8), over: arm))
  }

  func testSameSeedSameParameters() throws {
    func train() throws -> [Float] {
      let trainer = try RunFixtures.trainer(tiny())
      try trainer.train()
      return trainer.agent.parameterBuffers.flatMap { Array($0) }
    }
    XCTAssertEqual(try train(), try train())
  }

  /// Empty-5x5: a random policy rarely finishes quickly; a short PPO run must raise the return.
  func testLearnsEmptyRoom() throws {
    var config = tiny()
    config.numEnvs = 16
    config.numSteps = 64
    config.numMinibatches = 4
    config.hiddenSize = 32
    config.learningRate = 1e-3
    config.totalTimesteps = 16 * 64 * 25
    let trainer = try RunFixtures.trainer(config)
    var first: Double?, last: Double?
    try trainer.train { metrics in
      if first == nil, let r = metrics.episodicReturn { first = r }
      if let r = metrics.episodicReturn { last = r }
      XCTAssertTrue(metrics.update.policyLoss.isFinite && metrics.update.valueLoss.isFinite)
      return true
    }
    let start = try XCTUnwrap(first), end = try XCTUnwrap(last)
    XCTAssertGreaterThan(end, 0.8, "mean return of the last iteration's episodes (started at \(start))")
    XCTAssertGreaterThan(end, start + 0.2)
  }

  func testCheckpointRoundTripAndResume() throws {
    let run = temporaryRun()
    let config = tiny()
    let session = try TrainingSession(config: config, run: run, resume: false)
    try session.run { _ in }
    let checkpoint = try Checkpoint.load(from: run.checkpointURL)
    XCTAssertEqual(checkpoint.header.globalStep, config.totalTimesteps)
    XCTAssertEqual(checkpoint.parameters.flatMap { $0 }, session.trainer.agent.parameterBuffers.flatMap { Array($0) })
    XCTAssertTrue(FileManager.default.fileExists(atPath: run.curveURL.path))
    let lines = try String(contentsOf: run.metricsURL, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.count, 3)
    XCTAssertTrue(lines[0].contains("\"losses/approx_kl\""))

    // A second run into the same directory is refused; resuming continues from the checkpoint.
    XCTAssertThrowsError(try TrainingSession(config: config, run: run, resume: false))
    var longer = config
    longer.totalTimesteps = config.totalTimesteps * 2
    let resumed = try TrainingSession(config: longer, run: run, resume: true)
    XCTAssertEqual(resumed.trainer.globalStep, config.totalTimesteps)
    XCTAssertEqual(resumed.trainer.agent.parameterBuffers.flatMap { Array($0) }, checkpoint.parameters.flatMap { $0 })
    try resumed.run { _ in }
    XCTAssertEqual(try Checkpoint.load(from: run.checkpointURL).header.globalStep, longer.totalTimesteps)
    XCTAssertEqual(try String(contentsOf: run.metricsURL, encoding: .utf8).split(separator: "\n").count, 6)
  }

  func testResumeRefusesAnotherEnvOrNetwork() throws {
    let run = temporaryRun()
    try TrainingSession(config: tiny(), run: run, resume: false).run { _ in }
    var otherEnv = tiny("MiniGrid-DoorKey-5x5-v0")
    otherEnv.totalTimesteps *= 2
    XCTAssertThrowsError(try TrainingSession(config: otherEnv, run: run, resume: true)) { error in
      XCTAssertTrue("\(error)".contains("MiniGrid-Empty-5x5-v0"), "\(error)")
    }
    var otherShape = tiny()
    otherShape.hiddenSize = 32
    XCTAssertThrowsError(try TrainingSession(config: otherShape, run: run, resume: true)) { error in
      XCTAssertTrue("\(error)".contains("hidden_size 32 (the run has 16)"), "\(error)")
    }
    XCTAssertThrowsError(try Checkpoint.load(from: run.metricsURL)) { error in
      XCTAssertTrue("\(error)".contains("not a Pavlov checkpoint"), "\(error)")
    }
  }

  /// A reward that turns NaN after iteration 10 stops training with a clear error, and the
  /// checkpoint written at iteration 10 stays loadable.
  func testNaNLossStopsAndKeepsTheLastGoodCheckpoint() throws {
    final class PoisonedReward: RewardFunction {
      var calls = 0
      let after: Int
      init(after: Int) { self.after = after }
      var name: String { "poisoned" }
      func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) {
        calls += 1
        rewards.update(repeating: calls > after ? .nan : 0)
      }
    }
    var config = tiny()
    config.totalTimesteps = 8 * 16 * 14
    let run = temporaryRun()
    let session = try TrainingSession(config: config, run: run, resume: false,
                                      reward: PoisonedReward(after: 10 * config.numSteps))
    XCTAssertThrowsError(try session.run { _ in }) { error in
      guard case TrainingError.nonFiniteLoss(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("last good checkpoint"), message)
    }
    let kept = try Checkpoint.load(from: run.checkpointURL)
    XCTAssertEqual(kept.header.iteration, 10)
    XCTAssertTrue(kept.parameters.joined().allSatisfy { $0.isFinite })
  }

  func testEvaluationCountsOneEpisodePerEnv() throws {
    let run = temporaryRun()
    try TrainingSession(config: tiny(), run: run, resume: false).run { _ in }
    let result = try Evaluation.run(try Checkpoint.load(from: run.checkpointURL), episodes: 12, seed: 99)
    XCTAssertEqual(result.episodes, 12)
    XCTAssertTrue((0...1).contains(result.successRate))
    let random = try Evaluation.random(envID: "MiniGrid-Empty-5x5-v0", episodes: 12, seed: 1)
    XCTAssertGreaterThan(random.meanLength, 0)
    // The scripted experts of the discrete families: the ceiling a learner is compared with.
    for id in ["MiniGrid-DoorKey-8x8-v0", "Wordle-Answers-v0"] {
      let expert = try Evaluation.expert(envID: id, episodes: 20, seed: 3)
      XCTAssertEqual(expert.successRate, 1, id)
    }
  }
}

/// The Wordle word-letters head and the policy used outside training.
final class PolicyHeadTests: XCTestCase {
  /// logit(word) = Σ letter scores, and its backward pass, against finite differences of
  /// Σ_w c_w · logit_w through the whole actor.
  func testWordLettersHeadMatchesItsDefinition() throws {
    let letters: [UInt8] = [0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 25, 25, 0, 13, 7]  // three words
    let shape = NetworkShape(encoding: .continuous, observationSize: 3, hiddenSize: 4,
                             head: .wordLetters(letters: letters))
    let net = try ActorCritic(shape: shape, seed: 3, maxBatchSize: 2)
    XCTAssertEqual(shape.head.outputSize, 3)
    XCTAssertEqual(shape.head.networkOutputSize, 130)
    let loss = LinearPolicyLoss(net: net, weights: [0.7, -1.1, 0.4, 0.2, 0.9, -0.5], rows: 2,
                                input: .floats([0.3, -0.2, 0.5, 1, 0.1, -0.4]))
    try loss.computeGradients()
    let actorParameters = net.parameterBuffers[0]
    XCTAssertEqual(try finiteDifferenceMismatches(Array(net.gradientBuffers[0]), of: loss.callAsFunction,
                                                  in: actorParameters, indices: stride(from: 0, to: actorParameters.count, by: 7),
                                                  accuracy: 3e-3), [], "word-letter head")
  }

  func testTrainedPolicyActsAndRefusesAnotherEnv() throws {
    var config = PPOConfig()
    config.envID = "MiniGrid-Empty-5x5-v0"
    config.numEnvs = 4
    config.numSteps = 8
    config.numMinibatches = 1
    config.totalTimesteps = 32
    config.hiddenSize = 8
    let trainer = try RunFixtures.trainer(config)
    try trainer.train()
    let checkpoint = trainer.makeCheckpoint(seconds: 0)
    let env = try VecEnv(id: config.envID, count: 4, seed: 3)
    try env.reset()
    let policy = try TrainedPolicy(checkpoint, spec: env.spec, maxBatchSize: 4, seed: 1)
    var actions = [Int32](repeating: -1, count: 4)
    try actions.withUnsafeMutableBufferPointer { try policy.actions(observations: env.observations, count: 4, into: $0) }
    XCTAssertTrue(actions.allSatisfy { (0..<7).contains($0) }, "\(actions)")
    XCTAssertThrowsError(try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: "MiniGrid-DoorKey-5x5-v0"),
                                           maxBatchSize: 4, seed: 1))
  }
}
