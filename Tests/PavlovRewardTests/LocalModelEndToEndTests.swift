import Foundation
import PavlovLLM
import XCTest
@testable import PavlovReward

/// End to end through the real local model: llama.cpp's server with SmolLM2-135M-Instruct
/// (installed by scripts/llm_setup.sh into .llm/), started by this test on 127.0.0.1, labels
/// a handful of DoorKey pairs into a label store. Skipped, with the reason printed, when the
/// local model is not installed. A 135M model gives no useful preferences: this checks the
/// plumbing (prompt, server, parsing, logprobs, provenance, store), not label quality.
final class LocalModelEndToEndTests: XCTestCase {
  private static var llmDirectory: URL {
    if let custom = ProcessInfo.processInfo.environment["PAVLOV_LLM_DIR"] { return URL(fileURLWithPath: custom) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".llm")
  }

  func testRealLocalServerLabelsAHandfulOfPairs() async throws {
    let port = 18_000 + Int(getpid() % 2000)
    // One thread: on a loaded 2-core machine llama.cpp's threads wait on each other far longer than they compute.
    guard let server = LocalLlamaServer.installed(in: Self.llmDirectory, port: port, threads: 1) else {
      let reason = "the local model is not installed in \(Self.llmDirectory.path); run `bash scripts/llm_setup.sh` to test it end to end"
      print("skipped: \(reason)")
      throw XCTSkip(reason)
    }
    let start = Date()
    let pid = try server.start()
    defer {
      LocalLlamaServer.stop(pid: pid)
      try? FileManager.default.removeItem(atPath: server.logPath)
    }
    let ready = await server.waitUntilReady(seconds: 180, pid: pid)
    let serverLog = (try? String(contentsOfFile: server.logPath, encoding: .utf8)) ?? ""
    XCTAssertTrue(ready, "llama-server did not answer within 180 s:\n\(serverLog.suffix(2000))")
    guard ready else { return }
    print(String(format: "llama-server ready (warmed up) after %.1f s", Date().timeIntervalSince(start)))
    var configuration = LLMConfiguration(baseURL: server.url, model: LLMConfiguration.defaultModel)
    configuration.timeout = 120

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try LabelStore(path: directory.appendingPathComponent("labels.db").path, mode: .createIfMissing)
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-5x5-v0", environmentCount: 4, seed: 1)
      .collectRandom(steps: 400, into: store)
    try store.createPairs(upTo: 3, seed: 2)

    configuration.maxRetries = 2
    let client = try LLMClient(configuration: configuration)
    let parameters = await client.serverParameterCount()
    XCTAssertNotNil(parameters, "llama.cpp's /v1/models should give meta.n_params")
    await client.setParameterCount(parameters)
    // Completion mode: the answer is the next token, so even a 135M model answers and its
    // log-probabilities give soft labels; both orders cancel its position bias.
    let judge = LLMLabeller(client: client, prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-5x5-v0"),
                            mode: .completion, bothOrders: true, usesLogprobs: true)
    let pairs = try store.unlabelledPairs(labeller: judge.name, within: 3, limit: 3)
    XCTAssertEqual(pairs.count, 3)
    let labelling = Date()
    for pair in pairs {
      let label = await judge.label(pair)
      XCTAssertNotEqual(label.status, .failed, label.rawAnswer)
      XCTAssertGreaterThan(label.promptTokens, 50)
      XCTAssertEqual(label.promptVersion, "motif-v1-completion")
      if let p = label.preference { XCTAssertTrue((0...1).contains(p)) }
      try store.record([(pair.id, label)])
    }
    let seconds = Date().timeIntervalSince(labelling)
    let counts = try store.labelCounts(labeller: judge.name)
    XCTAssertEqual(counts.values.reduce(0, +), 3)
    let soft = try store.examples(labeller: judge.name).map(\.preference).filter { ![0, 0.5, 1].contains($0) }
    XCTAssertFalse(soft.isEmpty, "no label came from log-probabilities")

    // Chat mode, one pair: the chat prompt, and the retry prompt if the answer does not parse.
    let chat = LLMLabeller(client: client, prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-5x5-v0"))
    let chatLabel = await chat.label(pairs[0])
    XCTAssertNotEqual(chatLabel.status, .failed, chatLabel.rawAnswer)
    XCTAssertFalse(chatLabel.rawAnswer.isEmpty)

    let usage = await client.usage()
    print(String(format: "SmolLM2-135M via llama-server, completion mode: 3 pairs (both orders) in %.2f s, %.2f labels/s; ",
                 seconds, 3 / seconds) + "statuses \(counts.map { "\($0.key.rawValue)=\($0.value)" }.sorted()), "
          + "soft preferences \(soft.map { String(format: "%.3f", $0) }); chat mode: \(chatLabel.status.rawValue); \(usage.summary)")
  }
}
