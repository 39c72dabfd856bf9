import ArgumentParser
import Foundation
import PavlovLearn
import PavlovStudy

/// `pavlov study`: every method × seed as resumable runs in one directory, then the table,
/// results.json and the bar chart (the paper's Fig. 1).
struct StudyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "study",
    abstract: "Compare the ways of using a language model (policy, ai-feedback, scalar, code, embedding) over seeds.",
    discussion: """
      Each method × seed runs on its own under --out (runs/<method>/seed-<k>/), one after another; \
      table.md, results.json and figure.svg are rewritten after every finished run. Stop with Ctrl-C \
      (or SIGTERM): the PPO run in progress checkpoints; rerun the same command to continue (finished \
      runs are skipped; a different plan is refused, naming the field). Without --llm-url or \
      --local-llm every method uses a SIMULATED stand-in: policy the scripted expert, ai-feedback \
      --teacher, scalar privileged progress, code the family's reference program; embedding has none \
      and is skipped. See docs/study.md.
      """)

  @Option(name: .long, help: "Environment id (see `pavlov envs`).")
  var env: String

  @Option(name: .long, help: "Comma-separated methods: \(StudyMethod.allowed).")
  var methods = StudyMethod.allCases.map(\.rawValue).joined(separator: ",")

  @Option(name: .long, help: "Seeds 1...N per method.")
  var seeds = 3

  @Option(name: .long, help: "PPO environment steps per run.")
  var steps: Int

  @Option(name: .long, help: "Study directory.")
  var out: String

  @Option(name: .customLong("llm-url"), help: "OpenAI-compatible API root: every method uses this model.")
  var llmURL: String?

  @Option(name: .customLong("llm-model"), help: "Model name at --llm-url (else $PAVLOV_LLM_MODEL, else the local model's).")
  var llmModel: String?

  @Option(name: .customLong("llm-parameters"), help: "The model's parameter count for LLM FLOPs, e.g. 135e6 (else asked of the server, else unknown).")
  var llmParameters: Double?

  @Option(name: .customLong("llm-cache"), help: "Response cache (SQLite; default ~/.cache/pavlov/llm-responses.sqlite; 'none' for none).")
  var llmCache: String?

  @Option(name: .customLong("llm-mode"), help: "How the LLM answers AI-feedback pairs and scalar ratings: chat, or completion (one token from its logprobs; for small models).")
  var llmMode: String?

  @Flag(name: .customLong("local-llm"), help: "Every method uses the local model (`pavlov llm setup`), started and stopped here.")
  var localLLM = false

  @Option(name: .long, help: "Scripted teacher labelling AI-feedback pairs without an LLM: scripted:<teacher> (e.g. scripted:oracle).")
  var teacher = "scripted:oracle"

  @Option(name: .long, help: "How ai-feedback, scalar and embedding rewards are paid: plain, potential (only progress pays; default) or count (code is paid as written).")
  var shape = "potential"

  @Option(name: .customLong("eval-episodes"), help: "Episodes each run is evaluated on (privileged success); the policy plays as many.")
  var evaluationEpisodes = 100

  @Option(name: .customLong("policy-max-steps"), help: "Truncate the policy method's episodes (a small LLM on a CPU is slow).")
  var policyMaxSteps: Int?

  @Option(name: .customLong("feedback-observations"), help: "AI feedback: observations collected by the random policy.")
  var feedbackObservations = 20_000

  @Option(name: .customLong("feedback-pairs"), help: "AI feedback: pairs labelled.")
  var feedbackPairs = 2_000

  @Option(name: .customLong("num-envs"), help: "PPO's parallel envs (else the env's default, as `pavlov train`).")
  var numEnvs: Int?

  @Option(name: .customLong("num-steps"), help: "PPO's rollout length per env (else the env's default).")
  var numSteps: Int?

  @Option(name: .customLong("hidden-size"), help: "PPO's hidden layer width (else the env's default).")
  var hiddenSize: Int?

  func validate() throws {
    if out.isEmpty { throw ValidationError("--out needs a directory path") }
    guard teacher.hasPrefix("scripted:") else {
      throw ValidationError("--teacher '\(teacher)' is not allowed; use scripted:<teacher>, e.g. scripted:oracle")
    }
    if localLLM && llmURL != nil { throw ValidationError("--local-llm and --llm-url exclude each other") }
  }

  func run() async throws {
    var plan: StudyPlan
    do {
      plan = StudyPlan(environmentID: env, methods: try StudyPlan.methods(parsing: methods), seeds: seeds, steps: steps)
    } catch { throw ValidationError("--methods: \(error)") }
    plan.teacher = String(teacher.dropFirst("scripted:".count))
    guard let rewardShape = StudyRewardShape(rawValue: shape) else {
      throw ValidationError("--shape \(shape) is not known; allowed: plain, potential, count")
    }
    plan.rewardShape = rewardShape
    plan.evaluationEpisodes = evaluationEpisodes
    plan.policyMaxSteps = policyMaxSteps
    plan.feedbackObservations = feedbackObservations
    plan.feedbackPairs = feedbackPairs
    plan.numEnvs = numEnvs
    plan.numSteps = numSteps
    plan.hiddenSize = hiddenSize
    if localLLM || llmURL != nil || llmModel != nil || llmParameters != nil || llmCache != nil || llmMode != nil {
      guard localLLM || llmURL != nil else {
        throw ValidationError("--llm-model, --llm-parameters, --llm-cache and --llm-mode need --llm-url or --local-llm")
      }
      plan.llmMode = llmMode
      plan.llm = StudyLLM(url: llmURL, model: llmModel, parameters: llmParameters, cache: llmCache)
    }
    let study: Study
    do { study = try Study(plan: plan, directory: out) } catch { throw ValidationError("\(error)") }
    if localLLM { try await LLMServeCommand.parse([]).run() }
    StopSignals.install()
    let outcome: Study.Outcome
    do {
      outcome = try await Self.onOwnThread { try study.run(until: { StopSignals.received != nil }, report: StudyPrinter().show) }
    } catch {
      if localLLM { try? await LLMServeCommand.parse(["--stop"]).run() }
      printError("\(error)")
      print("the finished runs are kept in \(out); rerun the same command to continue")
      throw ExitCode.failure
    }
    if localLLM { try await LLMServeCommand.parse(["--stop"]).run() }
    print("")
    print((try? String(contentsOf: study.tableURL, encoding: .utf8)) ?? "")
    print("files: \(study.tableURL.path), \(study.resultsURL.path), \(study.figureURL.path)")
    if outcome == .stopped, let signal = StopSignals.received {
      print("stopped by \(StopSignals.name(of: signal)); rerun the same command to continue")
      throw ExitCode(StopSignals.exitStatus(for: signal))
    }
    if let failed = try? study.results().failedRuns, failed > 0 {
      printError("\(failed) run\(failed == 1 ? "" : "s") failed (reasons in the table); rerun the same command to try them again")
      throw ExitCode.failure
    }
  }

  /// The study blocks for minutes in PPO and waits on LLM tasks from inside it: it runs on a
  /// thread of its own, never one of the few cooperative-pool threads those tasks need.
  private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
      }
      thread.stackSize = 16 << 20
      thread.start()
    }
  }
}

