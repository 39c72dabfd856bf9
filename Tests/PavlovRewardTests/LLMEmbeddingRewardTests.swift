import FakeLLMServer
import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-embedding` against a fake /embeddings: cosine similarity with the goal's embedding, each
/// distinct caption embedded once, failures counted with the fallback, ELLM's threshold and
/// count, and a tiny PPO run (issue 13, item 4).
final class LLMEmbeddingRewardTests: XCTestCase {
  private var spec: EnvSpec!
  private var goal = ""

  override func setUpWithError() throws {
    spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    let vec = try VecEnv(id: spec.id, count: 1)
    try vec.reset()
    goal = try vec.mission(of: 0)
  }

  /// The goal along x; "state N" at angle N·10° from it; "state 99" fails.
  private func server() throws -> FakeLLMServer {
    let goal = self.goal
    return try FakeLLMServer { request, _ in
      let text = LLMRewardFixtures.caption(in: request) ?? ""
      if text == goal { return FakeLLMServer.embeddingAnswer([[2, 0, 0]]) }
      guard text.hasPrefix("state ") else {
        // A real caption (the PPO run): an angle from its length.
        let angle = Double(text.count % 9) * 10 * .pi / 180
        return FakeLLMServer.embeddingAnswer([[Float(cos(angle)), Float(sin(angle)), 0]])
      }
      guard let n = Int(text.dropFirst(6)), n != 99 else {
        return FakeLLMServer.Response(status: 400, body: Data("no".utf8))
      }
      let angle = Double(n) * 10 * .pi / 180
      return FakeLLMServer.embeddingAnswer([[Float(cos(angle)), Float(sin(angle)), 0]])
    }
  }

  private func make(_ server: FakeLLMServer, _ extra: String = "", count: Int = 4) throws -> CaptionValueReward {
    let text = "llm-embedding:cache=none,url=\(server.baseURL.absoluteString)" + extra
    return try XCTUnwrap(try RewardSpec(parsing: text).makeReward(for: RewardContext(spec: spec, environmentCount: count))
      as? CaptionValueReward)
  }

  func testRewardIsTheCosineWithTheGoalAndEachCaptionIsEmbeddedOnce() throws {
    let server = try server()
    let reward = try make(server)
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 1, "the goal is embedded when the reward is made")
    XCTAssertEqual(LLMRewardFixtures.caption(in: LLMRewardFixtures.questions(server)[0]), goal)
    let r = try LLMRewardFixtures.step(reward, spec: spec, states: [0, 9, 6, 0])
    XCTAssertEqual(r[0], 1, accuracy: 1e-6)
    XCTAssertEqual(r[1], 0, accuracy: 1e-6)
    XCTAssertEqual(r[2], 0.5, accuracy: 1e-6)
    XCTAssertEqual(r[3], 1, accuracy: 1e-6)
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 4, "three distinct captions")
    _ = try LLMRewardFixtures.step(reward, spec: spec, states: [6, 9, 0, 6])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 4, "nothing new")
  }

  func testAFailedEmbeddingScoresTheFallbackAndIsCounted() throws {
    let reward = try make(try server(), ",fallback=-1")
    let r = try LLMRewardFixtures.step(reward, spec: spec, states: [99, 0, 99, 0])
    XCTAssertEqual(r, [-1, 1, -1, 1])
    XCTAssertEqual(reward.statistics.failed, 1)
    XCTAssertEqual(reward.statistics.distinctCaptions, 2)
  }

  func testThresholdAndCountAsELLM() throws {
    let reward = try make(try server(), ",threshold=0.6,count", count: 2)
    let first = try LLMRewardFixtures.step(reward, spec: spec, states: [3, 6])
    XCTAssertEqual(first[0], Float(cos(30 * Double.pi / 180)), accuracy: 1e-6)
    XCTAssertEqual(first[1], 0, "cos 60° = 0.5 is under the threshold")
    let second = try LLMRewardFixtures.step(reward, spec: spec, states: [3, 6])
    XCTAssertEqual(second[0], first[0] / 8, accuracy: 1e-6)
  }

  func testAServerWithoutEmbeddingsIsRefusedBeforeTheRun() throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.Response(status: 501, body: Data(#"{"error":"This server does not support embeddings"}"#.utf8))
    }
    let spec = try RewardSpec(parsing: "llm-embedding:cache=none,retries=0,url=\(server.baseURL.absoluteString)")
    XCTAssertThrowsError(try spec.makeReward(for: RewardContext(spec: self.spec, environmentCount: 1))) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("cannot embed the goal") && text.contains("HTTP 501") && text.contains("--embeddings"),
                    text)
    }
  }

  func testPPOTrainsOnTheFakeServersSimilarities() throws {
    let server = try server()
    let reward = try make(server, ",threshold=0,count", count: 8)
    let metrics = try LLMRewardFixtures.tinyRun(reward)
    XCTAssertEqual(metrics.last?.globalStep, 8 * 16 * 20)
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, reward.statistics.distinctCaptions + 1, "the goal, then one per caption")
    XCTAssertGreaterThan(reward.statistics.distinctCaptions, 1)
    XCTAssertEqual(reward.statistics.failed, 0)
  }
}
