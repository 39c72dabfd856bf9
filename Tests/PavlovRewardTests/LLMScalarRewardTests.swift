import FakeLLMServer
import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-scalar` against a fake server: each distinct caption is asked once, ratings are mapped
/// to 0...1, failures and unparseable answers score the named fallback and are counted, shapes
/// apply as for ai-feedback, and PPO trains on it (issue 13, item 2).
final class LLMScalarRewardTests: XCTestCase {
  private var spec: EnvSpec!
  private var logged: [String] = []
  private let lock = NSLock()

  override func setUpWithError() throws { spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0") }

  private func reward(_ server: FakeLLMServer, shape: LearnedReward.Shape = .plain, count: Int = 4,
                      cache: String? = nil, threshold: Float? = nil) throws -> CaptionValueReward {
    let rater = LLMRater(client: try LLMRewardFixtures.client(server, cache: cache),
                         prompt: RatingPrompt(environment: spec.id, scale: 10), goal: "get to the green goal square",
                         usesLogprobs: false)
    return CaptionValueReward(name: "llm-scalar", source: .captions(rater), shape: shape, threshold: threshold,
                              fallback: 0, fallbackDescription: "0 (rating 1, the lowest)", environmentCount: count,
                              log: { [self] line in lock.withLock { logged.append(line) } })
  }

  func testEachDistinctCaptionIsAskedOnceAndRatingsAreNormalised() throws {
    let server = try LLMRewardFixtures.ratingServer()
    let reward = try reward(server)
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [1, 10, 1, 4]), [0, 1, 0, 1.0 / 3])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 3, "three distinct captions")
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [4, 4, 10, 7]), [1.0 / 3, 1.0 / 3, 1, 2.0 / 3])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 4, "only 'state 7' was new")
    XCTAssertEqual(reward.statistics.distinctCaptions, 4)
    XCTAssertEqual(reward.score(of: "state 7"), 2.0 / 3)
  }

  func testThePersistentCacheServesASecondRun() throws {
    let server = try LLMRewardFixtures.ratingServer()
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-scalar-\(UUID().uuidString).sqlite").path
    defer { try? FileManager.default.removeItem(atPath: cache) }
    _ = try LLMRewardFixtures.step(try reward(server, cache: cache), spec: spec, states: [2, 3, 2, 3])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 2)
    let again = try reward(server, cache: cache)
    XCTAssertEqual(try LLMRewardFixtures.step(again, spec: spec, states: [3, 2, 3, 2]), [2.0 / 9, 1.0 / 9, 2.0 / 9, 1.0 / 9])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 2, "the second run was answered from the cache")
  }

  func testAnUnparseableAnswerIsRetriedOnceThenScoresTheFallbackAndIsCounted() throws {
    let server = try LLMRewardFixtures.ratingServer { caption, messages in
      if caption == "state 5" { return "I cannot say." }
      if caption == "state 6" { return messages > 2 ? "(\"rating\": 9)" : "Hmm." }
      return nil
    }
    let reward = try reward(server)
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [5, 6, 5, 2]), [0, 8.0 / 9, 0, 1.0 / 9])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 5, "state 5 and state 6 were asked twice (the retry), state 2 once")
    XCTAssertEqual(reward.statistics.unparseable, 1)
    XCTAssertEqual(reward.statistics.failed, 0)
    XCTAssertEqual(logged.count, 1)
    XCTAssertTrue(logged[0].contains("1 unparseable and 0 failed of 3 captions"), logged[0])
    XCTAssertTrue(logged[0].contains("fallback 0 (rating 1, the lowest)"), logged[0])
    XCTAssertTrue(logged[0].contains("I cannot say."), logged[0])
    XCTAssertTrue(reward.summary.contains("1 unparseable"), reward.summary)
    _ = try LLMRewardFixtures.step(reward, spec: spec, states: [5, 5, 5, 5])
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 5, "an unparseable caption is not asked again in the run")
  }

  func testFailuresScoreTheFallbackAndManyInARowStopTheRun() throws {
    let server = try FakeLLMServer { request, _ in
      LLMRewardFixtures.caption(in: request) == "state 3"
        ? FakeLLMServer.chatAnswer("(\"rating\": 3)") : FakeLLMServer.Response(status: 400, body: Data("bad".utf8))
    }
    let reward = try reward(server, count: 16)
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [3, 4, 3, 4]), [2.0 / 9, 0, 2.0 / 9, 0])
    XCTAssertEqual(reward.statistics.failed, 1)
    XCTAssertTrue(logged.first?.contains("HTTP 400") ?? false, "\(logged)")
    // state 4 failed last, then 16 new ones: the limit is reached within this step.
    XCTAssertThrowsError(try LLMRewardFixtures.step(reward, spec: spec, states: (10..<26).map(UInt8.init))) { error in
      XCTAssertTrue("\(error)".contains("the last 17 calls failed"), "\(error)")
    }
  }

  func testCountModulationAndThreshold() throws {
    let server = try LLMRewardFixtures.ratingServer()
    let counted = try reward(server, shape: .countModulated, count: 1)
    XCTAssertEqual(try LLMRewardFixtures.step(counted, spec: spec, states: [10]), [1])
    XCTAssertEqual(try LLMRewardFixtures.step(counted, spec: spec, states: [10]), [1.0 / 8], "second sight: 1 / 2^3")
    XCTAssertEqual(try LLMRewardFixtures.step(counted, spec: spec, states: [10], ended: [true]), [1.0 / 27])
    XCTAssertEqual(try LLMRewardFixtures.step(counted, spec: spec, states: [10]), [1], "a new episode counts afresh")
    let thresholded = try reward(server, count: 2, threshold: 0.5)
    XCTAssertEqual(try LLMRewardFixtures.step(thresholded, spec: spec, states: [4, 8]), [0, 7.0 / 9])
  }

  func testPotentialShapingPaysProgressAndScoresTheNextEpisodesFirstCaption() throws {
    let server = try LLMRewardFixtures.ratingServer()
    let reward = try reward(server, shape: .potential, count: 1)
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [4]), [0])
    let second = try LLMRewardFixtures.step(reward, spec: spec, states: [7], ended: [true], next: 1)
    XCTAssertEqual(second[0], 0.99 * 6.0 / 9 - 3.0 / 9, accuracy: 1e-6)
    let third = try LLMRewardFixtures.step(reward, spec: spec, states: [10])
    XCTAssertEqual(third[0], 0.99 * 1 - 0, accuracy: 1e-6, "the potential after the reset is state 1's (0)")
    XCTAssertNotNil(reward.score(of: "state 1"))
  }

  func testTheScriptedStandInIsSimulatedAndScoresPrivilegedProgress() throws {
    let reward = try RewardSpec(parsing: "llm-scalar:scripted").makeReward(for: RewardContext(spec: spec, environmentCount: 2))
    XCTAssertTrue(reward.name.contains("SIMULATED"), reward.name)
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [1, 2], progress: [0.25, 1]), [0.25, 1])
  }

  func testPPOTrainsOnTheFakeServersRatings() throws {
    let server = try LLMRewardFixtures.ratingServer { caption, _ in "(\"rating\": \(caption.count % 10 + 1))" }
    let spec = try RewardSpec(parsing: "llm-scalar:count,cache=none,url=\(server.baseURL.absoluteString)")
    let reward = try spec.makeReward(for: RewardContext(spec: self.spec, environmentCount: 8))
    let metrics = try LLMRewardFixtures.tinyRun(reward)
    XCTAssertEqual(metrics.last?.globalStep, 8 * 16 * 20)
    let scored = try XCTUnwrap(reward as? CaptionValueReward)
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, scored.statistics.distinctCaptions, "one request per distinct caption")
    XCTAssertGreaterThan(scored.statistics.distinctCaptions, 1)
    XCTAssertEqual(scored.statistics.unparseable + scored.statistics.failed, 0)
    XCTAssertTrue(metrics.contains { $0.episodicTrainingReturn.map { $0 > 0 } ?? false }, "the ratings were paid")
  }

  func testPPOTrainsOnTheScriptedStandIn() throws {
    let reward = try RewardSpec(parsing: "llm-scalar:scripted,potential")
      .makeReward(for: RewardContext(spec: spec, environmentCount: 8))
    XCTAssertEqual(try LLMRewardFixtures.tinyRun(reward).last?.globalStep, 8 * 16 * 20)
  }
}
