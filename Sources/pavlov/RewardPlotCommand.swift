import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward
import PavlovSim

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
    let id = checkpoint.header.config.envID
    guard id == rewardModel.environmentID else {
      throw ValidationError("the run trained on \(id) but the reward model was fit on \(rewardModel.environmentID)")
    }
    let policy = try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: id), maxBatchSize: 1, seed: seed)
    var action = [Int32](repeating: 0, count: 1)
    let trace = try RewardTrace.record(model: rewardModel, environmentID: id, seed: seed) { observation in
      try action.withUnsafeMutableBufferPointer { try policy.actions(observations: observation, count: 1, into: $0) }
      return action[0]
    }
    let title = "learned reward along one episode of \(id) (model \(URL(fileURLWithPath: model).lastPathComponent))"
    try Data(trace.svg(title: title).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    print("episode of \(trace.points.count - 1) steps, \(trace.succeeded ? "successful" : "NOT successful")")
    for point in trace.points where !point.event.isEmpty {
      print(String(format: "  step %3d  r̂ %+.3f  %@", point.step, point.reward, point.event))
    }
    let rewards = trace.points.map(\.reward)
    print(String(format: "r̂ at the start %+.3f, at the end %+.3f, lowest %+.3f, highest %+.3f", rewards.first ?? 0,
                 rewards.last ?? 0, rewards.min() ?? 0, rewards.max() ?? 0))
    print("wrote \(out)")
  }
}
