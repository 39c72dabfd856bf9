import Foundation
import PavlovLLM
import PavlovSim

/// Who chooses the actions.
public enum ActingPolicy: Sendable {
  /// The language model, through any OpenAI-compatible server.
  case llm(LLMClient)
  /// SIMULATED stand-in: the environment's scripted expert (the grid worlds' BFS planner,
  /// Wordle's consistent-guess solver, the arm tasks' scripts), so that the
  /// plumbing is checked without a capable model. Environments without one are refused.
  case scriptedExpert

  public var name: String {
    switch self {
    case .llm: return "llm"
    case .scriptedExpert: return "scripted:expert"
    }
  }
}

/// The paper's LLM Policy: the language model acts directly. `episodes` envs play one episode
/// each, together: at every step each live env's caption becomes one request (all live envs'
/// requests in flight at once, bounded by the client's concurrency), and each answer becomes
/// that env's action.
public struct LLMPolicy: Sendable {
  public let environmentID: String
  public let options: ActOptions
  public let policy: ActingPolicy

  public init(environmentID: String, options: ActOptions, policy: ActingPolicy) {
    self.environmentID = environmentID
    self.options = options
    self.policy = policy
  }

  public func run() async throws -> ActReport {
    try options.validate()
    let start = DispatchTime.now().uptimeNanoseconds
    let count = options.episodes
    let env: VecEnv
    let names: [String]
    do {
      env = try VecEnv(id: environmentID, count: count, seed: options.seed,
                       options: .init(threadCount: 1, maxEpisodeSteps: options.maxEpisodeSteps))
      names = try env.actionNames()
      try env.reset()
    } catch {
      throw AgentError.environment("\(environmentID): \(error)")
    }
    let format = ActionFormat(spec: env.spec, actionNames: names)
    let prompt = ActPrompt(environment: environmentID, format: format, chainOfThought: options.chainOfThought)
    var report = ActReport(environment: environmentID, policy: policy.name, simulated: policy.isSimulated,
                           promptVersion: policy.isSimulated ? nil : prompt.version,
                           fallbackAction: format.fallback.text)
    let memory = AnswerMemory()
    var actor: LLMActor?
    switch policy {
    case .scriptedExpert:
      guard ExpertActions.available(env) else {
        throw AgentError.invalidArgument(
          "\(environmentID) has no scripted expert, so the SIMULATED stand-in cannot act there "
            + "(the grid worlds, Wordle, the arm and the web tasks have one)")
      }
    case .llm(let client):
      actor = LLMActor(client: client, prompt: prompt, memory: memory, refine: options.refine,
                       illegalRetries: options.illegalRetries, temperature: options.temperature)
    }
    // Other episodes than the ones played (another seed), so no example shows the same start.
    let examples = actor == nil || options.examples == 0 ? [] : try ExampleEpisodes.record(
      environmentID: environmentID, count: options.examples, seed: options.seed &+ 1_000_003,
      maxEpisodeSteps: options.maxEpisodeSteps, names: names)

    let goals = try (0..<count).map { try env.mission(of: $0) }
    var batch = EpisodeBatch(count: count, historyLength: options.history)
    while !batch.isFinished {
      let indices = batch.liveIndices
      let captions = try Dictionary(uniqueKeysWithValues: indices.map { ($0, try env.caption(of: $0)) })
      let decisions: [Int: Decision]
      if let actor {
        let context = StepContext(goals: goals, captions: captions, examples: examples)
        decisions = try await ask(actor, memory, context, &batch, &report)
      } else {
        let expert = try ExpertActions.actions(env, names: names)
        decisions = Dictionary(uniqueKeysWithValues: indices.map { i in (i, Decision(action: expert[i])) })
      }
      try step(env, decisions, format: format)
      for i in indices {
        let decision = decisions[i]!
        report.count(decision, at: "env \(i) step \(batch.nextStep(of: i))")
        batch.record(i, caption: captions[i]!, action: decision.action, reward: env.rewards[i],
                     success: env.info(of: i)[InfoColumn.success] > 0.5, done: env.results.isDone(i))
      }
    }

    batch.summarise(into: &report)
    report.repeatedPrompts = await memory.repeats
    if case .llm(let client) = policy { report.usage = await client.usage() }
    report.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return report
  }

