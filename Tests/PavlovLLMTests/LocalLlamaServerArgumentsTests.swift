import XCTest
@testable import PavlovLLM

/// The local server's command line: a context that holds four long prompts at once (its four
/// slots share one KV cache), and embeddings served by the same process.
final class LocalLlamaServerArgumentsTests: XCTestCase {
  func testContextHoldsFourLongPromptsAndEmbeddingsAreServed() {
    let server = LocalLlamaServer(binary: "/x/llama-server", model: "/x/m.gguf", port: 8093, threads: 1, logPath: "/dev/null")
    let arguments = server.arguments
    let context = arguments.firstIndex(of: "-c").map { Int(arguments[$0 + 1]) ?? 0 } ?? 0
    XCTAssertGreaterThanOrEqual(context, 4 * 4_096, "\(arguments)")
    XCTAssertEqual(Array(arguments[arguments.firstIndex(of: "--port")!...].prefix(2)), ["--port", "8093"])
    XCTAssertTrue(arguments.contains("--embeddings"), "\(arguments)")
    XCTAssertEqual(arguments.first, "/x/llama-server")
  }
}
