import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward
import PavlovSim

/// `pavlov train`: PPO (or SAC, `--algo sac`) on one environment, with a live progress line, metrics, checkpoints
/// and a learning-curve picture in the run directory.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a PPO or SAC agent (CleanRL's semantics) on one environment.",
    discussion: """
      Writes into --out: config.json, metrics.jsonl (one line per iteration, CleanRL's metric \
      names), checkpoint.bin (written atomically), curve.svg (success rate and return against \
      steps). Stop with Ctrl-C (or SIGTERM) at any time: the current iteration ends, a checkpoint \
      is written, and the exit status is 130 (143 for SIGTERM); a second Ctrl-C stops at once. \
      Continue with --resume: the run keeps the settings it was started with (env, seed, network, \
      PPO settings); only --steps, --stop-success and the thread counts may change, and a flag or \
      config file that differs in anything else is refused, naming the values. \
      --algo sac trains CleanRL's SAC (continuous actions only; docs/sac.md) with the same files; \
      its --config takes SAC's settings (e.g. {"utd_ratio": 1, "num_envs": 4}).
      """)

  @Option(name: .long, help: "Learner: ppo or sac (default ppo; with --resume, the run's own).")
  var algo: String?

  @Option(name: .long, help: "Environment id (see `pavlov envs`).")
  var env: String?

  @Option(name: .long, help: "Total environment steps.")
  var steps: Int?

  @Option(name: .long, help: "Seed of the envs, the networks and the sampling (with --resume: the run's own, or refused).")
  var seed: UInt64?

  @Option(name: .long, help: "Run directory.")
  var out: String

  func validate() throws {
    if out.isEmpty { throw ValidationError("--out needs a directory path (an empty one would mean the current directory)") }
    if let algo, algo != "ppo", algo != "sac" { throw ValidationError("--algo \(algo) is not known; allowed: ppo, sac") }
  }

  @Option(name: .long, help: ArgumentHelp(
    "JSON file of PPO settings, or of SAC's with --algo sac (CleanRL names in snake_case, e.g. {\"num_envs\": 64}).",
    discussion: "It names what it changes from the env's defaults: CleanRL's ppo.py for discrete actions, "
      + "ppo_continuous_action.py for the arm, and for Wordle learning_rate 1e-3 with reward_kind 2 (shaped)."))
  var config: String?

  @Option(name: .long, help: "Parallel environments.")
  var numEnvs: Int?

  @Option(name: .long, help: "Stop once the success rate over the last 100 episodes reaches this.")
  var stopSuccess: Double?

  @Option(name: .long, help: ArgumentHelp(
    "What PPO trains on: \(RewardSpec.allowed) (env: the environment's reward).",
    discussion: "ai-feedback trains on a Bradley–Terry model from `pavlov reward fit` only; count applies the "
      + "paper's episodic count modulation, potential pays reward differences (γ·r̂(o′) − r̂(o)); relabel=K refits "
      + "it every K iterations on new labels of the newest observations by a SIMULATED scripted teacher, or by the LLM "
      + "with labeller=llm (docs/ai-feedback.md). llm-scalar has the "
      + "LLM rate each distinct caption (llm-scalar:scripted is a SIMULATED stand-in scoring privileged progress); "
      + "llm-embedding pays the cosine similarity of caption and goal embeddings; both reach the server in url= or "
      + "$PAVLOV_LLM_URL; llm-code has the LLM write a Lua reward program that runs sandboxed (llm-code:scripted "
      + "is a SIMULATED stand-in: a hand-written program per family) (see docs/llm-rewards.md)."))
  var reward: String = "env"

  @Flag(name: .long, help: "Continue the run in --out from its checkpoint.")
  var resume = false

  @Flag(name: .long, help: "A line every 5 seconds instead of a live progress line.")
  var plain = false

  func run() throws {
    if try usesSAC() {
      try runSAC()
      return
    }
    let settings = try resolvedConfig()
    let run = RunDirectory(path: out)
    do {
      let reward = try makeReward(for: settings)
      let session = try TrainingSession(config: settings, run: run, resume: resume, reward: reward)
      var progress = ProgressPrinter(plain: plain)
      StopSignals.install()
      let outcome = try session.run(until: { StopSignals.received != nil }) { metrics in
        progress.show(progressLine(metrics, total: settings.totalTimesteps),
                      last: metrics.iteration == settings.numIterations)
      }
      progress.finish()
      try finish(outcome, at: "step \(session.trainer.globalStep) (iteration \(session.trainer.iteration))",
                 run: run, summary: session.summary, reward: reward)
    } catch let error as TrainingError {
      throw ValidationError(error.description)
    }
  }

  /// After a session, PPO's or SAC's: for a signal, where it stopped and how to continue (exit
  /// 130/143); else the summary and what an LLM reward asked and cost (captions, unparseable
  /// answers, tokens, re-labelling).
  func finish(_ outcome: TrainingSession.Outcome, at position: String, run: RunDirectory, summary: String,
              reward: any RewardFunction) throws {
    if outcome == .stopped, let signal = StopSignals.received {
      print("stopped by \(StopSignals.name(of: signal)) at \(position); checkpoint saved in \(run.checkpointURL.path)\n"
            + "continue with: pavlov train --out \(out) --resume")
      fflush(nil)
      throw ExitCode(StopSignals.exitStatus(for: signal))
    }
    print(summary)
    if let scored = reward as? CaptionValueReward { print(scored.summary) }
    if let code = reward as? CodeReward { print(code.summary) }
    if let relabelling = reward as? RelabellingReward, let usage = relabelling.usage() {
      print("re-labelling by \(relabelling.labellerName): \(usage.summary)")
    }
  }

  /// Defaults (the env's, or with --resume the run's own settings), then the config file, then flags.
  private func resolvedConfig() throws -> PPOConfig {
    var settings: PPOConfig
    do {
      let file = try config.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
      var base = PPOConfig()
      if resume, let saved = try RunDirectory(path: out).savedConfig() {
        base = saved
      } else if let id = try env ?? file.map({ try PPOConfig.decode($0, over: base).envID }),
                let spec = try? VecEnv.spec(for: id) {
        // CleanRL's continuous-control settings for the arm, a faster learning rate for Wordle.
        base = .defaults(for: spec)
      }
      settings = try file.map { try PPOConfig.decode($0, over: base) } ?? base
    } catch {
      throw configError(error)
    }
    return try applyingFlags(to: settings)
  }
}

