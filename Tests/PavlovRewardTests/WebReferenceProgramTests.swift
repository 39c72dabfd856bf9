import FakeLLMServer
import Foundation
import PavlovSim
import XCTest
@testable import PavlovReward

/// The web family's SIMULATED reward program (`llm-code:scripted`) on every native MiniWob task:
/// the critic accepts it on each task's random samples, and along the scripted expert's
/// successful episodes it scores the page reached more than the page the episode started on.
final class WebReferenceProgramTests: XCTestCase {
  static let ids = [
    "MiniWob-click-checkboxes-v0", "MiniWob-use-spinner-v0", "MiniWob-guess-number-v0", "MiniWob-click-shades-v0",
    "MiniWob-click-tab-2-v0", "MiniWob-enter-time-v0", "MiniWob-choose-date-nodelay-v0", "MiniWob-search-engine-v0",
    "MiniWob-tic-tac-toe-v0", "MiniWob-email-inbox-v0", "MiniWob-social-media-v0",
  ]

  // The critic sees the sampler's default rollout (8 envs x 64 random steps), as in training, but
  // at most 96 of its distinct observations, to keep the test short.
  func testTheCriticAcceptsTheProgramOnEveryTask() throws {
    for id in Self.ids {
      let spec = try VecEnv.spec(for: id)
      let reference = try XCTUnwrap(ReferenceRewardProgram.matching(spec), id)
      XCTAssertEqual(reference.family, "web", id)
      let critic = RewardProgramCritic(spec: spec, inputs: .observation,
                                       samples: try RewardSamples(spec: spec, limit: 96))
      guard case .accepted(let stats) = critic.judge(reference.code) else {
        return XCTFail("\(id): \(critic.judge(reference.code))")
      }
      XCTAssertLessThanOrEqual(stats.maximum, 0, id)
      XCTAssertGreaterThanOrEqual(stats.minimum, -1, id)
    }
  }

  /// The expert's successful episodes: the program's value of the page reached when the episode
  /// ends, against that of its first page (never lower, and higher on average).
  func testExpertEpisodesEndOnPagesTheProgramScoresHigher() throws {
    for id in Self.ids {
      let spec = try VecEnv.spec(for: id)
      let program = try RewardProgram(code: ReferenceRewardProgram.web.code, spec: spec)
      let envs = try VecEnv(id: id, count: 6, seed: 11)
      try envs.reset()
      func value(_ bytes: UnsafeRawBufferPointer) throws -> Double { try program.reward(observation: bytes, info: nil) }
      var start = try (0..<envs.count).map { try value(envs.observationBytes(of: $0)) }
      var rises = 0.0, episodes = 0
      for _ in 0..<30 {
        try envs.step(try envs.expertActions().map { Int32($0) })
        for e in 0..<envs.count where envs.terminated[e] != 0 || envs.truncated[e] != 0 {
          let reached = try value(try XCTUnwrap(envs.finalObservationBytes(of: e)))
          if envs.info(of: e)[0] == 1 {
            XCTAssertGreaterThanOrEqual(reached, start[e] - 1e-9, "\(id): a solved episode ends lower than it began")
            rises += reached - start[e]
            episodes += 1
          }
          start[e] = try value(envs.observationBytes(of: e))
        }
      }
      XCTAssertGreaterThan(episodes, 6, id)
      XCTAssertGreaterThan(rises / Double(max(episodes, 1)), 0.1, "\(id): the program hardly tells the ends from the starts")
    }
  }
}

/// An LLM's reward-program prompt on a web task: the examples write runs of one value as v×n,
/// and examples are shown within a character budget, so the prompt fits a small model's context
/// (three pages written out were 55,030 tokens).
final class WebCodePromptTests: XCTestCase {
  func testExamplesCompressRunsAndStayShort() throws {
    XCTAssertEqual(RewardSamples.runs(["1", "0", "0", "0", "0", "2", "2", "3"]), "1,0×4,2,2,3")
    XCTAssertEqual(RewardSamples.runs(["5", "5", "5"]), "5,5,5")
    let spec = try VecEnv.spec(for: "MiniWob-email-inbox-v0")
    let samples = try RewardSamples(spec: spec, environments: 2, steps: 4)
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("no") }
    let author = CodeRewardAuthor(client: try LLMRewardFixtures.client(server), prompt: CodeRewardPrompt(inputs: .observation),
                                  goal: "Find the email by Ann and star it.", spec: spec, limits: SandboxLimits(),
                                  samples: samples, rounds: 1)
    let user = try XCTUnwrap(author.messages.last?.content)
    XCTAssertTrue(user.contains("(v×n stands for the value v repeated n times)"), user)
    XCTAssertTrue(user.contains("element_text = {"), user)
    // Examples within their budget, with the description and rules: about 3k tokens.
    XCTAssertLessThan(user.count, CodeRewardAuthor.exampleCharacters + 3_000, "the prompt is \(user.count) characters")
  }
}
