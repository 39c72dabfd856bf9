import Foundation
import PavlovAgent
import PavlovLLM
import PavlovLearn
import PavlovReward
import PavlovSim

/// One method × seed run of a study. Returns nil when `shouldStop` interrupted it (a PPO run
/// keeps its checkpoint and continues on the next `Study.run`).
struct StudyRunner {
  let study: Study
  let method: StudyMethod
  let seed: Int
  let shouldStop: () -> Bool
  let report: (Study.Event) -> Void

  var plan: StudyPlan { study.plan }
  var directory: URL { study.runDirectory(method, seed: seed) }
  /// Evaluation episodes are seeded apart from training (and from the other seeds' episodes).
  var evaluationSeed: UInt64 { 1_000_000 + UInt64(seed) }

  func run() throws -> StudyRunResult? {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let start = DispatchTime.now().uptimeNanoseconds
    var result: StudyRunResult?
    switch method {
    case .policy: result = try runPolicy()
    case .aiFeedback: result = try runAIFeedback()
    case .scalar, .code, .embedding: result = try runRewardKind()
    }
    guard var finished = result else { return nil }
    finished.wallSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return finished
  }

  /// What a failed run records: its reason, no numbers.
  func failedResult(reason: String) -> StudyRunResult {
    var result = emptyResult()
    result.failure = reason
    return result
  }

  private var source: String { plan.source(of: method) }

  private func emptyResult() -> StudyRunResult {
    StudyRunResult(method: method, seed: seed, simulated: plan.isSimulated, source: source, success: 0,
                   evaluationEpisodes: plan.evaluationEpisodes, environmentSteps: 0)
  }

  // MARK: LLM

  private func client() throws -> LLMClient {
    let llm = plan.llm ?? StudyLLM()
    var configuration = try LLMConfiguration.resolve(url: llm.url, model: llm.model)
    configuration.maxConcurrentRequests = 4
    configuration.parameterCount = llm.parameters
    if llm.cache != "none" {
      let cache = llm.cache ?? LLMConfiguration.defaultCachePath
      try? FileManager.default.createDirectory(atPath: (cache as NSString).deletingLastPathComponent,
                                               withIntermediateDirectories: true)
      configuration.cachePath = cache
    }
    let client = try LLMClient(configuration: configuration)
    if llm.parameters == nil {
      let counted = try blocking { await client.serverParameterCount() }
      if let counted { try blocking { await client.setParameterCount(counted) } }
    }
    return client
  }

  /// Adds an LLM's usage; FLOPs from the plan's parameter count, else the server's, else unknown.
  private func add(_ usage: Usage?, to result: inout StudyRunResult) {
    guard let usage else { return }
    result.llmCalls += usage.requests + usage.cacheHits
    result.promptTokens += usage.promptTokens
    result.completionTokens += usage.completionTokens
    if let parameters = plan.llm?.parameters ?? usage.parameterCount {
      result.llmFLOPs = (result.llmFLOPs ?? 0) + 2 * parameters * Double(usage.totalTokens)
    }
  }

  /// The LLM-free runs cost no LLM FLOPs: 0, not unknown.
  private func finishLLMFLOPs(_ result: inout StudyRunResult) {
    if plan.isSimulated { result.llmFLOPs = 0 }
  }

  // MARK: Methods

  private func runPolicy() throws -> StudyRunResult {
    var options = ActOptions()
    options.episodes = plan.evaluationEpisodes
    options.seed = evaluationSeed
    options.maxEpisodeSteps = plan.policyMaxSteps
    let acting: ActingPolicy = plan.isSimulated ? .scriptedExpert : .llm(try client())
    let policy = LLMPolicy(environmentID: plan.environmentID, options: options, policy: acting)
    let act = try blocking { try await policy.run() }
    var result = emptyResult()
    result.success = act.successRate
    result.evaluationEpisodes = act.episodes
    result.environmentSteps = Int((act.meanLength * Double(act.episodes)).rounded())
    result.llmCalls = 0
    add(act.usage, to: &result)
    if act.usage == nil { result.llmCalls = act.llmCalls }
    finishLLMFLOPs(&result)
    if act.fallbacks > 0 { report(.note("policy seed \(seed): \(act.fallbacks) unusable answers replaced by \(act.fallbackAction)")) }
    return result
  }

