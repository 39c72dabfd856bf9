import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// `ai-feedback:MODEL,relabel=K,store=PATH,…`: options checked before the run, a refit every K
/// iterations with a scripted teacher (SIMULATED), the refit model paid, the same refits for a
/// seed, and `--resume` refused.
final class RelabellingRewardTests: XCTestCase {
  private var directory: URL!
  private let env = "MiniGrid-DoorKey-5x5-v0"

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-relabel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// An unfitted model of the env: the run's first reward, before any refit.
  private func writeModel() throws -> String {
    let spec = try VecEnv.spec(for: env)
    let model = try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                                observationSize: spec.observationSize, hiddenSizes: [4])
    let file = path("start.model")
    try model.write(to: file)
    return file
  }

  func testParsesRelabelOptions() throws {
    let kind = try AIFeedbackRewardKind(
      options: "m.model,potential,relabel=2,store=s.sqlite,labeller=scripted:mistake=0.2,pairs=50,window=300")
    XCTAssertEqual(kind.shape, .potential)
    XCTAssertEqual(kind.relabelling, RelabellingOptions(every: 2, storePath: "s.sqlite", teacher: "mistake=0.2",
                                                        pairs: 50, window: 300))
    let defaults = try AIFeedbackRewardKind(options: "m.model,relabel=3,store=s.sqlite")
    XCTAssertEqual(defaults.shape, .plain)
    XCTAssertEqual(defaults.relabelling, RelabellingOptions(every: 3, storePath: "s.sqlite"))
    XCTAssertNil(try AIFeedbackRewardKind(options: "m.model,count").relabelling)
    // The description parses back to the same kind.
    XCTAssertEqual(try AIFeedbackRewardKind(options: String(kind.description.dropFirst("ai-feedback:".count))), kind)
  }

  func testRefusesBadRelabelOptions() {
    let bad: [(String, String)] = [
      ("m.model,relabel=0,store=s.sqlite", "at least 1"),
      ("m.model,relabel=x,store=s.sqlite", "'x'"),
      ("m.model,relabel=2", "store=PATH"),
      ("m.model,relabel=2,store=", "store=PATH"),
      ("m.model,store=s.sqlite", "need relabel=K"),
      ("m.model,relabel=2,store=s.sqlite,labeller=human", "scripted:TEACHER (e.g. scripted:oracle), llm or vision; got 'human'"),
      ("m.model,relabel=2,store=s.sqlite,url=http://127.0.0.1:9/v1", "url= sets the language model's client and needs labeller=llm"),
      ("m.model,relabel=2,store=s.sqlite,labeller=llm,url=ftp://x", "is not an http(s) URL"),
      ("m.model,relabel=2,store=s.sqlite,labeller=llm,concurrency=0", "concurrency must be a whole number from 1 to 64"),
      ("m.model,relabel=2,store=s.sqlite,labeller=scripted:nobody", "unknown"),
      ("m.model,relabel=2,store=s.sqlite,labeller=scripted:myopic", "whole episodes"),
      ("m.model,relabel=2,store=s.sqlite,pairs=-1", "pairs="),
      ("m.model,relabel=2,store=s.sqlite,window=1", "window="),
      ("m.model,relabel=2,relabel=3,store=s.sqlite", "twice"),
      ("m.model,relabel=2,store=s.sqlite,speed=9", "'speed=9' is not an option"),
      ("m.model,relabel=2,store=s.sqlite,count", "not an option"),
    ]
    for (text, expected) in bad {
      XCTAssertThrowsError(try AIFeedbackRewardKind(options: text), text) { error in
        XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
      }
    }
  }

  func testRefusesABadStoreAndResumeBeforeTheRun() throws {
    let model = try writeModel()
    let context = RewardContext(spec: try VecEnv.spec(for: env), environmentCount: 4)
    func make(_ store: String, _ context: RewardContext) throws {
      _ = try AIFeedbackRewardKind(modelPath: model, relabelling: RelabellingOptions(every: 1, storePath: store))
        .makeReward(for: context)
    }
    XCTAssertThrowsError(try make(path("missing/s.sqlite"), context)) { XCTAssertTrue("\($0)".contains("does not exist")) }
    XCTAssertThrowsError(try make(directory.path, context)) { XCTAssertTrue("\($0)".contains("is a directory")) }
    let other = try LabelStore(path: path("other.sqlite"), mode: .createIfMissing)
    let empty = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    try other.attach(environmentID: empty.id, observationType: empty.observationType.rawValue,
                     observationByteCount: empty.observationByteCount, observationHigh: empty.observationBounds.upperBound,
                     goal: "")
    XCTAssertThrowsError(try make(path("other.sqlite"), context)) { XCTAssertTrue("\($0)".contains("MiniGrid-Empty-5x5-v0")) }
    var resuming = context
    resuming.isResuming = true
    XCTAssertThrowsError(try make(path("s.sqlite"), resuming)) { XCTAssertTrue("\($0)".contains("--resume")) }
    XCTAssertNoThrow(try make(path("s.sqlite"), context))
    XCTAssertFalse(FileManager.default.fileExists(atPath: path("s.sqlite")), "the store is created at the first refit")
  }

  private struct Run {
    var refits: [RelabellingReward.Refit]
    var labels: [String]
    var model: [Float]
  }

  /// A tiny PPO run of 4 iterations refitting every 2.
  private func train(store: String, seed: UInt64 = 3) throws -> (RelabellingReward, Run) {
    var config = PPOConfig()
    config.envID = env
    config.seed = seed
    config.numEnvs = 4
    config.numSteps = 32
    config.numMinibatches = 2
    config.updateEpochs = 1
    config.hiddenSize = 16
    config.totalTimesteps = 4 * 4 * 32
    var fit = BradleyTerryFit()
    fit.epochs = 5
    fit.hiddenSizes = [8]
    let start = LearnedReward(model: try RewardModel(contentsOf: try writeModel()), label: "start.model", shape: .plain,
                              environmentCount: 4)
    let reward = try RelabellingReward(
      reward: start, options: RelabellingOptions(every: 2, storePath: store, pairs: 40, window: 100),
      spec: try VecEnv.spec(for: env), environmentCount: 4, fit: fit)
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config), reward: reward)
    try trainer.train()
    let labels = try LabelStore(path: store).examples(labeller: "scripted:oracle").map {
      "\($0.pairID):\($0.preference)"
    }
    let probe = [UInt8](repeating: 1, count: try VecEnv.spec(for: env).observationByteCount)
    return (reward, Run(refits: reward.refits, labels: labels,
                        model: try reward.reward.model.rewards(observationBytes: probe, normalized: false)))
  }

  func testRefitsEveryKIterationsAndPaysTheNewModel() throws {
    let store = path("grow.sqlite")
    let (reward, run) = try train(store: store)
    XCTAssertEqual(run.refits.map(\.iteration), [2, 4])
    XCTAssertEqual(run.refits.map(\.observationsAdded), [100, 100])
    XCTAssertTrue(run.refits.allSatisfy { $0.labelsAdded > 0 }, "\(run.refits)")
    XCTAssertGreaterThan(run.refits[1].totalLabels, run.refits[0].totalLabels, "the second fit has more labels")
    let counts = try LabelStore(path: store).counts()
    XCTAssertEqual(counts.observations, 200)
    XCTAssertEqual(counts.labels, run.refits.map(\.labelsAdded).reduce(0, +))
    XCTAssertEqual(reward.reward.model.report?.labeller, "scripted:oracle", "the refit model is the one paid")

    // The swapped-in model is what the reward pays: the same batch scores as the new model says.
    let spec = try VecEnv.spec(for: env)
    let vec = try VecEnv(id: env, count: 2, seed: 9)
    try vec.reset()
    let bytes = Array(UnsafeRawBufferPointer(vec.observations))
    let expected = try reward.reward.model.rewards(observationBytes: bytes, events: [0, 0])
    let zeros = [Float](repeating: 0, count: 2), flags = [UInt8](repeating: 0, count: 2)
    let info = [Float](repeating: 0, count: 2 * spec.infoWidth)
    var paid = [Float](repeating: .nan, count: 2)
    try bytes.withUnsafeBytes { observations in
      try zeros.withUnsafeBufferPointer { z in
        try flags.withUnsafeBufferPointer { f in
          try info.withUnsafeBufferPointer { i in
            let batch = TransitionBatch(spec: spec, captioner: vec, count: 2, observations: observations,
                                        finalObservations: observations, environmentRewards: z, terminated: f,
                                        truncated: f, info: i)
            try paid.withUnsafeMutableBufferPointer { try reward.rewards(for: batch, into: $0) }
          }
        }
      }
    }
    XCTAssertEqual(paid, expected)
    let before = try RewardModel(contentsOf: path("start.model")).rewards(observationBytes: bytes, events: [0, 0])
    XCTAssertNotEqual(paid, before, "the start model would pay otherwise")
  }

  func testTheSameSeedRefitsTheSameWay() throws {
    let first = try train(store: path("a.sqlite")).1
    let second = try train(store: path("b.sqlite")).1
    XCTAssertEqual(first.labels, second.labels)
    XCTAssertEqual(first.model, second.model)
    XCTAssertEqual(first.refits.map(\.labelsAdded), second.refits.map(\.labelsAdded))
  }

  /// A refit that cannot happen stops the run with an error that says so.
  func testAFailedRefitStopsTheRun() throws {
    let store = path("gone.sqlite")
    let start = LearnedReward(model: try RewardModel(contentsOf: try writeModel()), label: "start.model", shape: .plain,
                              environmentCount: 4)
    let reward = try RelabellingReward(reward: start, options: RelabellingOptions(every: 1, storePath: store),
                                       spec: try VecEnv.spec(for: env), environmentCount: 4)
    // No observation seen: nothing to pair, so the refit fails.
    XCTAssertThrowsError(try reward.iterationEnded(1)) { error in
      XCTAssertTrue("\(error)".contains("stale reward model"), "\(error)")
    }
  }

  /// `pavlov train` logs each refit (SIMULATED named) and refuses `--resume` with relabel=
  /// before touching the run.
  func testTrainCommandLogsRefitsAndRefusesResume() throws {
    let model = try writeModel()
    let run = path("run"), store = path("cli.sqlite")
    let config = directory.appendingPathComponent("tiny.json")
    try Data(#"{"num_envs": 4, "num_steps": 32, "num_minibatches": 2, "update_epochs": 1, "hidden_size": 16}"#.utf8)
      .write(to: config)
    func train(_ extra: [String]) throws -> (status: Int32, output: String) {
      try CommandLineTool.run(["train", "--env", env, "--steps", "256", "--config", config.path, "--out", run,
                               "--reward", "ai-feedback:\(model),relabel=1,store=\(store),pairs=20,window=64",
                               "--plain"] + extra)
    }
    let trained = try train([])
    XCTAssertEqual(trained.status, 0, trained.output)
    XCTAssertTrue(trained.output.contains("relabel: iteration 2,") && trained.output.contains("by scripted:oracle (SIMULATED, no LLM calls)"),
                  trained.output)
    let listing = try FileManager.default.contentsOfDirectory(atPath: run).sorted()
    let resumed = try train(["--resume"])
    XCTAssertNotEqual(resumed.status, 0, resumed.output)
    XCTAssertTrue(resumed.output.contains("--resume is refused with relabel="), resumed.output)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run).sorted(), listing)
  }

  /// A swapped model under `potential` pays 0 on each env's first step after the swap (no
  /// difference across two models), then differences of the new model; another env's model is refused.
  func testPotentialShapingStartsAfreshAfterASwap() throws {
    let spec = try VecEnv.spec(for: env)
    let first = try RewardModel(contentsOf: try writeModel())
    let second = try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                                 observationSize: spec.observationSize, hiddenSizes: [6])
    let reward = LearnedReward(model: first, label: "start.model", shape: .potential, environmentCount: 2)
    let vec = try VecEnv(id: env, count: 2, seed: 4)
    try vec.reset()
    func step() throws -> [Float] {
      try vec.step([2, 2])
      var paid = [Float](repeating: .nan, count: 2)
      let batch = TransitionBatch(
        spec: spec, captioner: vec, count: 2, observations: vec.observations,
        // Four steps forward end no episode, so no final observation is read.
        finalObservations: vec.observations, environmentRewards: vec.rewards, terminated: vec.terminated,
        truncated: vec.results.truncated, info: vec.results.info!)
      try paid.withUnsafeMutableBufferPointer { try reward.rewards(for: batch, into: $0) }
      return paid
    }
    XCTAssertEqual(try step(), [0, 0], "no potential before the first step")
    XCTAssertNotEqual(try step(), [0, 0])
    try reward.replaceModel(second)
    XCTAssertEqual(try step(), [0, 0], "potentials of the old model are dropped")
    XCTAssertNotEqual(try step(), [0, 0])
    let other = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    XCTAssertThrowsError(try reward.replaceModel(try RewardModel(
      environmentID: other.id, observationType: other.observationType.rawValue, observationSize: other.observationSize,
      hiddenSizes: [4]))) { XCTAssertTrue("\($0)".contains("MiniGrid-Empty-5x5-v0")) }
  }
}
