import FakeLLMServer
import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-code`: parsing, the generated description and prompt, code extraction, the critic's
/// verdicts, the SIMULATED reference programs in training, and the LLM loop against a fake server.
final class LLMCodeRewardTests: XCTestCase {
  private static let grid = "MiniGrid-Empty-5x5-v0"

  func testParsingAndRefusals() throws {
    XCTAssertEqual(try RewardSpec(parsing: "llm-code").description, "llm-code")
    XCTAssertEqual(try RewardSpec(parsing: "llm-code:scripted,budget=5000,memory=4").description,
                   "llm-code:scripted,budget=5000,memory=4")
    XCTAssertEqual(try RewardSpec(parsing: "llm-code:privileged,rounds=2,url=http://127.0.0.1:1/v1,cache=none").description,
                   "llm-code:privileged,rounds=2,url=http://127.0.0.1:1/v1,cache=none")
    let kind = try XCTUnwrap(try RewardSpec(parsing: "llm-code:privileged,rounds=5").kind as? LLMCodeRewardKind)
    XCTAssertEqual(kind.inputs, .privileged)
    XCTAssertEqual(kind.rounds, 5)
    let refusals = [
      "llm-code:rounds=0": "rounds must be a whole number from 1 to 10; got '0'",
      "llm-code:budget=10": "budget (instructions per call) must be a whole number from 1000",
      "llm-code:memory=4096": "memory (MiB) must be a whole number from 1 to 1024",
      "llm-code:count": "'count' is not available for reward as code",
      "llm-code:threshold=0.5": "'threshold=0.5' is not available for reward as code",
      "llm-code:scripted,privileged": "the SIMULATED reference programs read the observation only",
      "llm-code:scripted,url=http://127.0.0.1:1": "the SIMULATED stand-in asks no LLM",
      "llm-code:privileged,scripted": "'scripted' is not an option (scripted comes first",
      "llm-code:lua=5.1": "'lua=5.1' is not an option; allowed: llm-code[:scripted]",
    ]
    for (text, message) in refusals {
      XCTAssertThrowsError(try RewardSpec(parsing: text), text) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
    }
    XCTAssertTrue(RewardSpec.allowed.contains(LLMCodeRewardKind.syntax))
  }

  /// Golden: the description is generated from the spec's parts and info names.
  func testTheDescriptionComesFromTheSpecsParts() throws {
    let spec = try VecEnv.spec(for: Self.grid)
    XCTAssertEqual(RewardProgramDescription.text(for: spec, inputs: .observation), """
      `obs` is a table with one field per part of the observation:
      - `image`: an array of 147 numbers, shape [7, 7, 3], category codes; along the last axis: channel 0 in 0..10, \
      channel 1 in 0..5, channel 2 in 0..2
      - `direction`: a number, category codes 0..3
      Arrays are Lua arrays (1-based) of the part's elements in row-major order: for shape [a, b, c], element (i, j, k) \
      (0-based) is at index 1 + (i*b + j)*c + k.
      """)
    let privileged = RewardProgramDescription.text(for: spec, inputs: .privileged)
    XCTAssertTrue(privileged.hasSuffix("`state` is a table of the simulator's privileged state, one number per field: "
                                       + spec.infoColumnNames.map { "`\($0)`" }.joined(separator: ", ") + "."))
  }

  /// Golden: the prompt's wording (a change needs a new version).
  func testThePromptGolden() {
    let prompt = CodeRewardPrompt()
    XCTAssertEqual(prompt.version, "code-v1")
    let messages = prompt.messages(goal: "get to the green goal square", description: "DESC",
                                   examples: [(lua: "{ x = 1 }", caption: "You see a wall.")])
    XCTAssertEqual(messages.map(\.content), [
      "You write reward functions for reinforcement learning, in Lua 5.4. The function runs in a sandbox: only the "
        + "base functions (no load, print or pcall), math (no random), table and string (no rep or patterns) exist; "
        + "there are no files, no os, no clock, and each call has an instruction budget. Answer with one ```lua code "
        + "block that defines a global function reward(obs) returning one finite number: higher when the agent is "
        + "closer to completing the task. It must depend only on its arguments.",
      "Task: get to the green goal square\n\nInputs of reward(obs):\nDESC\n\nExample inputs, each with what it shows:\n"
        + "- You see a wall.\n  obs = { x = 1 }\n\nWrite the reward function now, as one ```lua code block.",
    ])
    XCTAssertTrue(CodeRewardPrompt(inputs: .privileged).systemPrompt.contains("reward(obs, state)"))
    XCTAssertEqual(prompt.feedback("it is constant"),
                   "Your program was rejected: it is constant\nFix it and answer again with the whole program as one ```lua code block.")
  }

  func testCodeExtraction() {
    XCTAssertEqual(CodeRewardPrompt.extractCode(from: "Here:\n```lua\nfunction reward(obs) return 1 end\n```\nDone."),
                   "function reward(obs) return 1 end")
    XCTAssertEqual(CodeRewardPrompt.extractCode(from: "```\nfunction reward(obs)\n  return 2\nend\n```"),
                   "function reward(obs)\n  return 2\nend")
    XCTAssertEqual(CodeRewardPrompt.extractCode(from: "function reward(obs) return 3 end"), "function reward(obs) return 3 end")
    XCTAssertNil(CodeRewardPrompt.extractCode(from: "I would reward reaching the goal."))
    XCTAssertNil(CodeRewardPrompt.extractCode(from: "```lua\nfunction reward(obs) return 1 end"), "an unclosed fence")
    XCTAssertNil(CodeRewardPrompt.extractCode(from: "```lua\n```"))
  }

  func testTheCriticsVerdicts() throws {
    let spec = try VecEnv.spec(for: Self.grid)
    let critic = RewardProgramCritic(spec: spec, inputs: .observation, samples: try RewardSamples(spec: spec))
    XCTAssertGreaterThan(critic.samples.count, 10)
    guard case .accepted(let stats) = critic.judge(ReferenceRewardProgram.grid.code) else {
      return XCTFail("the grid reference is rejected: \(critic.judge(ReferenceRewardProgram.grid.code))")
    }
    XCTAssertLessThan(stats.minimum, stats.maximum)
    XCTAssertEqual(critic.judge("function reward(obs) return 1 end"),
                   .rejected("it is constant: it returned 1.0 on all \(critic.samples.count) sample inputs, so it cannot guide learning"))
    guard case .rejected(let undefined) = critic.judge("function reward(obs) if obs.direction == 2 then return nil end return obs.direction end") else {
      return XCTFail("a program undefined on some input is accepted")
    }
    XCTAssertTrue(undefined.hasPrefix("it fails on sample input"), undefined)
    XCTAssertTrue(undefined.contains("reward returned a nil"), undefined)
    guard case .rejected(let parse) = critic.judge("function reward(obs) return end end") else { return XCTFail() }
    XCTAssertTrue(parse.hasPrefix("it does not load: "), parse)
    guard case .rejected(let wrongPart) = critic.judge("function reward(obs) return obs.pixels[1] end") else { return XCTFail() }
    XCTAssertTrue(wrongPart.contains("field 'pixels'"), wrongPart)
    // Privileged: the info columns arrive by name.
    let privileged = RewardProgramCritic(spec: spec, inputs: .privileged, samples: critic.samples)
    guard case .accepted = privileged.judge("function reward(obs, state) return state.episode_step end") else {
      return XCTFail("\(privileged.judge("function reward(obs, state) return state.episode_step end"))")
    }
  }

  func testEachFamilyHasAReferenceChosenByItsParts() throws {
    for (id, family) in [("MiniGrid-DoorKey-8x8-v0", "grid"), ("Wordle-Answers-v0", "wordle"), ("arm/reach", "arm"),
                         ("MiniWob-click-checkboxes-v0", "web"), ("NetHackScore-v0", "nethack")] {
      guard VecEnv.availableIDs.contains(id) else { return XCTFail("\(id) is not registered") }
      let spec = try VecEnv.spec(for: id)
      // NetHack's engine is optional: its program is matched by parts, and judged when it runs.
      let samples: RewardSamples
      do { samples = try RewardSamples(spec: spec) } catch where id.hasPrefix("NetHack") {
        print("skipping \(id): \(error)")
        XCTAssertEqual(ReferenceRewardProgram.matching(spec)?.family, family, id)
        continue
      }
      let reference = try XCTUnwrap(ReferenceRewardProgram.matching(spec), id)
      XCTAssertEqual(reference.family, family)
      let critic = RewardProgramCritic(spec: spec, inputs: .observation, samples: samples)
      guard case .accepted(let stats) = critic.judge(reference.code) else {
        return XCTFail("\(id): \(critic.judge(reference.code))")
      }
      // A cost, never a payment: otherwise lingering earns more than finishing the task.
      XCTAssertLessThanOrEqual(stats.maximum, 0, id)
      XCTAssertLessThan(stats.minimum, stats.maximum, "\(id): the reference is constant")
    }
  }

  func testAScriptedRunTrainsAndEvaluatesEachObservationOnce() throws {
    let spec = try VecEnv.spec(for: Self.grid)
    let reward = try XCTUnwrap(
      try RewardSpec(parsing: "llm-code:scripted").makeReward(for: RewardContext(spec: spec, environmentCount: 8))
        as? CodeReward)
    XCTAssertTrue(reward.name.contains("SIMULATED"), reward.name)
    let metrics = try LLMRewardFixtures.tinyRun(reward, iterations: 4)
    XCTAssertEqual(metrics.last?.globalStep, 8 * 16 * 4)
    let s = reward.statistics
    XCTAssertEqual(s.evaluations + s.cacheHits, 8 * 16 * 4)
    XCTAssertGreaterThan(s.cacheHits, 0, "observations seen before come from the memo")
    XCTAssertEqual(s.failures, 0)
  }

  /// The first answer does not load; its error goes back to the LLM, whose second answer is accepted.
  func testARejectedProgramsErrorIsFedBackAndTheNextAnswerAccepted() throws {
    let server = try FakeLLMServer { request, index in
      let messages = request.json?["messages"] as? [[String: Any]] ?? []
      if messages.count <= 2 { return FakeLLMServer.chatAnswer("```lua\nfunction reward(obs) return obs.direction +\n```") }
      return FakeLLMServer.chatAnswer("Fixed:\n```lua\nfunction reward(obs) return obs.direction / 3 end\n```")
    }
    let spec = try VecEnv.spec(for: Self.grid)
    let kind = "llm-code:url=\(server.baseURL.absoluteString),model=fake,cache=none,retries=0"
    let reward = try XCTUnwrap(
      try RewardSpec(parsing: kind).makeReward(for: RewardContext(spec: spec, environmentCount: 2)) as? CodeReward)
    XCTAssertEqual(reward.program.code, "function reward(obs) return obs.direction / 3 end")
    let questions = LLMRewardFixtures.questions(server)
    XCTAssertEqual(questions.count, 2)
    let second = try XCTUnwrap(questions.last?.json?["messages"] as? [[String: Any]])
    XCTAssertEqual(second.count, 4)
    let first = try XCTUnwrap(questions.first?.json?["messages"] as? [[String: Any]])
    let user = try XCTUnwrap(first.last?["content"] as? String)
    XCTAssertTrue(user.contains("Task: get to the green goal square"), user)
    XCTAssertTrue(user.contains("`image`: an array of 147 numbers"), user)
    XCTAssertTrue(user.contains("obs = { image = {"), user)
    let feedback = try XCTUnwrap(second.last?["content"] as? String)
    XCTAssertTrue(feedback.hasPrefix("Your program was rejected: it does not load: reward:"), feedback)
    XCTAssertTrue(feedback.contains("unexpected symbol"), feedback)
  }

  func testNoAcceptedProgramInTheRoundsIsAClearError() throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("```lua\nfunction reward(obs) return 0 end\n```") }
    let spec = try VecEnv.spec(for: Self.grid)
    let kind = "llm-code:rounds=2,url=\(server.baseURL.absoluteString),model=fake,cache=none,retries=0"
    XCTAssertThrowsError(try RewardSpec(parsing: kind).makeReward(for: RewardContext(spec: spec, environmentCount: 2))) {
      XCTAssertTrue("\($0)".contains("no program was accepted in 2 rounds; last problem: it is constant"), "\($0)")
    }
    XCTAssertEqual(LLMRewardFixtures.questions(server).count, 2)
  }
}

