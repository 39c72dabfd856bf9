import Foundation
import PavlovLearn
import PavlovSim

/// Eureka's reward reflection: train briefly on a program and describe what happened, for the
/// LLM to refine the program from. The statistics are the reward's mean and spread per step,
/// the episodes' success rate, and the correlation of the reward with the privileged task
/// progress (the info column `progress`): the LLM never sees the progress itself, only how well
/// its reward follows it.
public struct TrajectoryAnalysis: Sendable, Equatable {
  public var steps = 0
  public var episodes = 0
  public var successes = 0
  public var rewardMean = 0.0
  public var rewardStandardDeviation = 0.0
  /// Pearson correlation of reward and progress over the steps; nil when either is constant.
  public var progressCorrelation: Double?
  public var failures = 0

  /// The statistics in words, as fed back to the LLM.
  public var text: String {
    let success = episodes > 0 ? String(format: "%.2f", Double(successes) / Double(episodes)) : "no episode ended"
    let correlation = progressCorrelation.map { String(format: "%.2f", $0) } ?? "undefined (a constant)"
    return "\(steps) steps of training on your reward: \(episodes) episodes ended, success rate \(success); "
      + String(format: "reward per step mean %.4f, standard deviation %.4f; ", rewardMean, rewardStandardDeviation)
      + "correlation of the reward with the true task progress \(correlation)"
      + (failures > 0 ? "; the program failed on \(failures) inputs (paid 0)" : "")
  }
}

public enum TrajectoryAnalyser {
  /// Trains a small PPO learner for `steps` steps on `code` and returns what happened.
  public static func analyse(code: String, spec: EnvSpec, inputs: RewardProgram.Inputs, limits: SandboxLimits,
                             steps: Int, seed: UInt64 = 1) throws -> TrajectoryAnalysis {
    let program: RewardProgram
    do { program = try RewardProgram(code: code, spec: spec, inputs: inputs, limits: limits) } catch {
      throw RewardError.invalidArgument(error.message)
    }
    let reward = CodeReward(name: "llm-code (trajectory analysis)", program: program, log: { _ in })
    let recorder = Recorder(reward)
    var config = PPOConfig()
    config.envID = spec.id
    config.seed = seed
    config.numEnvs = 8
    config.numSteps = 64
    config.numMinibatches = 2
    config.totalTimesteps = max(steps, config.batchSize)
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config),
                                 reward: recorder)
    for _ in 0..<config.numIterations { _ = try trainer.runIteration() }
    var analysis = recorder.analysis
    analysis.failures = reward.statistics.failures
    return analysis
  }

  /// Passes the inner reward through and keeps the sums the statistics need.
  final class Recorder: RewardFunction {
    let inner: CodeReward
    var name: String { inner.name }
    private var n = 0.0, sumR = 0.0, sumR2 = 0.0, sumP = 0.0, sumP2 = 0.0, sumRP = 0.0
    private var episodes = 0, successes = 0

    init(_ inner: CodeReward) { self.inner = inner }

    func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
      try inner.rewards(for: batch, into: rewards)
      let width = batch.spec.infoWidth
      for e in 0..<batch.count {
        let r = Double(rewards[e]), p = Double(batch.info[e * width + InfoColumn.progress])
        n += 1
        sumR += r
        sumR2 += r * r
        sumP += p
        sumP2 += p * p
        sumRP += r * p
        if batch.ended(e) {
          episodes += 1
          if batch.info[e * width + InfoColumn.success] != 0 { successes += 1 }
        }
      }
    }

    var analysis: TrajectoryAnalysis {
      guard n > 0 else { return TrajectoryAnalysis() }
      let meanR = sumR / n, meanP = sumP / n
      let varR = max(0, sumR2 / n - meanR * meanR), varP = max(0, sumP2 / n - meanP * meanP)
      let covariance = sumRP / n - meanR * meanP
      let correlation = varR > 1e-12 && varP > 1e-12 ? covariance / (varR * varP).squareRoot() : nil
      return TrajectoryAnalysis(steps: Int(n), episodes: episodes, successes: successes, rewardMean: meanR,
                                rewardStandardDeviation: varR.squareRoot(), progressCorrelation: correlation)
    }
  }
}
