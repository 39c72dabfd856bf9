import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// Continual re-labelling by the real local model (SmolLM2-135M through llama.cpp's server,
/// installed in .llm/ by scripts/llm_setup.sh): one refit of a tiny PPO run, its few pairs
/// labelled by the model. Skipped, with the reason printed, when the model is not installed.
/// A 135M model's preferences carry little meaning: this checks the plumbing and the counts.
final class LocalModelRelabellingTests: XCTestCase {
  private static var llmDirectory: URL {
    if let custom = ProcessInfo.processInfo.environment["PAVLOV_LLM_DIR"] { return URL(fileURLWithPath: custom) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".llm")
  }

  func testTheLocalModelLabelsARefit() throws {
    let port = 20_000 + Int(getpid() % 2000) + 40
    guard let server = LocalLlamaServer.installed(in: Self.llmDirectory, port: port, threads: 1) else {
      let reason = "the local model is not installed in \(Self.llmDirectory.path); run `bash scripts/llm_setup.sh` to test it end to end"
      print("skipped: \(reason)")
      throw XCTSkip(reason)
    }
    let pid = try server.start()
    defer {
      LocalLlamaServer.stop(pid: pid)
      try? FileManager.default.removeItem(atPath: server.logPath)
    }
    guard waitFor({ await server.waitUntilReady(seconds: 180, pid: pid) }) else {
      XCTFail("llama-server did not answer within 180 s")
      return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-relabel-local-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let env = "MiniGrid-DoorKey-5x5-v0"
    let spec = try VecEnv.spec(for: env)
    var config = PPOConfig()
    config.envID = env
    config.numEnvs = 4
    config.numSteps = 16
    config.numMinibatches = 1
    config.updateEpochs = 1
    config.hiddenSize = 8
    config.totalTimesteps = 2 * 4 * 16
    var fit = BradleyTerryFit()
    fit.epochs = 3
    fit.hiddenSizes = [4]
    let start = LearnedReward(
      model: try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                             observationSize: spec.observationSize, hiddenSizes: [4]),
      label: "start", shape: .plain, environmentCount: 4)
    var options = RelabellingOptions(every: 2, storePath: directory.appendingPathComponent("s.sqlite").path, pairs: 4,
                                     window: 32)
    var llm = LLMRewardOptions()
    llm.url = server.url.absoluteString
    llm.cache = "none"
    llm.concurrency = 1
    options.llm = llm
    // SmolLM2-135M ignores the chat format; one completion token, read from its logprobs, parses.
    options.llmMode = .completion
    let reward = try RelabellingReward(reward: start, options: options, spec: spec, environmentCount: 4, fit: fit)
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config), reward: reward)
    let began = Date()
    try trainer.train()
    let usage = try XCTUnwrap(reward.usage())
    XCTAssertEqual(reward.refits.map(\.iteration), [2])
    XCTAssertEqual(reward.refits[0].labelsAdded, 4)
    XCTAssertGreaterThanOrEqual(usage.requests, 4)
    XCTAssertGreaterThan(usage.totalTokens, 0)
    print("local relabelling: \(usage.summary), \(String(format: "%.1f", Date().timeIntervalSince(began))) s")
  }
}