  /// Collect with the random policy, label pairs, fit Bradley–Terry, then PPO on the learned
  /// reward, shaped as the plan says. The fitted model marks the first three done.
  private func runAIFeedback() throws -> StudyRunResult? {
    let store = directory.appendingPathComponent("labels.sqlite").path
    let model = directory.appendingPathComponent("reward.model").path
    let usageURL = directory.appendingPathComponent("labelling-usage.json")
    var result = emptyResult()
    if !FileManager.default.fileExists(atPath: model) {
      // Whatever an interrupted collection or labelling left is redone from the start.
      try? FileManager.default.removeItem(atPath: store)
      let collector = ObservationCollector(environmentID: plan.environmentID, environmentCount: 16,
                                           seed: 11 &+ UInt64(seed))
      _ = try collector.collect(steps: plan.feedbackObservations, intoStoreAt: store, policy: .random)
      let labeller: any PreferenceLabeller
      if plan.isSimulated {
        labeller = try ScriptedTeacher(parsing: plan.teacher, seed: UInt64(seed))
      } else {
        let mode = plan.llmMode.flatMap(LLMLabeller.Mode.init(rawValue:)) ?? .chat
        labeller = LLMLabeller(client: try client(), prompt: PreferencePrompt(environment: plan.environmentID), mode: mode)
      }
      let session = try LabellingSession(store: try LabelStore(path: store), labeller: labeller,
                                         pairs: plan.feedbackPairs, seed: UInt64(seed), concurrency: 4)
      // The session is used by that one task alone while this thread waits for it.
      let handed = Handed(session)
      let outcome = try blocking { try await handed.value.run() }
      report(.note("ai-feedback seed \(seed): \(outcome.labelled) pairs labelled, \(outcome.unparseable) unparseable"))
      if let llm = labeller as? LLMLabeller {
        let usage = try blocking { await llm.client.usage() }
        try study.writeJSON(usage, to: usageURL)
      }
      let fitted = try BradleyTerryFit().fit(try FitData(store: try LabelStore(path: store)))
      // Written aside and renamed: a model file on disk always means the fit finished.
      let temporary = model + ".partial"
      try? FileManager.default.removeItem(atPath: temporary)
      try fitted.write(to: temporary)
      guard rename(temporary, model) == 0 else {
        throw StudyError.io("cannot rename \(temporary) to \(model): \(String(cString: strerror(errno)))")
      }
    }
    if let data = try? Data(contentsOf: usageURL) { add(try JSONDecoder().decode(Usage.self, from: data), to: &result) }
    let rewardParameters = try RewardModel(contentsOf: model).parameterCount
    let reward = "ai-feedback:\(model)" + (plan.rewardShape == .plain ? "" : ",\(plan.rewardShape.rawValue)")
    guard var trained = try train(reward: reward, into: &result) else { return nil }
    trained.learnerFLOPs += LearnerFLOPs.rewardModel(parameters: rewardParameters, steps: trained.environmentSteps)
    trained.environmentSteps += plan.feedbackObservations
    finishLLMFLOPs(&trained)
    return trained
  }

  private func runRewardKind() throws -> StudyRunResult? {
    var kind: String
    var pieces: [String] = []
    switch method {
    case .scalar:
      kind = "llm-scalar"
      if plan.isSimulated { pieces.append("scripted") }
      if let mode = plan.llmMode, !plan.isSimulated { pieces.append("mode=\(mode)") }
    case .code:
      kind = "llm-code"
      if plan.isSimulated { pieces.append("scripted") }
    default: kind = "llm-embedding"
    }
    // A reward program is paid as the LLM wrote it; the state rewards take the plan's shape.
    if method != .code && plan.rewardShape != .plain { pieces.append(plan.rewardShape.rawValue) }
    if let llm = plan.llm {
      if let url = llm.url { pieces.append("url=\(url)") }
      if let model = llm.model { pieces.append("model=\(model)") }
      if let cache = llm.cache { pieces.append("cache=\(cache)") }
    }
    if !pieces.isEmpty { kind += ":" + pieces.joined(separator: ",") }
    var result = emptyResult()
    guard var trained = try train(reward: kind, into: &result) else { return nil }
    finishLLMFLOPs(&trained)
    return trained
  }

  /// PPO on `reward` in DIR/.../ppo (resumed from its checkpoint if one is there), then the
  /// evaluation by privileged success. Nil when stopped.
  private func train(reward rewardText: String, into result: inout StudyRunResult) throws -> StudyRunResult? {
    let config = try plan.training(seed: seed)
    let run = RunDirectory(path: directory.appendingPathComponent("ppo").path)
    let resume = FileManager.default.fileExists(atPath: run.checkpointURL.path)
    let context = RewardContext(spec: try VecEnv.spec(for: config.envID), environmentCount: config.numEnvs,
                                gamma: config.gamma, isResuming: resume)
    let reward = try RewardSpec(parsing: rewardText).makeReward(for: context)
    let session = try TrainingSession(config: config, run: run, resume: resume, reward: reward)
    if resume { report(.resuming(method, seed: seed, step: session.trainer.globalStep)) }
    let outcome = try session.run(until: shouldStop) { report(.trainingProgress(method, seed: seed, $0)) }
    if outcome == .stopped { return nil }
    if let scored = reward as? CaptionValueReward { add(scored.usage(), to: &result) }
    if let code = reward as? CodeReward { add(code.authoringUsage, to: &result) }
    let checkpoint = try Checkpoint.load(from: run.checkpointURL)
    let evaluation = try Evaluation.run(checkpoint, episodes: plan.evaluationEpisodes, seed: evaluationSeed)
    result.success = evaluation.successRate
    result.evaluationEpisodes = evaluation.episodes
    result.environmentSteps = checkpoint.header.globalStep
    result.learnerParameters = checkpoint.parameters.reduce(0) { $0 + $1.count }
    result.learnerFLOPs = LearnerFLOPs.ppo(parameters: result.learnerParameters, steps: checkpoint.header.globalStep,
                                           updateEpochs: config.updateEpochs)
    return result
  }
}
