import FakeLLMServer
import Foundation
import XCTest
@testable import PavlovLLM

/// /embeddings through the client: the persistent cache, usage counted once, answers checked.
final class EmbeddingsTests: XCTestCase {
  private func scratchCache() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-emb-\(UUID().uuidString).sqlite").path
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
  }

  func testEmbeddingsAreCachedAndTheirTokensCountedOnlyWhenAsked() async throws {
    let server = try FakeLLMServer { request, _ in
      XCTAssertEqual(request.path, "/v1/embeddings")
      return FakeLLMServer.embeddingAnswer([[1, 2, 3]], promptTokens: 6)
    }
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "m")
    configuration.cachePath = scratchCache()
    let client = try LLMClient(configuration: configuration)
    let first = try await client.embed(["a key"])
    let second = try await client.embed(["a key"])
    XCTAssertEqual(first, [[1, 2, 3]])
    XCTAssertEqual(second, first)
    XCTAssertEqual(server.requests.count, 1, "the second call is answered from the cache")
    let usage = await client.usage()
    XCTAssertEqual(usage.cacheHits, 1)
    XCTAssertEqual(usage.promptTokens, 6, "an answer from the cache cost no tokens")
  }

  func testAnAnswerWithTheWrongNumberOfVectorsIsRefused() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.embeddingAnswer([[1], [2]]) }
    let client = try LLMClient(configuration: LLMConfiguration(baseURL: server.baseURL, model: "m"))
    do {
      _ = try await client.embed(["one input"])
      XCTFail("two vectors for one input were accepted")
    } catch {
      XCTAssertEqual(error, .malformedResponse("2 embeddings for 1 inputs"))
    }
    let failures = await client.usage().failures
    XCTAssertEqual(failures, 1)
  }
}
