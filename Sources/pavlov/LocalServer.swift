import Foundation
import PavlovLLM

/// Starts llama.cpp's server on 127.0.0.1 and waits until it answers a real chat request
/// (the first one after start is slow: it is the warm-up).
struct LocalServer {
  let binary: String
  let model: String
  let port: Int
  let threads: Int
  let log: String

  var url: String { "http://127.0.0.1:\(port)/v1" }

  /// Launches the server detached from this process; returns its pid.
  func start() throws -> Int32 {
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
      "-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", String(threads), "-c", "4096",
      "--alias", LLMConfiguration.defaultModel, "--no-webui",
    ]
    process.standardOutput = output
    process.standardError = output
    try process.run()
    return process.processIdentifier
  }

  func waitUntilReady(seconds: Double) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if await Self.answers(url) { return true }
      try? await Task.sleep(nanoseconds: 250_000_000)
    }
    return false
  }

  /// Whether a chat completion comes back from `url`.
  static func answers(_ url: String) async -> Bool {
    guard var configuration = try? LLMConfiguration.resolve(url: url, model: nil, environment: [:]) else { return false }
    configuration.maxRetries = 0
    configuration.timeout = 60
    guard let client = try? LLMClient(configuration: configuration) else { return false }
    return (try? await client.chat([ChatMessage(.user, "Say OK.")], parameters: SamplingParameters(maxTokens: 4))) != nil
  }
}