/// "steps 1.23M/10M  SPS 45.1k  return 0.81  success 0.93  (iteration 12)".
func progressLine(_ m: TrainingMetrics, total: Int) -> String {
  var parts = ["steps \(compact(Double(m.globalStep)))/\(compact(Double(total)))",
               "SPS \(compact(m.stepsPerSecond))"]
  if let r = m.episodicReturn { parts.append(String(format: "return %.3f", r)) }
  if let s = m.successRate { parts.append(String(format: "success %.2f", s)) }
  parts.append(String(format: "entropy %.2f", m.update.entropy))
  parts.append("iteration \(m.iteration)")
  return parts.joined(separator: "  ")
}

func compact(_ value: Double) -> String {
  switch abs(value) {
  case 1e6...: return String(format: "%.2fM", value / 1e6)
  case 1e3...: return String(format: "%.1fk", value / 1e3)
  default: return String(format: "%.0f", value)
  }
}

/// Names the JSON path and the problem of a config decoding failure.
func describe(_ error: DecodingError) -> String {
  func path(_ context: DecodingError.Context) -> String {
    context.codingPath.map(\.stringValue).joined(separator: ".")
  }
  switch error {
  case .typeMismatch(_, let c), .valueNotFound(_, let c): return "field \(path(c)): \(c.debugDescription)"
  case .keyNotFound(let key, let c): return "missing field \(key.stringValue) at \(path(c))"
  case .dataCorrupted(let c):
    return c.codingPath.isEmpty ? "not valid JSON: \(c.debugDescription)" : c.debugDescription
  @unknown default: return "\(error)"
  }
}

extension TrainCommand {
  /// --reward parsed and made for the run's env; a model fit on another env is refused here,
  /// before the run directory is touched.
  func makeReward(for settings: PPOConfig) throws -> any RewardFunction {
    do {
      let context = RewardContext(spec: try VecEnv.spec(for: settings.envID), environmentCount: settings.numEnvs,
                                  gamma: settings.gamma, isResuming: resume)
      return try RewardSpec(parsing: reward).makeReward(for: context)
    } catch let error as RewardError {
      throw ValidationError("--reward \(error)")
    }
  }
}
