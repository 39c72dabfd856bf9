import Foundation
import PavlovAgent
import PavlovLLM
import XCTest

/// The real local model (llama.cpp's server with SmolLM2-135M-Instruct, installed into .llm/ by
/// scripts/llm_setup.sh, or the folder $PAVLOV_LLM_DIR names) acts for a couple of steps in each
/// family. Skipped, with the reason printed, when it is not installed. A 135M model is no
/// useful policy: this checks the plumbing (prompt, server, parsing, fallbacks, accounting).
final class LocalModelActTests: XCTestCase {
  private static var llmDirectory: URL {
    if let custom = ProcessInfo.processInfo.environment["PAVLOV_LLM_DIR"] { return URL(fileURLWithPath: custom) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".llm")
  }

  func testLocalModelActsInEachFamily() async throws {
    let port = 20_000 + Int(getpid() % 2000)
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
    let ready = await server.waitUntilReady(seconds: 180, pid: pid)
    XCTAssertTrue(ready, "llama-server did not answer within 180 s")
    guard ready else { return }
    var configuration = LLMConfiguration(baseURL: server.url, model: LLMConfiguration.defaultModel)
    configuration.timeout = 120
    configuration.maxRetries = 2
    configuration.maxConcurrentRequests = 2

    for (id, episodes, steps, chainOfThought) in [
      ("MiniGrid-DoorKey-5x5-v0", 2, 2, false), ("Wordle-Answers-v0", 1, 1, false), ("arm/reach", 1, 2, false),
      ("MiniGrid-DoorKey-5x5-v0", 1, 1, true),
    ] {
      let client = try LLMClient(configuration: configuration)
      await client.setParameterCount(await client.serverParameterCount())
      var options = ActOptions()
      options.episodes = episodes
      options.maxEpisodeSteps = steps
      options.chainOfThought = chainOfThought
      options.illegalRetries = 1
      let report = try await LLMPolicy(environmentID: id, options: options, policy: .llm(client)).run()
      XCTAssertEqual(report.decisions, episodes * steps, id)
      XCTAssertGreaterThanOrEqual(report.llmCalls, report.decisions, id)
      XCTAssertEqual(report.usage?.failures, 0, "\(id): \(report.fallbackReasons)")
      XCTAssertGreaterThan(report.usage?.promptTokens ?? 0, 50 * report.decisions, id)
      XCTAssertNotNil(report.usage?.estimatedFLOPs, "llama.cpp's /v1/models gives meta.n_params")
      print("local model, \(id)\(chainOfThought ? " (cot)" : ""): " + report.summary.replacingOccurrences(of: "\n", with: " | "))
    }
  }
}
