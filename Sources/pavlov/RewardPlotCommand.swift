import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward

/// `pavlov reward plot`: the learned reward along one successful episode of a trained policy,
/// as an SVG with the environment's events marked (the paper's credit-assignment figure).
struct RewardPlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw a reward model's r̂ along one successful episode of a trained run (SVG).")

  @Option(help: "The reward model (from `pavlov reward fit`).")
  var model: String

  @Option(name: .customLong("run"), help: "A run directory of `pavlov train` whose policy plays the episode.")
  var runPath: String

  @Option(help: "Where to write the SVG.")
  var out: String

  @Option(help: "Seed of the episode.")
  var seed: UInt64 = 1

  func validate() throws {
    let checkpoint = RunDirectory(path: runPath).checkpointURL.path
    try OutputPath.check(out, option: "--out", inputs: [model, checkpoint], overwritable: ["<svg", "<?xml"])
  }

  func run() throws {
    let rewardModel = try RewardModel(contentsOf: model)
    let checkpoint = try Checkpoint.load(from: RunDirectory(path: runPath).checkpointURL)
    let trace: RewardTrace
    do { trace = try RewardTrace.record(model: rewardModel, checkpoint: checkpoint, seed: seed) } catch let error as RewardError {
      throw ValidationError(error.description)
    }
    let title = "learned reward along one episode of \(trace.environmentID) (model \(URL(fileURLWithPath: model).lastPathComponent))"
    try Data(trace.svg(title: title).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    printTrace(trace)
    print("wrote \(out)")
  }
}

/// What `pavlov reward plot` (and the demo's last stage) says about a reward trace.
func printTrace(_ trace: RewardTrace) {
  print("episode of \(trace.points.count - 1) steps, \(trace.succeeded ? "successful" : "NOT successful")")
  for point in trace.points where !point.event.isEmpty {
    print(String(format: "  step %3d  r̂ %+.3f  %@", point.step, point.reward, point.event))
  }
  let rewards = trace.points.map(\.reward)
  print(String(format: "r̂ at the start %+.3f, at the end %+.3f, lowest %+.3f, highest %+.3f", rewards.first ?? 0,
               rewards.last ?? 0, rewards.min() ?? 0, rewards.max() ?? 0))
}