/// A line per run and a progress line every 10 s of training.
private final class StudyPrinter: @unchecked Sendable {
  private var lastProgress = Date.distantPast

  func show(_ event: Study.Event) {
    switch event {
    case .runStarted(let method, let seed): print("\(method.rawValue) seed \(seed): started")
    case .runAlreadyFinished(let r): print("\(r.method.rawValue) seed \(r.seed): finished earlier (success \(format(r.success)))")
    case .resuming(let method, let seed, let step): print("\(method.rawValue) seed \(seed): resuming from step \(step)")
    case .trainingProgress(let method, let seed, let m):
      guard Date().timeIntervalSince(lastProgress) >= 10 else { return }
      lastProgress = Date()
      print("  \(method.rawValue) seed \(seed): " + progressLine(m, total: m.globalStep))
    case .note(let text): print("  " + text)
    case .runFailed(let r):
      print("\(r.method.rawValue) seed \(r.seed): FAILED: \(r.failure ?? "")")
    case .runFinished(let r):
      print("\(r.method.rawValue) seed \(r.seed): success \(format(r.success))\(r.simulated ? " (SIMULATED)" : ""), "
            + "\(r.environmentSteps) env steps, \(r.llmCalls) LLM calls, \(String(format: "%.1f", r.wallSeconds)) s")
    }
    fflush(nil)
  }

  private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
