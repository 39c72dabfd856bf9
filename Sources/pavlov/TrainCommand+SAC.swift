import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward
import PavlovSim

extension TrainCommand {
  /// Whether this command trains SAC: `--algo sac`, or `--resume` of a SAC run. A resume that
  /// names the other algorithm than the run's is refused.
  func usesSAC() throws -> Bool {
    guard resume, let saved = RunDirectory(path: out).algorithm else { return algo == "sac" }
    if let algo, algo != saved {
      throw ValidationError("--algo \(algo): \(out) holds a \(saved) run; resume it with --algo \(saved) or without --algo")
    }
    return saved == "sac"
  }

  func runSAC() throws {
    let settings = try resolvedSACConfig()
    let run = RunDirectory(path: out)
    do {
      let reward = try makeSACReward(for: settings)
      let session = try SACSession(config: settings, run: run, resume: resume, reward: reward)
      var progress = ProgressPrinter(plain: plain)
      StopSignals.install()
      let outcome = try session.run(until: { StopSignals.received != nil }) { metrics in
        progress.show(sacProgressLine(metrics, total: settings.totalTimesteps),
                      last: metrics.globalStep >= settings.totalTimesteps)
      }
      progress.finish()
      try finish(outcome, at: "step \(session.trainer.globalStep)", run: run, summary: session.summary, reward: reward)
    } catch let error as TrainingError {
      throw ValidationError(error.description)
    }
  }

  /// SAC's defaults (or with --resume the run's own), then the config file, then flags; checked
  /// here, before the run directory is touched, including the env's action space.
  private func resolvedSACConfig() throws -> SACConfig {
    var settings: SACConfig
    do {
      let file = try config.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
      var base = SACConfig()
      if resume, let saved = try RunDirectory(path: out).savedSACConfig() { base = saved }
      settings = try file.map { try SACConfig.decode($0, over: base) } ?? base
    } catch {
      throw configError(error)
    }
    settings = try applyingFlags(to: settings)
    let spec: EnvSpec
    do { spec = try VecEnv.spec(for: settings.envID) } catch {
      throw ValidationError("--env \(settings.envID): \(error)")
    }
    guard case .continuous = spec.actionSpace else {
      throw ValidationError("--algo sac needs continuous actions, and \(spec.id) has discrete ones; train it with "
                            + "--algo ppo, or choose an arm task (arm/reach, arm/push, …; see `pavlov envs`)")
    }
    return settings
  }

  /// --reward for SAC. A reward that refits during the run (relabel=K) is refit on the same
  /// schedule (every K metrics intervals) and the replay buffer relabelled with each new model
  /// (PEBBLE); only the plain shape scores a stored transition alone, so count and potential
  /// are refused with relabel.
  private func makeSACReward(for settings: SACConfig) throws -> any RewardFunction {
    do {
      let context = RewardContext(spec: try VecEnv.spec(for: settings.envID), environmentCount: settings.numEnvs,
                                  gamma: settings.gamma, isResuming: resume)
      let spec = try RewardSpec(parsing: reward)
      if let kind = spec.kind as? AIFeedbackRewardKind, kind.relabelling != nil, kind.shape != .plain {
        throw ValidationError("--reward \(reward): SAC relabels its replay buffer after each refit, and a \(kind.shape.rawValue) "
                              + "reward depends on whole episodes, so stored transitions cannot be scored again; drop "
                              + "',\(kind.shape.rawValue)' (the plain shape), or use --algo ppo")
      }
      return try spec.makeReward(for: context)
    } catch let error as RewardError {
      throw ValidationError("--reward \(error)")
    }
  }
}

/// "steps 12.0k/1.00M  SPS 310  return 812.3  success 0.42  α 0.031  updates 7.0k".
func sacProgressLine(_ m: SACMetrics, total: Int) -> String {
  var parts = ["steps \(compact(Double(m.globalStep)))/\(compact(Double(total)))", "SPS \(compact(m.stepsPerSecond))"]
  if let r = m.episodicReturn { parts.append(String(format: "return %.3f", r)) }
  if let s = m.successRate { parts.append(String(format: "success %.2f", s)) }
  if let e = m.evaluation { parts.append(String(format: "eval %.2f", e.successRate)) }
  if m.update.updates > 0 { parts.append(String(format: "α %.4f  qf_loss %.3g", m.update.alpha, (m.update.q1Loss + m.update.q2Loss) / 2)) }
  parts.append("updates \(compact(Double(m.totalUpdates)))")
  return parts.joined(separator: "  ")
}