final class CodeRewardMemoTests: XCTestCase {
  func testAHashCollisionIsNeverTakenForAHit() {
    var memo = CodeRewardMemo(width: 3, capacity: 2)
    let a: [UInt8] = [1, 2, 3], b: [UInt8] = [1, 2, 4], c: [UInt8] = [9, 9, 9]
    a.withUnsafeBytes { memo.insert(0.5, for: $0, hash: 7) }
    XCTAssertEqual(a.withUnsafeBytes { memo.value(for: $0, hash: 7) }, 0.5)
    // b under a's hash: not a's value, and not kept over a.
    XCTAssertNil(b.withUnsafeBytes { memo.value(for: $0, hash: 7) })
    b.withUnsafeBytes { memo.insert(0.9, for: $0, hash: 7) }
    XCTAssertEqual(a.withUnsafeBytes { memo.value(for: $0, hash: 7) }, 0.5)
    XCTAssertNotEqual(a.withUnsafeBytes { CodeRewardMemo.hash($0) }, b.withUnsafeBytes { CodeRewardMemo.hash($0) })
    // Past its capacity the memo starts afresh.
    b.withUnsafeBytes { memo.insert(0.9, for: $0, hash: 8) }
    c.withUnsafeBytes { memo.insert(0.1, for: $0, hash: 9) }
    XCTAssertEqual(memo.count, 1)
    XCTAssertEqual(c.withUnsafeBytes { memo.value(for: $0, hash: 9) }, 0.1)
    XCTAssertNil(a.withUnsafeBytes { memo.value(for: $0, hash: 7) })
  }
}

