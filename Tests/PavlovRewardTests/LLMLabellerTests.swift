import FakeLLMServer
import Foundation
import PavlovLLM
import XCTest
@testable import PavlovReward

/// The LLM judge against a fake OpenAI-compatible server on 127.0.0.1.
final class LLMLabellerTests: XCTestCase {
  private let pair = LabellingPair(
    id: 1, first: PairSide(observationID: 1, caption: "You see a key.", progress: 0, episodeReturn: 0),
    second: PairSide(observationID: 2, caption: "You carry a key.", progress: 0.3, episodeReturn: 0),
    goal: "open the door and get to the goal")

  private func labeller(_ server: FakeLLMServer, bothOrders: Bool = false, logprobs: Bool = true) throws -> LLMLabeller {
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model")
    configuration.maxRetries = 1
    configuration.initialBackoff = 0.01
    return LLMLabeller(client: try LLMClient(configuration: configuration),
                       prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-8x8-v0"), bothOrders: bothOrders,
                       usesLogprobs: logprobs)
  }

  private static func digitLogprobs(_ p1: Double) -> [[String: Any]] {
    [
      ["token": "(\"best_description\":", "logprob": -0.01, "top_logprobs": [] as [Any]],
      ["token": " \(p1 >= 0.5 ? 1 : 2)", "logprob": log(max(p1, 1 - p1)),
       "top_logprobs": [["token": " 1", "logprob": log(p1)], ["token": " 2", "logprob": log(1 - p1)]]],
      ["token": ")", "logprob": -0.01, "top_logprobs": [] as [Any]],
    ]
  }

  func testLogprobsGiveASoftPreferenceWithProvenance() async throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.chatAnswer("(\"best_description\": 2)", logprobs: Self.digitLogprobs(0.2), promptTokens: 90,
                               completionTokens: 7)
    }
    defer { server.stop() }
    let judge = try labeller(server)
    let label = await judge.label(pair)
    XCTAssertEqual(label.status, .preferred)
    XCTAssertEqual(try XCTUnwrap(label.preference), 0.2, accuracy: 1e-9)
    XCTAssertEqual(label.model, "fake-model")
    XCTAssertEqual(label.promptVersion, "motif-v1")
    XCTAssertEqual(label.promptTokens, 90)
    XCTAssertFalse(label.isSimulated)
    XCTAssertTrue(label.rawAnswer.contains("best_description"))
    XCTAssertEqual(judge.name, "llm:fake-model:motif-v1")
    let sent = try XCTUnwrap(server.requests.first?.json?["messages"] as? [[String: String]])
    XCTAssertTrue(sent[1]["content"]!.contains("You carry a key."))
  }

  func testBothOrdersCancelAPositionBias() async throws {
    // A judge that always says "1" gives no preference once both orders are averaged.
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"best_description\": 1)") }
    defer { server.stop() }
    let label = await (try labeller(server, bothOrders: true, logprobs: false)).label(pair)
    XCTAssertEqual(server.requests.count, 2)
    let second = try XCTUnwrap(server.requests.last?.json?["messages"] as? [[String: String]])
    XCTAssertTrue(second[1]["content"]!.contains("{\"description_1\":\n\"You carry a key.\"}"), "the order was not swapped")
    XCTAssertEqual(label.preference, 0.5)
    XCTAssertEqual(label.status, .tie)
  }

  func testUnparseableAnswersAreRetriedOnceThenRecordedNotGuessed() async throws {
    let server = try FakeLLMServer { request, _ in
      let turns = (request.json?["messages"] as? [Any])?.count ?? 0
      return FakeLLMServer.chatAnswer(turns > 2 ? "I really cannot tell." : "Both look fine to me.")
    }
    defer { server.stop() }
    let label = await (try labeller(server)).label(pair)
    XCTAssertEqual(server.requests.count, 2, "one retry prompt")
    let retry = try XCTUnwrap(server.requests.last?.json?["messages"] as? [[String: String]])
    XCTAssertEqual(retry.last?["content"], PreferencePrompt.retryMessage)
    XCTAssertEqual(label.status, .unparseable)
    XCTAssertNil(label.preference)
    XCTAssertTrue(label.rawAnswer.contains("I really cannot tell."))

    let fixedByRetry = try FakeLLMServer { request, _ in
      let turns = (request.json?["messages"] as? [Any])?.count ?? 0
      return FakeLLMServer.chatAnswer(turns > 2 ? "(\"best_description\": None)" : "Hmm.")
    }
    defer { fixedByRetry.stop() }
    let tie = await (try labeller(fixedByRetry)).label(pair)
    XCTAssertEqual(tie.status, .tie)
    XCTAssertEqual(tie.preference, 0.5)
  }

  func testServerFaultsBecomeFailedLabelsAndNothingCrashes() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.Response(status: 503, body: Data("overloaded".utf8)) }
    defer { server.stop() }
    let label = await (try labeller(server)).label(pair)
    XCTAssertEqual(label.status, .failed)
    XCTAssertNil(label.preference)
    XCTAssertTrue(label.rawAnswer.contains("HTTP 503"), label.rawAnswer)
    XCTAssertEqual(server.requests.count, 2)  // one try, one retry
  }
}

final class LLMLabellerCompletionModeTests: XCTestCase {
  func testCompletionModeReadsTheNextTokenAndItsLogprobs() async throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.Response(json: [
        "model": "fake-model",
        "choices": [[
          "text": " 2)", "index": 0,
          "logprobs": ["tokens": [" 2", ")"], "token_logprobs": [log(0.6), -0.1],
                       "top_logprobs": [[" 2": log(0.6), " 1": log(0.3)], [")": -0.1]]],
        ]],
        "usage": ["prompt_tokens": 80, "completion_tokens": 2],
      ])
    }
    defer { server.stop() }
    let client = try LLMClient(configuration: LLMConfiguration(baseURL: server.baseURL, model: "fake-model"))
    let judge = LLMLabeller(client: client, prompt: PreferencePrompt(environment: "X"), mode: .completion)
    let pair = LabellingPair(id: 1, first: PairSide(observationID: 1, caption: "a", progress: 0, episodeReturn: 0),
                             second: PairSide(observationID: 2, caption: "b", progress: 0, episodeReturn: 0), goal: "g")
    let label = await judge.label(pair)
    XCTAssertEqual(label.status, .preferred)
    XCTAssertEqual(try XCTUnwrap(label.preference), 1.0 / 3.0, accuracy: 1e-9)
    XCTAssertEqual(label.promptVersion, "motif-v1-completion")
    XCTAssertEqual(judge.name, "llm:fake-model:motif-v1-completion")
    let request = try XCTUnwrap(server.requests.first)
    XCTAssertEqual(request.path, "/v1/completions")
    XCTAssertTrue((request.json?["prompt"] as? String)?.hasSuffix("Answer: (\"best_description\":") == true)
    XCTAssertEqual(request.json?["max_tokens"] as? Int, 2)
  }
}