  /// What every live env's prompt shows this step, apart from its own history and plan.
  private struct StepContext: Sendable {
    var goals: [String]
    var captions: [Int: String]
    var examples: [String]
  }

  /// Every live env's action, asked at once (after a plan per env at the episodes' start).
  private func ask(_ actor: LLMActor, _ memory: AnswerMemory, _ context: StepContext, _ batch: inout EpisodeBatch,
                   _ report: inout ActReport) async throws -> [Int: Decision] {
    await memory.forgetAnswers()
    let indices = batch.liveIndices
    if options.plan, indices.allSatisfy({ batch.nextStep(of: $0) == 1 }) {
      let made = await Self.inParallel(indices) { i in
        await actor.plan(goal: context.goals[i], caption: context.captions[i]!, examples: context.examples)
      }
      for (i, outcome) in made {
        batch.plans[i] = outcome.plan
        report.llmCalls += 1
        if let failure = outcome.failure {
          report.planFailures += 1
          report.note("env \(i): \(failure); acting without a plan")
        }
      }
    }
    let situations = Dictionary(uniqueKeysWithValues: indices.map { i in
      (i, ActPrompt.Situation(goal: context.goals[i], caption: context.captions[i]!, history: batch.histories[i],
                              plan: batch.plans[i], examples: context.examples))
    })
    let decisions = await Self.inParallel(indices) { i in await actor.decide(situations[i]!) }
    // A server that failed every env's request is down, not confused: going on would only
    // take the fallback at every remaining step, each after the client's full retries.
    if let failed = decisions.values.first(where: \.requestFailed), decisions.values.allSatisfy(\.requestFailed) {
      throw AgentError.llm("every request of step \(batch.nextStep(of: indices[0])) failed, so the run stops: "
                           + (failed.fallbackReason ?? "no answer"))
    }
    return decisions
  }

  /// Every env's action in one batched step; finished envs (reset by the core) get the
  /// fallback, and their results are not read.
  private func step(_ env: VecEnv, _ decisions: [Int: Decision], format: ActionFormat) throws {
    do {
      switch format.fallback {
      case .discrete:
        var actions = [Int32](repeating: 0, count: env.count)
        for (i, decision) in decisions { if case .discrete(let a, _) = decision.action { actions[i] = Int32(a) } }
        try env.step(actions)
      case .continuous(let zero):
        var actions = [Float](repeating: 0, count: env.count * zero.count)
        for i in 0..<env.count {
          var values = zero
          if case .continuous(let chosen) = decisions[i]?.action, chosen.count == zero.count { values = chosen }
          actions.replaceSubrange((i * zero.count)..<((i + 1) * zero.count), with: values)
        }
        try env.step(actions)
      }
    } catch {
      throw AgentError.environment("\(environmentID): \(error)")
    }
  }

  /// One task per env; the client's limiter bounds how many requests are in flight.
  private static func inParallel<T: Sendable>(_ indices: [Int], _ work: @escaping @Sendable (Int) async -> T) async
    -> [Int: T]
  {
    await withTaskGroup(of: (Int, T).self) { group in
      for i in indices { group.addTask { (i, await work(i)) } }
      var results: [Int: T] = [:]
      for await (i, value) in group { results[i] = value }
      return results
    }
  }
}

extension ActingPolicy {
  var isSimulated: Bool { if case .scriptedExpert = self { return true } else { return false } }
}

extension ActReport {
  static let reasonsKept = 5

  /// Adds one env's decision: its calls, retries, clipping and any fallback (`place` names it).
  mutating func count(_ decision: Decision, at place: String) {
    decisions += 1
    llmCalls += decision.calls
    illegalRetries += decision.illegalRetries
    if decision.clipped { clippedActions += 1 }
    if let reason = decision.fallbackReason {
      fallbacks += 1
      note("\(place): \(reason)")
    }
  }

  mutating func note(_ reason: String) {
    if fallbackReasons.count < Self.reasonsKept { fallbackReasons.append(reason) }
  }
}
