import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-code` through the real local model (SmolLM2-135M-Instruct in llama.cpp's server, as
/// LocalModelLLMRewardTests starts it): the whole loop (prompt, extraction, critic, feedback)
/// with a real LLM. Skipped when the model is not installed. A 135M model rarely writes a
/// program the critic accepts; either outcome is allowed, a crash or a silent failure is not,
/// and the rounds are printed for docs/llm-rewards.md.
final class LocalModelCodeRewardTests: XCTestCase {
  private static var llmDirectory: URL {
    if let custom = ProcessInfo.processInfo.environment["PAVLOV_LLM_DIR"] { return URL(fileURLWithPath: custom) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".llm")
  }

  func testRealLocalServerWritesAndTheCriticJudgesARewardProgram() throws {
    let port = 22_000 + Int(getpid() % 2000)
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
      return XCTFail("llama-server did not answer within 180 s")
    }
    let spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    var configuration = LLMConfiguration(baseURL: server.url, model: LLMConfiguration.defaultModel)
    configuration.maxRetries = 1
    let client = try LLMClient(configuration: configuration)
    let author = CodeRewardAuthor(
      client: client, prompt: CodeRewardPrompt(), goal: "get to the green goal square", spec: spec,
      limits: SandboxLimits(), samples: try RewardSamples(spec: spec), rounds: 2, exampleCount: 1, maxTokens: 300)
    let start = Date()
    let result = waitFor { () -> Result<CodeRewardAuthor.Outcome, LLMError> in
      do { return .success(try await author.write()) } catch let error as LLMError { return .failure(error) } catch {
        return .failure(.malformedResponse("\(error)"))
      }
    }
    let outcome = try result.get()
    let seconds = Date().timeIntervalSince(start)
    XCTAssertFalse(outcome.rounds.isEmpty)
    XCTAssertLessThanOrEqual(outcome.rounds.count, 2)
    for (i, round) in outcome.rounds.enumerated() {
      print("llm-code round \(i + 1): \(round.problem.map { "rejected: \($0)" } ?? "accepted")\n\(round.answer.prefix(600))")
      if i < outcome.rounds.count - 1 { XCTAssertNotNil(round.problem, "only the last round may be accepted") }
    }
    if let code = outcome.code {
      let reward = CodeReward(name: "llm-code (SmolLM2-135M)", program: try RewardProgram(code: code, spec: spec))
      let metrics = try LLMRewardFixtures.tinyRun(reward, iterations: 2)
      XCTAssertEqual(metrics.last?.globalStep, 256)
      print(reward.summary)
    } else {
      XCTAssertNotNil(outcome.rounds.last?.problem)
    }
    let usage = waitFor { await client.usage() }
    print(String(format: "llm-code (SmolLM2-135M, 1 thread): %d rounds in %.1f s, %@; ", outcome.rounds.count, seconds,
                 outcome.code == nil ? "no program accepted" : "a program accepted") + usage.summary)
  }
}
