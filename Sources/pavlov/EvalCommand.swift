import ArgumentParser
import Foundation
import PavlovLearn
import PavlovSim

/// `pavlov eval`: success rate and mean return of a trained run or a baseline policy, one
/// episode in each of K fresh envs.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a trained run (--run) or a baseline policy (--env with --policy).")

  @Option(name: .customLong("run"), help: "Run directory written by `pavlov train`.")
  var runPath: String?

  @Option(name: .long, help: "Environment id, with --policy random or expert.")
  var env: String?

  @Option(name: .long, help: "Baseline policy for --env: random, or expert (the scripted expert: grid BFS planner, Wordle solver, arm scripts, web task experts, NetHack staircase planner).")
  var policy: String?

  @Option(name: .long, help: "Episodes (one per env).")
  var episodes: Int = 100

  @Option(name: .long, help: "Seed of the evaluation envs (default: the run's seed + 100000).")
  var seed: UInt64?

  @Flag(name: .long, help: "Take the most likely action instead of sampling.")
  var greedy = false

  @Option(name: .long, help: "Worker threads.")
  var threads: Int = 2

  func validate() throws {
    guard episodes > 0, episodes <= 1 << 20 else { throw ValidationError("--episodes must be in [1, 1048576], got \(episodes)") }
    guard threads > 0, threads <= 256 else { throw ValidationError("--threads must be in [1, 256], got \(threads)") }
    switch (runPath, env) {
    case (nil, nil): throw ValidationError("give --run DIR (a trained run) or --env ID --policy random|expert")
    case (.some, .some): throw ValidationError("give either --run or --env, not both")
    case (nil, .some):
      guard let policy else { throw ValidationError("--env needs --policy (allowed: random, expert)") }
      guard ["random", "expert"].contains(policy) else {
        throw ValidationError("--policy \(policy) is not known; allowed: random, expert")
      }
    case (.some, nil):
      if let policy { throw ValidationError("--policy \(policy) applies to --env; a --run evaluates its own policy") }
    }
  }

  func run() throws {
    let result: EvaluationResult
    let label: String
    do {
      if let runPath {
        let directory = RunDirectory(path: runPath)
        if directory.algorithm == "sac" {
          let checkpoint = try SACCheckpoint.load(from: directory.checkpointURL)
          let header = checkpoint.header
          result = try Evaluation.run(checkpoint, episodes: episodes, seed: seed ?? header.config.seed &+ 100_000,
                                      greedy: greedy, threads: threads)
          label = "\(header.config.envID), SAC run \(runPath) at step \(header.globalStep) (reward \(header.rewardName))"
            + (greedy ? ", greedy (tanh of the mean)" : ", sampling")
          print(label)
          print(Self.summary(result))
          return
        }
        let checkpoint = try Checkpoint.load(from: directory.checkpointURL)
        let header = checkpoint.header
        result = try Evaluation.run(checkpoint, episodes: episodes, seed: seed ?? header.config.seed &+ 100_000,
                                    greedy: greedy, threads: threads)
        label = "\(header.config.envID), run \(runPath) at step \(header.globalStep) (reward \(header.rewardName))"
          + (greedy ? ", greedy" : ", sampling")
      } else {
        let id = env!
        if policy == "expert" {
          result = try Evaluation.expert(envID: id, episodes: episodes, seed: seed ?? 100_000, threads: threads)
          label = "\(id), scripted expert"
        } else {
          result = try Evaluation.random(envID: id, episodes: episodes, seed: seed ?? 100_000, threads: threads)
          label = "\(id), random policy"
        }
      }
    } catch let error as TrainingError {
      throw ValidationError(error.description)
    }
    print(label)
    print(Self.summary(result))
  }

  /// One line; episodes cut short before the step limit (the arm's physics faults) are named
  /// because they end unsolved and pull the mean length below the limit.
  static func summary(_ result: EvaluationResult) -> String {
    String(format: "episodes %d  success rate %.3f  mean return %.4f  mean length %.1f",
           result.episodes, result.successRate, result.meanReturn, result.meanLength)
      + (result.cutShort > 0 ? "  cut short \(result.cutShort) (truncated before the step limit)" : "")
  }
}
