import FakeLLMServer
import Foundation
import XCTest
@testable import PavlovStudy

/// A study whose methods use a language model (a fake OpenAI-compatible server here): nothing
/// is SIMULATED, calls and tokens are counted, LLM FLOPs are 2 × parameters × tokens, and a
/// method whose LLM fails is recorded with its reason while the others go on.
final class StudyLLMTests: XCTestCase {
  func testLLMMethodsCountTheirCostAndAFailedMethodIsRecordedNotFatal() throws {
    // Every answer is an action name: the policy acts, a rating does not parse (fallback), and
    // no reward program is ever written, so `code` fails with the author's reason.
    let server = try FakeLLMServer { request, _ in
      guard request.path.hasSuffix("/chat/completions") || request.path.hasSuffix("/completions") else {
        return .init(status: 404)
      }
      return FakeLLMServer.chatAnswer("Action: forward", promptTokens: 10, completionTokens: 5)
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("study-llm-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var plan = StudyPlan(environmentID: "MiniGrid-DoorKey-5x5-v0", methods: [.policy, .scalar, .code], seeds: 1, steps: 128,
                         llm: StudyLLM(url: server.baseURL.absoluteString, model: "fake", parameters: 1e6, cache: "none"))
    plan.numEnvs = 4
    plan.numSteps = 32
    plan.hiddenSize = 8
    plan.evaluationEpisodes = 2
    plan.policyMaxSteps = 3
    let study = try Study(plan: plan, directory: path)
    var failed: [StudyRunResult] = []
    XCTAssertEqual(try study.run(report: { if case .runFailed(let r) = $0 { failed.append(r) } }), .finished)

    let results = try study.results()
    let policy = try XCTUnwrap(results.runs.first { $0.method == .policy })
    XCTAssertFalse(policy.simulated)
    XCTAssertEqual(policy.source, "fake")
    XCTAssertEqual(policy.llmCalls, 6, "2 episodes × 3 steps, one request each")
    XCTAssertEqual(policy.tokens, 6 * 15)
    XCTAssertEqual(try XCTUnwrap(policy.llmFLOPs), 2 * 1e6 * Double(6 * 15), accuracy: 1e-3)
    XCTAssertEqual(policy.environmentSteps, 6)

    let scalar = try XCTUnwrap(results.runs.first { $0.method == .scalar })
    XCTAssertGreaterThan(scalar.llmCalls, 0)
    XCTAssertEqual(try XCTUnwrap(scalar.llmFLOPs), 2 * 1e6 * Double(scalar.tokens), accuracy: 1e-3)
    XCTAssertGreaterThan(scalar.learnerFLOPs, 0)

    XCTAssertEqual(failed.map(\.method), [.code])
    XCTAssertTrue(failed[0].failure?.contains("no program was accepted") == true, failed[0].failure ?? "")
    XCTAssertEqual(results.failedRuns, 1)
    let table = try String(contentsOf: study.tableURL, encoding: .utf8)
    XCTAssertTrue(table.contains("| code | fake | no finished run; 1 failed |"), table)
    XCTAssertTrue(table.contains("- code seed 1: "), table)
    XCTAssertFalse(table.contains("SIMULATED)"), table)
  }
}
