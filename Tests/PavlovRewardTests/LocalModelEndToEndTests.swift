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
    let binary = Self.llmDirectory.appendingPathComponent("bin/llama-server").path
    let model = Self.llmDirectory.appendingPathComponent("models/smollm2-135m-instruct.gguf").path
    guard FileManager.default.isExecutableFile(atPath: binary), FileManager.default.fileExists(atPath: model) else {
      let reason = "the local model is not installed (\(binary)); run `bash scripts/llm_setup.sh` to test it end to end"
      print("skipped: \(reason)")
      throw XCTSkip(reason)
    }
    let port = 18_000 + Int(getpid() % 2000)
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-e2e-\(port).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: binary)
    server.arguments = ["-m", model, "--host", "127.0.0.1", "--port", "\(port)", "-t", "2", "-c", "2048",
                        "--alias", LLMConfiguration.defaultModel, "--no-webui"]
    let output = try FileHandle(forWritingTo: log)
    server.standardOutput = output
    server.standardError = output
    try server.run()
    defer {
      server.terminate()
      server.waitUntilExit()
      try? FileManager.default.removeItem(at: log)
    }

    var configuration = LLMConfiguration(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!,
                                         model: LLMConfiguration.defaultModel)
    configuration.maxRetries = 0
    configuration.timeout = 60
    let probe = try LLMClient(configuration: configuration)
    let start = Date()
    var ready = false
    while Date().timeIntervalSince(start) < 120, server.isRunning {
      if (try? await probe.chat([ChatMessage(.user, "Say OK.")], parameters: SamplingParameters(maxTokens: 2))) != nil {
        ready = true
        break
      }
      try await Task.sleep(nanoseconds: 250_000_000)
    }
    let serverLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    XCTAssertTrue(ready, "llama-server did not answer within 120 s:\n\(serverLog.suffix(2000))")
    guard ready else { return }
    print(String(format: "llama-server ready (warmed up) after %.1f s", Date().timeIntervalSince(start)))

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try LabelStore(path: directory.appendingPathComponent("labels.db").path)
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-5x5-v0", environmentCount: 4, seed: 1)
      .collectRandom(steps: 400, into: store)
    try store.createPairs(upTo: 4, seed: 2)

    configuration.maxRetries = 2
    let client = try LLMClient(configuration: configuration)
    let parameters = await client.serverParameterCount()
    XCTAssertNotNil(parameters, "llama.cpp's /v1/models should give meta.n_params")
    await client.setParameterCount(parameters)
    let judge = LLMLabeller(client: client, prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-5x5-v0"),
                            bothOrders: true, usesLogprobs: true)
    let pairs = try store.unlabelledPairs(labeller: judge.name, within: 4, limit: 4)
    XCTAssertEqual(pairs.count, 4)
    let labelling = Date()
    for pair in pairs {
      let label = await judge.label(pair)
      XCTAssertNotEqual(label.status, .failed, label.rawAnswer)
      XCTAssertGreaterThan(label.promptTokens, 50)
      XCTAssertFalse(label.rawAnswer.isEmpty)
      XCTAssertEqual(label.promptVersion, "motif-v1")
      if let p = label.preference { XCTAssertTrue((0...1).contains(p)) }
      try store.record([(pair.id, label)])
    }
    let seconds = Date().timeIntervalSince(labelling)
    let counts = try store.labelCounts(labeller: judge.name)
    XCTAssertEqual(counts.values.reduce(0, +), 4)
    let usage = await client.usage()
    print(String(format: "SmolLM2-135M via llama-server: 4 pairs (both orders) in %.2f s, %.2f labels/s; ", seconds,
                 4 / seconds) + "statuses \(counts.map { "\($0.key.rawValue)=\($0.value)" }.sorted()); \(usage.summary)")
  }
}
