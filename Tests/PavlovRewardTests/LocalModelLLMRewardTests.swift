import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-scalar` and `llm-embedding` through the real local model: llama.cpp's server with
/// SmolLM2-135M-Instruct (scripts/llm_setup.sh installs it in .llm/), started by the test on
/// 127.0.0.1 as `pavlov llm serve` starts it (chat and embeddings from one server), rewarding
/// a tiny PPO run. Skipped, with the reason printed, when the local model is not installed. A
/// 135M model's ratings and similarities carry little meaning: this checks the plumbing and
/// measures the cost (calls, tokens, seconds per distinct caption) for docs/llm-rewards.md.
final class LocalModelLLMRewardTests: XCTestCase {
  private static var llmDirectory: URL {
    if let custom = ProcessInfo.processInfo.environment["PAVLOV_LLM_DIR"] { return URL(fileURLWithPath: custom) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".llm")
  }

  /// Starts the server (the caller stops it) and returns its URL, or skips.
  private func startServer(portOffset: Int) throws -> (URL, Int32, String) {
    let port = 20_000 + Int(getpid() % 2000) + portOffset
    // One thread: on a loaded 2-core machine llama.cpp's threads wait on each other far longer than they compute.
    guard let server = LocalLlamaServer.installed(in: Self.llmDirectory, port: port, threads: 1) else {
      let reason = "the local model is not installed in \(Self.llmDirectory.path); run `bash scripts/llm_setup.sh` to test it end to end"
      print("skipped: \(reason)")
      throw XCTSkip(reason)
    }
    XCTAssertTrue(server.servesEmbeddings, "pavlov llm serve provides embeddings")
    let pid = try server.start()
    let ready = waitFor { await server.waitUntilReady(seconds: 180, pid: pid) }
    if !ready {
      let log = (try? String(contentsOfFile: server.logPath, encoding: .utf8)) ?? ""
      LocalLlamaServer.stop(pid: pid)
      XCTFail("llama-server did not answer within 180 s:\n\(log.suffix(2000))")
      throw XCTSkip("no server")
    }
    return (server.url, pid, server.logPath)
  }

  private func run(_ text: String) throws -> (CaptionValueReward, Double, Int) {
    let env = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    let reward = try XCTUnwrap(try RewardSpec(parsing: text).makeReward(for: RewardContext(spec: env, environmentCount: 8))
      as? CaptionValueReward)
    let start = Date()
    let metrics = try LLMRewardFixtures.tinyRun(reward, iterations: 2)
    return (reward, Date().timeIntervalSince(start), metrics.last?.globalStep ?? 0)
  }

  func testRealLocalServerRatesTheCaptionsOfATinyRun() throws {
    let (url, pid, log) = try startServer(portOffset: 0)
    defer {
      LocalLlamaServer.stop(pid: pid)
      try? FileManager.default.removeItem(atPath: log)
    }
    // The reward is called from the trainer's (this) thread, never from the cooperative pool.
    // Completion mode on a 1–9 scale: the rating is the next token, its logprobs give the expectation.
    let (reward, seconds, steps) = try run("llm-scalar:scale=9,mode=completion,cache=none,concurrency=2,url=\(url.absoluteString)")
    XCTAssertEqual(steps, 256)
    let s = reward.statistics
    XCTAssertGreaterThan(s.distinctCaptions, 1)
    XCTAssertEqual(s.failed, 0)
    for (caption, score) in reward.scores { XCTAssertTrue((0...1).contains(score), "\(caption): \(score)") }
    let usage = try XCTUnwrap(reward.usage())
    XCTAssertEqual(usage.requests, s.distinctCaptions, "one request per distinct caption")
    XCTAssertGreaterThan(usage.promptTokens, 50 * s.distinctCaptions)
    // Chat mode, one caption: the chat prompt, the retry if the answer does not parse; never a failure.
    var configuration = LLMConfiguration(baseURL: url, model: LLMConfiguration.defaultModel)
    configuration.maxRetries = 1
    let rater = LLMRater(client: try LLMClient(configuration: configuration),
                         prompt: RatingPrompt(environment: "MiniGrid-Empty-5x5-v0"), goal: "get to the green goal square")
    let chatScore = waitFor { await rater.score("You carry nothing. You see the green goal two steps ahead.") }
    if case .failed(let error) = chatScore { XCTFail("chat mode failed: \(error)") }
    let chatUsage = waitFor { await rater.client.usage() }
    print("llm-scalar chat mode, one caption: \(chatScore); \(chatUsage.summary)")
    print(String(format: "llm-scalar (SmolLM2-135M, completion, 1 thread): 256 steps in %.1f s, %d distinct captions "
                 + "(%d unparseable), %.2f s waited for ratings (%.3f s per caption); ", seconds, s.distinctCaptions,
                 s.unparseable, s.waitingSeconds, s.waitingSeconds / Double(s.distinctCaptions)) + usage.summary)
  }

  func testRealLocalServerEmbedsTheCaptionsOfATinyRun() throws {
    let (url, pid, log) = try startServer(portOffset: 1)
    defer {
      LocalLlamaServer.stop(pid: pid)
      try? FileManager.default.removeItem(atPath: log)
    }
    let (reward, seconds, steps) = try run("llm-embedding:threshold=0,count,cache=none,concurrency=2,url=\(url.absoluteString)")
    XCTAssertEqual(steps, 256)
    let s = reward.statistics
    XCTAssertGreaterThan(s.distinctCaptions, 1)
    XCTAssertEqual(s.failed + s.unparseable, 0)
    let usage = try XCTUnwrap(reward.usage())
    XCTAssertEqual(usage.requests, s.distinctCaptions + 1, "the goal, then one request per distinct caption")
    XCTAssertEqual(reward.scores.count, s.distinctCaptions)
    for (caption, score) in reward.scores { XCTAssertTrue((-1...1).contains(score), "\(caption): \(score)") }
    print(String(format: "llm-embedding (SmolLM2-135M, 1 thread): 256 steps in %.1f s, %d distinct captions, %.2f s "
                 + "waited for embeddings (%.3f s per caption); ", seconds, s.distinctCaptions, s.waitingSeconds,
                 s.waitingSeconds / Double(s.distinctCaptions)) + usage.summary)
  }
}