/// Eureka's reward reflection: a short training run's statistics go back to the LLM.
final class TrajectoryAnalyserTests: XCTestCase {
  func testTheAnalysisMeasuresTheRunAndItsCorrelationWithProgress() throws {
    let spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    let analysis = try TrajectoryAnalyser.analyse(code: ReferenceRewardProgram.grid.code, spec: spec,
                                                  inputs: .observation, limits: SandboxLimits(), steps: 1024)
    XCTAssertEqual(analysis.steps, 1024)
    XCTAssertGreaterThan(analysis.episodes, 0)
    XCTAssertGreaterThan(analysis.rewardStandardDeviation, 0)
    let correlation = try XCTUnwrap(analysis.progressCorrelation)
    XCTAssertTrue((-1...1).contains(correlation), "\(correlation)")
    XCTAssertEqual(analysis.failures, 0)
    XCTAssertTrue(analysis.text.hasPrefix("1024 steps of training on your reward: "), analysis.text)
    // A reward that does not move with progress has no correlation to report.
    let flat = try TrajectoryAnalyser.analyse(code: "function reward(obs) return 0 end", spec: spec,
                                              inputs: .observation, limits: SandboxLimits(), steps: 512)
    XCTAssertNil(flat.progressCorrelation)
    XCTAssertTrue(flat.text.contains("correlation of the reward with the true task progress undefined"), flat.text)
  }

