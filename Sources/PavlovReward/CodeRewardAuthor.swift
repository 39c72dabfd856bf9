import Foundation
import PavlovLLM
import PavlovSim

/// The LLM loop of reward as code: ask for a program, extract it, put it through the critic; a
/// rejected program's problem is fed back in the same conversation and the LLM asked again, at
/// most `rounds` times in all.
public struct CodeRewardAuthor: Sendable {
  public struct Round: Sendable, Equatable {
    public var answer: String
    /// nil for the accepted round.
    public var problem: String?
  }

  public struct Outcome: Sendable {
    /// The accepted program, nil when every round was rejected.
    public var code: String?
    public var statistics: RewardProgramCritic.RewardStatistics?
    public var rounds: [Round]
    /// The conversation so far, for refinement rounds.
    public var conversation: [ChatMessage] = []
  }

  public let client: LLMClient
  public let prompt: CodeRewardPrompt
  public let goal: String
  public let spec: EnvSpec
  public let limits: SandboxLimits
  public let samples: RewardSamples
  public let rounds: Int
  /// Example inputs shown in the prompt.
  public let exampleCount: Int
  /// Tokens an answer may take.
  public let maxTokens: Int

  public init(client: LLMClient, prompt: CodeRewardPrompt, goal: String, spec: EnvSpec, limits: SandboxLimits,
              samples: RewardSamples, rounds: Int = 3, exampleCount: Int = 3, maxTokens: Int = 1024) {
    self.client = client
    self.prompt = prompt
    self.goal = goal
    self.spec = spec
    self.limits = limits
    self.samples = samples
    self.rounds = rounds
    self.exampleCount = exampleCount
    self.maxTokens = maxTokens
  }

  /// Characters of example inputs a prompt holds at most (at least one example is always shown):
  /// a web page written out is 2–8k characters even with runs compressed, and three of them with
  /// the rest overflowed the local model's 4,096 tokens.
  public static let exampleCharacters = 6_000

  public var messages: [ChatMessage] {
    let candidates = (0..<min(exampleCount, samples.count)).map { (lua: samples.lua($0), caption: samples.captions[$0]) }
    // The shortest first while they fit, shown in their sampled order.
    var chosen = Set<Int>(), used = 0
    for i in candidates.indices.sorted(by: { candidates[$0].lua.count < candidates[$1].lua.count }) {
      let size = candidates[i].lua.count + candidates[i].caption.count
      if !chosen.isEmpty && used + size > Self.exampleCharacters { break }
      chosen.insert(i)
      used += size
    }
    let examples = candidates.indices.filter(chosen.contains).map { candidates[$0] }
    return prompt.messages(goal: goal, description: RewardProgramDescription.text(for: spec, inputs: prompt.inputs),
                           examples: examples)
  }

  /// Asks until a program is accepted or the rounds are spent; a failed call throws.
  public func write() async throws -> Outcome {
    let critic = RewardProgramCritic(spec: spec, inputs: prompt.inputs, limits: limits, samples: samples)
    var conversation = messages
    var done: [Round] = []
    let parameters = SamplingParameters(temperature: 0, maxTokens: maxTokens)
    for _ in 0..<rounds {
      let answer = try await client.chat(conversation, parameters: parameters).text
      let problem: String
      if let code = CodeRewardPrompt.extractCode(from: answer) {
        switch critic.judge(code) {
        case .accepted(let statistics):
          done.append(Round(answer: answer, problem: nil))
          return Outcome(code: code, statistics: statistics, rounds: done,
                         conversation: conversation + [ChatMessage(.assistant, answer)])
        case .rejected(let why): problem = why
        }
      } else {
        problem = "the answer holds no ```lua code block defining \(prompt.signature)"
      }
      done.append(Round(answer: answer, problem: problem))
      conversation += [ChatMessage(.assistant, answer), ChatMessage(.user, prompt.feedback(problem))]
    }
    return Outcome(code: nil, statistics: nil, rounds: done, conversation: conversation)
  }

  /// One refinement round (Eureka's reward reflection): the statistics of a short training run
  /// on the accepted program go back to the LLM, and its new program replaces the old one if
  /// the critic accepts it; otherwise the old one stays and the round records why.
  public func refine(_ outcome: Outcome, analysis: TrajectoryAnalysis) async throws -> Outcome {
    guard outcome.code != nil else { return outcome }
    let critic = RewardProgramCritic(spec: spec, inputs: prompt.inputs, limits: limits, samples: samples)
    var refined = outcome
    refined.conversation.append(ChatMessage(.user, prompt.reflection(analysis.text)))
    let answer = try await client.chat(refined.conversation, parameters: SamplingParameters(temperature: 0, maxTokens: maxTokens)).text
    refined.conversation.append(ChatMessage(.assistant, answer))
    guard let code = CodeRewardPrompt.extractCode(from: answer) else {
      refined.rounds.append(Round(answer: answer, problem: "the answer holds no ```lua code block defining \(prompt.signature); the previous program is kept"))
      return refined
    }
    switch critic.judge(code) {
    case .accepted(let statistics):
      refined.code = code
      refined.statistics = statistics
      refined.rounds.append(Round(answer: answer, problem: nil))
    case .rejected(let why):
      refined.rounds.append(Round(answer: answer, problem: why + "; the previous program is kept"))
    }
    return refined
  }
}
