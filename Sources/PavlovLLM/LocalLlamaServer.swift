import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// llama.cpp's `llama-server` on 127.0.0.1, the local default model's backend: started as its
/// own process, waited for until it answers a real chat request (the first one after start is
/// slow: it is the warm-up), stopped by pid.
///
/// Started with posix_spawn and an empty signal mask: Foundation's Process hands children the
/// blocked signals of its dispatch thread, and a server that blocks SIGTERM never stops.
public struct LocalLlamaServer: Sendable {
  public var binary: String
  public var model: String
  public var port: Int
  public var threads: Int
  /// Where the server's output goes.
  public var logPath: String
  /// Also serve /v1/embeddings (mean pooling) for `llm-embedding`. One llama.cpp server then
  /// answers chat, completions and embeddings alike (checked with this build); without it
  /// /v1/embeddings is refused.
  public var servesEmbeddings = true

  public init(binary: String, model: String, port: Int = 8080, threads: Int = 2, logPath: String) {
    self.binary = binary
    self.model = model
    self.port = port
    self.threads = threads
    self.logPath = logPath
  }

  /// The installed server and model under `directory` (.llm/ by default), or nil.
  public static func installed(in directory: URL, port: Int = 8080, threads: Int = 2) -> LocalLlamaServer? {
    let binary = directory.appendingPathComponent("bin/llama-server").path
    let model = directory.appendingPathComponent("models/smollm2-135m-instruct.gguf").path
    guard FileManager.default.isExecutableFile(atPath: binary), FileManager.default.fileExists(atPath: model) else {
      return nil
    }
    return LocalLlamaServer(binary: binary, model: model, port: port, threads: threads,
                            logPath: directory.appendingPathComponent("server-\(port).log").path)
  }

  public var url: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

  /// Tokens of context the server holds, shared by its four request slots (one KV cache): four
  /// requests in flight of up to 4,096 tokens each. At 4,096 in all, four web pages' prompts
  /// (~1,000–1,500 tokens each, social-media) overflowed it: "Context size has been exceeded".
  public static let contextTokens = 16_384

  /// The server's command line.
  public var arguments: [String] {
    [
      binary, "-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", String(threads),
      "-c", String(Self.contextTokens), "--alias", LLMConfiguration.defaultModel, "--no-webui",
    ] + (servesEmbeddings ? ["--embeddings", "--pooling", "mean"] : [])
  }

  /// Starts the server in the background (its own session, so it outlives the caller);
  /// returns its pid.
  public func start() throws(LLMError) -> Int32 {
    let arguments = self.arguments
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var none = sigset_t()
    sigemptyset(&none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | spawnNewSession))
    var cArguments = arguments.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, binary, &actions, &attributes, &cArguments, environ)
    guard status == 0 else {
      throw .invalidArgument("cannot start \(binary): \(String(cString: strerror(status)))")
    }
    return pid
  }

  /// Waits until a chat completion comes back, at most `seconds`; false if it never does
  /// (or the process `pid`, if given, has exited).
  public func waitUntilReady(seconds: Double, pid: Int32? = nil) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if await Self.answers(url) { return true }
      if let pid, kill(pid, 0) != 0 { return false }
      try? await Task.sleep(nanoseconds: 250_000_000)
    }
    return false
  }

  /// Whether a chat completion comes back from `url` within a minute.
  public static func answers(_ url: URL) async -> Bool {
    var configuration = LLMConfiguration(baseURL: url, model: LLMConfiguration.defaultModel)
    configuration.maxRetries = 0
    configuration.timeout = 60
    guard let client = try? LLMClient(configuration: configuration) else { return false }
    return (try? await client.chat([ChatMessage(.user, "Say OK.")], parameters: SamplingParameters(maxTokens: 2))) != nil
  }

  /// SIGTERM, then SIGKILL if it is still there after `grace` seconds; reaps it if it is our child.
  public static func stop(pid: Int32, grace: Double = 5) {
    kill(pid, SIGTERM)
    let deadline = Date().addingTimeInterval(grace)
    var status: Int32 = 0
    while Date() < deadline {
      if waitpid(pid, &status, WNOHANG) == pid || kill(pid, 0) != 0 { return }
      usleep(50_000)
    }
    kill(pid, SIGKILL)
    _ = waitpid(pid, &status, 0)
  }
}

#if os(Linux)
/// glibc's POSIX_SPAWN_SETSID (not imported into Swift): the server gets its own session.
private let spawnNewSession: Int32 = 0x80
#else
private let spawnNewSession: Int32 = 0
#endif