  func testARefinementRoundFeedsTheStatisticsBackAndKeepsOnlyAnAcceptedProgram() throws {
    let server = try FakeLLMServer { request, _ in
      let messages = request.json?["messages"] as? [[String: Any]] ?? []
      let last = messages.last?["content"] as? String ?? ""
      if last.hasPrefix("Your program was accepted") {
        // The second reflection answers a constant: rejected, the first refinement stays.
        return FakeLLMServer.chatAnswer(messages.count > 4 ? "```lua\nfunction reward(obs) return 1 end\n```"
                                                           : "```lua\nfunction reward(obs) return obs.direction / 6 end\n```")
      }
      return FakeLLMServer.chatAnswer("```lua\nfunction reward(obs) return obs.direction / 3 end\n```")
    }
    let spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    let kind = "llm-code:refine=2,url=\(server.baseURL.absoluteString),model=fake,cache=none,retries=0"
    XCTAssertEqual(try RewardSpec(parsing: kind).description, kind)
    let reward = try XCTUnwrap(
      try RewardSpec(parsing: kind).makeReward(for: RewardContext(spec: spec, environmentCount: 2)) as? CodeReward)
    XCTAssertEqual(reward.program.code, "function reward(obs) return obs.direction / 6 end")
    let questions = LLMRewardFixtures.questions(server)
    XCTAssertEqual(questions.count, 3)
    let reflection = try XCTUnwrap((questions[1].json?["messages"] as? [[String: Any]])?.last?["content"] as? String)
    XCTAssertTrue(reflection.contains("4096 steps of training on your reward: "), reflection)
    XCTAssertTrue(reflection.contains("correlation of the reward with the true task progress"), reflection)
    XCTAssertThrowsError(try RewardSpec(parsing: "llm-code:refine=9")) {
      XCTAssertTrue("\($0)".contains("refine must be a whole number from 0 to 5"), "\($0)")
    }
    XCTAssertThrowsError(try RewardSpec(parsing: "llm-code:scripted,refine=1")) {
      XCTAssertTrue("\($0)".contains("asks no LLM"), "\($0)")
    }
  }
}
