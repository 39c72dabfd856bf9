import FakeLLMServer
import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// Batches built by hand and fake servers for the caption-valued rewards (llm-scalar, llm-embedding).
enum LLMRewardFixtures {
  /// Captions by the observation's first byte: "state N".
  final class ByteCaptioner: Captioner {
    func caption(observation: UnsafeRawBufferPointer, event: Int) throws -> String { "state \(observation[0])" }
  }

  /// The description in a rating prompt, or in an embeddings request the input.
  static func caption(in request: FakeLLMServer.Request) -> String? {
    guard let json = request.json else { return nil }
    if let inputs = json["input"] as? [String] { return inputs.first }
    let messages = json["messages"] as? [[String: Any]] ?? []
    let text = (messages.dropFirst().first?["content"] as? String) ?? (json["prompt"] as? String) ?? ""
    guard let start = text.range(of: "{\"description\":\n\""),
          let end = text.range(of: "\"}", range: start.upperBound..<text.endIndex) else { return nil }
    return String(text[start.upperBound..<end.lowerBound])
  }

  /// A chat server rating "state N" with N (retry prompts too); `answer` may override.
  static func ratingServer(answer: (@Sendable (String, Int) -> String?)? = nil) throws -> FakeLLMServer {
    try FakeLLMServer { request, index in
      let caption = caption(in: request) ?? ""
      if let text = answer?(caption, (request.json?["messages"] as? [Any])?.count ?? 0) {
        return FakeLLMServer.chatAnswer(text)
      }
      let n = Int(caption.split(separator: " ").last ?? "") ?? 1
      return FakeLLMServer.chatAnswer("(\"rating\": \(n))")
    }
  }

  /// The POSTs a server received: the questions (GET /models asks only for the parameter count).
  static func questions(_ server: FakeLLMServer) -> [FakeLLMServer.Request] {
    server.requests.filter { $0.method == "POST" }
  }

  static func client(_ server: FakeLLMServer, cache: String? = nil, retries: Int = 0) throws -> LLMClient {
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model")
    configuration.maxRetries = retries
    configuration.initialBackoff = 0
    configuration.timeout = 10
    configuration.cachePath = cache
    return try LLMClient(configuration: configuration)
  }

  /// One step: env e reached the observation whose first byte is `states[e]`; `ended` envs
  /// start their next episode in `next` (first byte), `progress[e]` is the step's privileged progress.
  static func step(_ reward: any RewardFunction, spec: EnvSpec, states: [UInt8], ended: [Bool]? = nil,
                   next: UInt8 = 0, progress: [Float]? = nil) throws -> [Float] {
    let n = states.count, width = spec.observationByteCount
    let ended = ended ?? [Bool](repeating: false, count: n)
    var observations = [UInt8](repeating: 0, count: n * width), finals = observations
    var info = [Float](repeating: 0, count: n * spec.infoWidth)
    for e in 0..<n {
      if ended[e] {
        finals[e * width] = states[e]
        observations[e * width] = next
      } else {
        observations[e * width] = states[e]
      }
      info[e * spec.infoWidth + InfoColumn.progress] = progress?[e] ?? 0
    }
    let environment = [Float](repeating: 0, count: n), terminated = ended.map { UInt8($0 ? 1 : 0) }
    let truncated = [UInt8](repeating: 0, count: n)
    var out = [Float](repeating: .nan, count: n)
    try observations.withUnsafeBytes { o in
      try finals.withUnsafeBytes { f in
        try environment.withUnsafeBufferPointer { r in
          try terminated.withUnsafeBufferPointer { t in
            try truncated.withUnsafeBufferPointer { u in
              try info.withUnsafeBufferPointer { i in
                let batch = TransitionBatch(spec: spec, captioner: ByteCaptioner(), count: n, observations: o,
                                            finalObservations: f, environmentRewards: r, terminated: t, truncated: u,
                                            info: i)
                try out.withUnsafeMutableBufferPointer { try reward.rewards(for: batch, into: $0) }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// A few thousand PPO steps on Empty-5x5 with `reward`; returns the trainer's metrics.
  static func tinyRun(_ reward: any RewardFunction, iterations: Int = 20) throws -> [TrainingMetrics] {
    var config = PPOConfig()
    config.envID = "MiniGrid-Empty-5x5-v0"
    config.numEnvs = 8
    config.numSteps = 16
    config.numMinibatches = 2
    config.totalTimesteps = 8 * 16 * iterations
    config.hiddenSize = 16
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config), reward: reward)
    return try (0..<iterations).map { _ in try trainer.runIteration() }
  }
}
