import FakeLLMServer
import Foundation
import PavlovAgent
import PavlovLLM
import XCTest

/// The episode loop against a scripted local server: requests per live env per step, the
/// memory of identical prompts and the persistent cache, fallbacks, the bounded Wordle retry,
/// plan and refinement calls, and the bound on requests in flight.
final class LLMPolicyTests: XCTestCase {
  private func client(_ server: FakeLLMServer, concurrency: Int = 4, cache: String? = nil) throws -> LLMClient {
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model")
    configuration.maxRetries = 0
    configuration.maxConcurrentRequests = concurrency
    configuration.parameterCount = 1e6
    configuration.cachePath = cache
    return try LLMClient(configuration: configuration)
  }

  private func options(episodes: Int, steps: Int, configure: (inout ActOptions) -> Void = { _ in }) -> ActOptions {
    var options = ActOptions()
    options.episodes = episodes
    options.maxEpisodeSteps = steps
    configure(&options)
    return options
  }

  /// The last user message of a request.
  private func lastUser(_ request: FakeLLMServer.Request) -> String {
    let messages = request.json?["messages"] as? [[String: Any]] ?? []
    return messages.last { $0["role"] as? String == "user" }?["content"] as? String ?? ""
  }

  private func run(_ id: String, _ options: ActOptions, _ client: LLMClient) async throws -> ActReport {
    try await LLMPolicy(environmentID: id, options: options, policy: .llm(client)).run()
  }

  func testOneRequestPerLiveEnvPerStepAndIdenticalPromptsAskedOnce() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: left", promptTokens: 100, completionTokens: 3) }
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("act-cache-\(UUID().uuidString).sqlite").path
    defer { try? FileManager.default.removeItem(atPath: cache) }
    // Every Empty-5x5 env starts in the same place facing the same way: three identical prompts a step.
    let report = try await run("MiniGrid-Empty-5x5-v0", options(episodes: 3, steps: 2), client(server, cache: cache))
    XCTAssertEqual(report.decisions, 6)
    XCTAssertEqual(report.llmCalls, 6)
    XCTAssertEqual(server.requests.count, 2, "one request per distinct prompt")
    XCTAssertEqual(report.repeatedPrompts, 4)
    XCTAssertEqual(report.fallbacks, 0)
    XCTAssertEqual(report.meanLength, 2)
    XCTAssertEqual(report.usage?.promptTokens, 200)
    XCTAssertEqual(report.usage?.estimatedFLOPs, 2 * 1e6 * 206)
    XCTAssertFalse(report.simulated)

