import FakeLLMServer
import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// Continual re-labelling by the language model (`labeller=llm`): the client settings parse,
/// labels come from the server and are counted, and a server that gives no answer stops the
/// run with an error that says so.
final class RelabellingLLMTests: XCTestCase {
  private var directory: URL!
  private let env = "MiniGrid-DoorKey-5x5-v0"

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-relabel-llm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func testParsesTheLLMLabellerAndWritesItBack() throws {
    let kind = try AIFeedbackRewardKind(
      options: "m.model,potential,relabel=2,store=s.sqlite,labeller=llm,url=http://127.0.0.1:9/v1,model=judge,cache=none,"
        + "concurrency=2,retries=1,pairs=30,mode=completion")
    let llm = try XCTUnwrap(kind.relabelling?.llm)
    XCTAssertEqual(llm.url, "http://127.0.0.1:9/v1")
    XCTAssertEqual(llm.model, "judge")
    XCTAssertEqual(llm.cache, "none")
    XCTAssertEqual(llm.concurrency, 2)
    XCTAssertEqual(llm.retries, 1)
    XCTAssertEqual(kind.relabelling?.pairs, 30)
    XCTAssertEqual(kind.relabelling?.llmMode, .completion)
    XCTAssertThrowsError(try AIFeedbackRewardKind(options: "m.model,relabel=2,store=s.sqlite,labeller=llm,mode=poetry")) {
      XCTAssertTrue("\($0)".contains("mode= must be chat or completion; got 'poetry'"), "\($0)")
    }
    XCTAssertEqual(try AIFeedbackRewardKind(options: String(kind.description.dropFirst("ai-feedback:".count))), kind)
    XCTAssertNil(try AIFeedbackRewardKind(options: "m.model,relabel=2,store=s.sqlite").relabelling?.llm)
  }

  /// A tiny PPO run of 4 iterations refitting every 2, labelled by `server`.
  private func train(_ server: FakeLLMServer, store: String) throws -> RelabellingReward {
    let spec = try VecEnv.spec(for: env)
    var config = PPOConfig()
    config.envID = env
    config.seed = 3
    config.numEnvs = 4
    config.numSteps = 32
    config.numMinibatches = 2
    config.updateEpochs = 1
    config.hiddenSize = 16
    config.totalTimesteps = 4 * 4 * 32
    var fit = BradleyTerryFit()
    fit.epochs = 5
    fit.hiddenSizes = [8]
    let startModel = try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                                     observationSize: spec.observationSize, hiddenSizes: [4])
    let start = LearnedReward(model: startModel, label: "start", shape: .plain, environmentCount: 4)
    var options = RelabellingOptions(every: 2, storePath: store, pairs: 12, window: 60)
    var llm = LLMRewardOptions()
    llm.url = server.baseURL.absoluteString
    llm.model = "judge"
    llm.cache = "none"
    llm.retries = 0
    llm.concurrency = 2
    options.llm = llm
    let reward = try RelabellingReward(reward: start, options: options, spec: spec, environmentCount: 4, fit: fit)
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config), reward: reward)
    try trainer.train()
    return reward
  }

  func testTheLanguageModelLabelsEachRefitAndItsCostIsCounted() throws {
    let server = try FakeLLMServer { request, index in
      guard request.path.hasSuffix("/chat/completions") else { return .init(status: 404) }
      return FakeLLMServer.chatAnswer(#"{"best_description": \#(index % 2 == 0 ? 1 : 2)}"#)
    }
    let store = path("llm.sqlite")
    let reward = try train(server, store: store)
    XCTAssertEqual(reward.refits.map(\.iteration), [2, 4])
    XCTAssertTrue(reward.refits.allSatisfy { $0.labelsAdded > 0 }, "\(reward.refits)")
    XCTAssertTrue(reward.labellerName.hasPrefix("llm:judge:"), reward.labellerName)
    XCTAssertNil(reward.teacher)
    let usage = try XCTUnwrap(reward.usage())
    let chats = server.requests.filter { $0.path.hasSuffix("/chat/completions") }
    XCTAssertEqual(usage.requests, chats.count)
    XCTAssertEqual(usage.requests, reward.refits.map(\.labelsAdded).reduce(0, +))
    XCTAssertEqual(usage.promptTokens, 10 * usage.requests)
    // The labels are the model's, under its name, and the goal it was shown is the mission.
    let labels = try LabelStore(path: store).examples(labeller: reward.labellerName)
    XCTAssertEqual(labels.count, usage.requests)
    let prompt = String(decoding: chats[0].body, as: UTF8.self)
    XCTAssertTrue(prompt.contains("use the key to open the door"), prompt)
  }

  func testAServerThatGivesNoAnswerStopsTheRun() throws {
    let server = try FakeLLMServer { _, _ in .init(status: 500, json: ["error": ["message": "boom"]]) }
    XCTAssertThrowsError(try train(server, store: path("down.sqlite"))) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("re-labelling at iteration 2 failed"), text)
      XCTAssertTrue(text.contains("the language model gave no answer for"), text)
    }
  }
}
