import FakeLLMServer
import Foundation
import XCTest
@testable import PavlovLLM

/// The client against a fake OpenAI-compatible server on 127.0.0.1 (never the network).
final class LLMClientTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-llm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func client(_ server: FakeLLMServer, key: String? = nil, cache: Bool = false, retries: Int = 3,
                      timeout: Double = 10, concurrency: Int = 4) throws -> LLMClient {
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model", apiKey: key.map(Secret.init))
    configuration.maxRetries = retries
    configuration.initialBackoff = 0.01
    configuration.timeout = timeout
    configuration.maxConcurrentRequests = concurrency
    configuration.cachePath = cache ? directory.appendingPathComponent("cache.db").path : nil
    return try LLMClient(configuration: configuration)
  }

  func testChatSendsModelMessagesAndKeyAndCountsTokens() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("hello", promptTokens: 12, completionTokens: 3) }
    defer { server.stop() }
    let llm = try client(server, key: "sk-test-SECRET")
    let answer = try await llm.chat([ChatMessage(.system, "be brief"), ChatMessage(.user, "hi")])
    XCTAssertEqual(answer.text, "hello")
    XCTAssertEqual(answer.model, "fake-model")
    XCTAssertFalse(answer.fromCache)
    let request = try XCTUnwrap(server.requests.first)
    XCTAssertEqual(request.path, "/v1/chat/completions")
    XCTAssertEqual(request.headers["authorization"], "Bearer sk-test-SECRET")
    XCTAssertEqual(request.json?["model"] as? String, "fake-model")
    XCTAssertEqual((request.json?["messages"] as? [[String: String]])?.last?["content"], "hi")
    var usage = await llm.usage()
    XCTAssertEqual(usage.promptTokens, 12)
    XCTAssertEqual(usage.completionTokens, 3)
    XCTAssertEqual(usage.requests, 1)
    await llm.setParameterCount(1e6)
    usage = await llm.usage()
    XCTAssertEqual(usage.estimatedFLOPs, 2 * 1e6 * 15)
  }

  func testPersistentCacheAnswersARerunWithoutARequestAndNeverHoldsTheKey() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("cached answer") }
    defer { server.stop() }
    let messages = [ChatMessage(.user, "which is better?")]
    let first = try await client(server, key: "sk-NEVER-ON-DISK", cache: true).chat(messages)
    // A new client (a rerun) with the same cache file: no request, same answer.
    let rerun = try client(server, key: "sk-NEVER-ON-DISK", cache: true)
    let second = try await rerun.chat(messages)
    XCTAssertEqual(server.requests.count, 1)
    XCTAssertEqual(second.text, first.text)
    XCTAssertTrue(second.fromCache)
    let rerunUsage = await rerun.usage()
    XCTAssertEqual(rerunUsage.cacheHits, 1)
    XCTAssertEqual(rerunUsage.promptTokens, 0, "a cached answer costs nothing")
    // Other sampling parameters are another key.
    _ = try await rerun.chat(messages, parameters: SamplingParameters(temperature: 0.7))
    XCTAssertEqual(server.requests.count, 2)
    // The key is in no file this client wrote (cache, WAL, journal).
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
      let bytes = try Data(contentsOf: directory.appendingPathComponent(name))
      XCTAssertNil(bytes.range(of: Data("sk-NEVER-ON-DISK".utf8)), "the API key was written to \(name)")
    }
    XCTAssertFalse("\(rerun.configuration)".contains("NEVER"))
    XCTAssertFalse(String(reflecting: rerun.configuration.apiKey!).contains("NEVER"))
  }

  func testRetriesOn429And5xxThenSucceeds() async throws {
    let server = try FakeLLMServer { _, index in
      switch index {
      case 0: return FakeLLMServer.Response(status: 429, body: Data("slow down".utf8), headers: ["Retry-After": "0"])
      case 1: return FakeLLMServer.Response(status: 503, body: Data("busy".utf8))
      case 2: return FakeLLMServer.Response(drop: true)
      default: return FakeLLMServer.chatAnswer("finally")
      }
    }
    defer { server.stop() }
    let llm = try client(server)
    let answer = try await llm.chat([ChatMessage(.user, "x")])
    XCTAssertEqual(answer.text, "finally")
    let usage = await llm.usage()
    XCTAssertEqual(usage.requests, 4)
    XCTAssertEqual(usage.retries, 3)
    XCTAssertEqual(usage.failures, 0)
  }

  func testClientErrorsAreNotRetriedAndPersistentFailuresAreReported() async throws {
    let server = try FakeLLMServer { request, _ in
      request.path.hasSuffix("completions") && request.json?["max_tokens"] as? Int == 1
        ? FakeLLMServer.Response(status: 400, body: Data("bad request: max_tokens".utf8))
        : FakeLLMServer.Response(status: 500, body: Data("boom".utf8))
    }
    defer { server.stop() }
    let llm = try client(server, retries: 2)
    do {
      _ = try await llm.chat([ChatMessage(.user, "x")], parameters: SamplingParameters(maxTokens: 1))
      XCTFail("expected an HTTP error")
    } catch {
      XCTAssertEqual(error, .http(status: 400, body: "bad request: max_tokens"))
    }
    XCTAssertEqual(server.requests.count, 1)
    do {
      _ = try await llm.chat([ChatMessage(.user, "x")])
      XCTFail("expected an HTTP error")
    } catch {
      XCTAssertEqual(error, .http(status: 500, body: "boom"))
    }
    XCTAssertEqual(server.requests.count, 4)  // 1 + (1 try + 2 retries)
    let usage = await llm.usage()
    XCTAssertEqual(usage.failures, 2)
  }

  func testServerDownAndTimeoutsBecomeUnreachable() async throws {
    let slow = try FakeLLMServer { _, _ in FakeLLMServer.Response(json: ["choices": []], delay: 3) }
    defer { slow.stop() }
    let impatient = try client(slow, retries: 1, timeout: 1)
    do {
      _ = try await impatient.chat([ChatMessage(.user, "x")])
      XCTFail("expected a timeout")
    } catch {
      XCTAssertEqual(error, .unreachable("timed out (\(slow.baseURL.absoluteString)/chat/completions)"))
    }
    let down = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("never") }
    down.stop()
    let unlucky = try client(down, retries: 1)
    do {
      _ = try await unlucky.chat([ChatMessage(.user, "x")])
      XCTFail("expected a connection error")
    } catch {
      guard case .unreachable = error else { return XCTFail("\(error)") }
    }
  }

  func testMalformedBodiesAreReportedAndNotCached() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.Response(body: Data("{\"choices\": 7".utf8)) }
    defer { server.stop() }
    let llm = try client(server, cache: true)
    for _ in 0..<2 {
      do {
        _ = try await llm.chat([ChatMessage(.user, "x")])
        XCTFail("expected a malformed response")
      } catch {
        guard case .malformedResponse = error else { return XCTFail("\(error)") }
      }
    }
    XCTAssertEqual(server.requests.count, 2, "a malformed answer must not be cached")
  }

  func testBothLogprobShapesAreRead() async throws {
    let server = try FakeLLMServer { request, _ in
      if request.path.hasSuffix("/chat/completions") {
        return FakeLLMServer.chatAnswer("2", logprobs: [
          ["token": "2", "logprob": -0.1, "top_logprobs": [["token": "2", "logprob": -0.1], ["token": "1", "logprob": -2.4]]],
        ])
      }
      return FakeLLMServer.Response(json: [
        "model": "fake-model",
        "choices": [[
          "text": " 1", "index": 0,
          "logprobs": ["tokens": [" 1"], "token_logprobs": [-0.2], "top_logprobs": [[" 1": -0.2, " 2": -1.8]]],
        ]],
        "usage": ["prompt_tokens": 4, "completion_tokens": 1],
      ])
    }
    defer { server.stop() }
    let llm = try client(server)
    let chat = try await llm.chat([ChatMessage(.user, "x")], parameters: SamplingParameters(logprobs: true))
    XCTAssertEqual(chat.tokens?.first?.token, "2")
    XCTAssertEqual(chat.tokens?.first?.alternatives.map(\.token), ["2", "1"])
    XCTAssertEqual(server.requests.last?.json?["logprobs"] as? Bool, true)
    XCTAssertEqual(server.requests.last?.json?["top_logprobs"] as? Int, 5)
    let legacy = try await llm.complete(prompt: "x", parameters: SamplingParameters(logprobs: true))
    XCTAssertEqual(legacy.text, " 1")
    XCTAssertEqual(legacy.tokens?.first?.logprob, -0.2)
    XCTAssertEqual(legacy.tokens?.first?.alternatives.map(\.token), [" 1", " 2"])
    XCTAssertEqual(server.requests.last?.path, "/v1/completions")
    XCTAssertEqual(server.requests.last?.json?["logprobs"] as? Int, 5)
  }

  func testConcurrencyIsBounded() async throws {
    let server = try FakeLLMServer { _, _ in
      var answer = FakeLLMServer.chatAnswer("ok")
      answer.delay = 0.15
      return answer
    }
    defer { server.stop() }
    let llm = try client(server, concurrency: 2)
    try await withThrowingTaskGroup(of: String.self) { group in
      for i in 0..<8 { group.addTask { try await llm.chat([ChatMessage(.user, "\(i)")]).text } }
      for try await text in group { XCTAssertEqual(text, "ok") }
    }
    XCTAssertEqual(server.requests.count, 8)
    XCTAssertLessThanOrEqual(server.peakConcurrency, 2)
  }

  func testEmbeddingsComeBackInOrder() async throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.Response(json: [
        "data": [["index": 1, "embedding": [0.0, 1.0]], ["index": 0, "embedding": [1.0, 0.5]]],
        "usage": ["prompt_tokens": 6],
      ])
    }
    defer { server.stop() }
    let vectors = try await client(server).embed(["a", "b"])
    XCTAssertEqual(vectors, [[1, 0.5], [0, 1]])
    XCTAssertEqual(server.requests.first?.path, "/v1/embeddings")
  }

  func testConfigurationPrefersFlagsThenEnvironmentAndRejectsBadURLs() throws {
    let environment = ["PAVLOV_LLM_URL": "http://10.0.0.1:9/v1", "PAVLOV_LLM_MODEL": "env-model",
                       "PAVLOV_LLM_API_KEY": "sk-env"]
    let fromEnvironment = try LLMConfiguration.resolve(url: nil, model: nil, environment: environment)
    XCTAssertEqual(fromEnvironment.baseURL.absoluteString, "http://10.0.0.1:9/v1")
    XCTAssertEqual(fromEnvironment.model, "env-model")
    XCTAssertEqual(fromEnvironment.apiKey?.value, "sk-env")
    XCTAssertFalse(fromEnvironment.description.contains("sk-env"))
    let fromFlags = try LLMConfiguration.resolve(url: "https://api.example.org/v1", model: "m", environment: environment)
    XCTAssertEqual(fromFlags.baseURL.host, "api.example.org")
    XCTAssertEqual(try LLMConfiguration.resolve(url: nil, model: nil, environment: [:]).baseURL.absoluteString,
                   LLMConfiguration.defaultURL)
    XCTAssertThrowsError(try LLMConfiguration.resolve(url: "ftp://x", model: nil, environment: [:])) {
      XCTAssertTrue("\($0)".contains("not an http(s) URL"), "\($0)")
    }
  }
}