    // A second run asks nothing: the persistent cache answers.
    let again = try await run("MiniGrid-Empty-5x5-v0", options(episodes: 3, steps: 2), client(server, cache: cache))
    XCTAssertEqual(server.requests.count, 2)
    XCTAssertEqual(again.usage?.cacheHits, 2)
    XCTAssertEqual(again.usage?.totalTokens, 0)
  }

  func testUnparseableAnswersTakeTheNamedFallbackAndAreCounted() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("I am not sure what to do here.") }
    let report = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 2, steps: 3), client(server))
    XCTAssertEqual(report.decisions, 6)
    XCTAssertEqual(report.fallbacks, 6)
    XCTAssertEqual(report.fallbackAction, "left")
    XCTAssertEqual(report.fallbackReasons.count, 5)
    XCTAssertTrue(report.fallbackReasons[0].contains("names no action"), report.fallbackReasons[0])
    XCTAssertTrue(report.summary.contains("fallbacks 6 (fallback action: left)"), report.summary)
  }

  func testAServerThatFailsEveryRequestOfAStepStopsTheRun() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.Response(status: 500, body: Data("overloaded".utf8)) }
    do {
      _ = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 2, steps: 50), client(server))
      XCTFail("a run against a failing server must stop")
    } catch let error as AgentError {
      XCTAssertTrue(error.description.hasPrefix("every request of step 1 failed, so the run stops: "), error.description)
      XCTAssertTrue(error.description.contains("500"), error.description)
    }
    XCTAssertEqual(server.requests.count, 2, "one step, one request per env")
  }

  func testAFailedRequestAmongAnswersTakesTheFallback() async throws {
    let server = try FakeLLMServer { _, index in
      index == 0 ? FakeLLMServer.Response(status: 500, body: Data()) : FakeLLMServer.chatAnswer("Action: right")
    }
    let report = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 2, steps: 1), client(server, concurrency: 1))
    XCTAssertEqual(report.fallbacks, 1)
    XCTAssertTrue(report.fallbackReasons[0].contains("request failed"), report.fallbackReasons[0])
    XCTAssertEqual(report.usage?.failures, 1)
  }

  func testIllegalWordleWordIsSentBackABoundedNumberOfTimes() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: zzzzz") }
    let report = try await run("Wordle-Answers-v0", options(episodes: 1, steps: 1) { $0.illegalRetries = 2 }, client(server))
    XCTAssertEqual(server.requests.count, 3, "the first answer and two retries")
    XCTAssertEqual(report.illegalRetries, 2)
    XCTAssertEqual(report.fallbacks, 1)
    XCTAssertTrue(lastUser(server.requests[1]).hasPrefix("That is not a legal action: 'zzzzz' is not in the list"))
    XCTAssertTrue(report.fallbackReasons[0].contains("still illegal after 2 retries"), report.fallbackReasons[0])
  }

  func testIllegalWordleWordThenALegalOne() async throws {
    let server = try FakeLLMServer { _, index in FakeLLMServer.chatAnswer(index == 0 ? "Action: qqqqq" : "Action: crane") }
    let report = try await run("Wordle-Answers-v0", options(episodes: 1, steps: 1), client(server))
    XCTAssertEqual(server.requests.count, 2)
    XCTAssertEqual(report.illegalRetries, 1)
    XCTAssertEqual(report.fallbacks, 0)
    XCTAssertEqual(report.decisions, 1)
  }

  func testPlanIsAskedOnceAndShownAtEveryStepAndHistoryIsBounded() async throws {
    let server = try FakeLLMServer { request, _ in
      let messages = request.json?["messages"] as? [[String: Any]] ?? []
      let user = messages.last?["content"] as? String ?? ""
      return FakeLLMServer.chatAnswer(user.hasSuffix("Do not choose an action yet.") ? "1. Walk to the goal." : "Action: left")
    }
    let report = try await run("MiniGrid-DoorKey-5x5-v0",
                               options(episodes: 1, steps: 4) { $0.plan = true; $0.history = 2 }, client(server))
    XCTAssertEqual(report.llmCalls, 5, "one plan and four actions")
    let steps = server.requests.dropFirst().map(lastUser)
    // Turning changes every view, so no two step prompts are the same (the same one would be asked once).
    guard steps.count == 4 else { return XCTFail("\(steps.count) step requests") }
    XCTAssertTrue(steps.allSatisfy { $0.contains("Your plan for this episode:\n1. Walk to the goal.") })
    XCTAssertFalse(steps[0].contains("Your last"))
    XCTAssertTrue(steps[1].contains("Your last 1 steps"))
    XCTAssertTrue(steps[3].contains("Your last 2 steps"), "history is capped at 2")
  }

  func testRefineCritiquesThenActs() async throws {
    let server = try FakeLLMServer { request, _ in
      let user = (request.json?["messages"] as? [[String: Any]])?.last?["content"] as? String ?? ""
      return FakeLLMServer.chatAnswer(user.hasPrefix("Review your answer") ? "Turning left wastes a step." : "Action: right")
    }
    let report = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 1, steps: 1) { $0.refine = true }, client(server))
    XCTAssertEqual(server.requests.count, 3)
    XCTAssertEqual(report.llmCalls, 3)
    XCTAssertEqual(lastUser(server.requests[1]), ActPrompt.critiqueRequest)
    let final = server.requests[2].json?["messages"] as? [[String: Any]] ?? []
    XCTAssertEqual(final.map { $0["role"] as? String }, ["system", "user", "assistant", "user", "assistant", "user"])
  }

  func testRequestsInFlightAreBoundedByTheClient() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.Response(json: [
      "model": "fake-model", "usage": ["prompt_tokens": 1, "completion_tokens": 1],
      "choices": [["index": 0, "message": ["role": "assistant", "content": "Action: done"], "finish_reason": "stop"]],
    ], delay: 0.2) }
    let report = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 6, steps: 1), client(server, concurrency: 2))
    XCTAssertEqual(server.requests.count, 6)
    XCTAssertEqual(report.decisions, 6)
    XCTAssertLessThanOrEqual(server.peakConcurrency, 2)
  }

  func testArmAnswersAreClippedOrReplaced() async throws {
    let server = try FakeLLMServer { _, index in FakeLLMServer.chatAnswer(index == 0 ? "Action: 2, -3, 0.5, 0" : "Action: nan, 0, 0, 0") }
    let report = try await run("arm/reach", options(episodes: 1, steps: 2), client(server, concurrency: 1))
    XCTAssertEqual(report.decisions, 2)
    XCTAssertEqual(report.clippedActions, 1)
    XCTAssertEqual(report.fallbacks, 1)
    XCTAssertEqual(report.fallbackAction, "0.00, 0.00, 0.00, 0.00")
  }

  func testExamplesComeFromTheScriptedExpert() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: 0, 0, 0, 0") }
    _ = try await run("arm/reach", options(episodes: 1, steps: 1) { $0.examples = 2; $0.maxEpisodeSteps = 20 }, client(server))
    let prompt = lastUser(server.requests[0])
    XCTAssertTrue(prompt.contains("Example episodes of a scripted expert"), prompt)
    XCTAssertTrue(prompt.contains("Example 2 ("), prompt)

    // Discrete families: the grid planner's and the Wordle solver's actions, by name.
    let grid = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: forward") }
    _ = try await run("MiniGrid-DoorKey-5x5-v0", options(episodes: 1, steps: 40) { $0.examples = 1 }, client(grid))
    let gridPrompt = lastUser(grid.requests[0])
    XCTAssertTrue(gridPrompt.contains("Example 1 (solved in "), gridPrompt)
    XCTAssertTrue(gridPrompt.contains("-> Action: pickup"), gridPrompt)
    XCTAssertTrue(gridPrompt.contains("-> Action: toggle"), gridPrompt)

    let wordle = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Action: crane") }
    _ = try await run("Wordle-Answers-v0", options(episodes: 1, steps: 6) { $0.examples = 2 }, client(wordle))
    let wordlePrompt = lastUser(wordle.requests[0])
    XCTAssertTrue(wordlePrompt.contains("Example 2 (solved in "), wordlePrompt)
  }

  func testScriptedStandInIsLabelledSimulated() async throws {
    let report = try await LLMPolicy(environmentID: "arm/reach", options: options(episodes: 2, steps: 200),
                                     policy: .scriptedExpert).run()
    XCTAssertTrue(report.simulated)
    XCTAssertEqual(report.llmCalls, 0)
    XCTAssertNil(report.usage)
    XCTAssertEqual(report.successes, 2)
    XCTAssertEqual(report.successRate, 1)
    XCTAssertTrue(report.summary.contains("SIMULATED"))
    // The web tasks' experts are discrete: their actions go through by name.
    let web = try await LLMPolicy(environmentID: "MiniWob-click-tab-2-v0", options: options(episodes: 3, steps: 8),
                                  policy: .scriptedExpert).run()
    XCTAssertEqual(web.successes, 3)
    for id in ["MiniGrid-DoorKey-8x8-v0", "Wordle-Answers-v0"] {
      var o = ActOptions()
      o.episodes = 20
      let played = try await LLMPolicy(environmentID: id, options: o, policy: .scriptedExpert).run()
      XCTAssertTrue(played.simulated, id)
      XCTAssertEqual(played.successRate, 1, id)
      XCTAssertEqual(played.fallbacks, 0, id)
      // The rate travels in the JSON report.
      let json = String(decoding: try JSONEncoder().encode(played), as: UTF8.self)
      XCTAssertTrue(json.contains("\"successRate\":1"), json)
    }
  }

  func testBadOptionsAreRefusedWithWhatIsAllowed() async throws {
    for (configure, expected) in [
      ({ (o: inout ActOptions) in o.episodes = 0 }, "episodes must be from 1 to 1024; got 0"),
      ({ (o: inout ActOptions) in o.history = -1 }, "history must be from 0 to 50; got -1"),
      ({ (o: inout ActOptions) in o.maxEpisodeSteps = 0 }, "max-steps must be 1 or more; got 0"),
      ({ (o: inout ActOptions) in o.temperature = .nan }, "temperature must be 0 or more; got nan"),
    ] {
      var options = ActOptions()
      configure(&options)
      XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? AgentError)?.description, expected) }
    }
  }
}
