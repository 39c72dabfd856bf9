import ArgumentParser
import Foundation
import PavlovLearn
import PavlovSim

/// `pavlov render`: an animated GIF of one episode of the robot arm, for people (and
/// vision-language judges), played by the scripted expert, random actions or a trained run.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Write an animated GIF of one arm episode (expert, random or a trained run).")

  @Option(help: "Environment id (an arm task, e.g. arm/drawer-open).")
  var env: String?

  @Option(help: "Who acts: expert, random, or a run directory of `pavlov train`.")
  var policy: String = "expert"

  @Option(help: "Where to write the GIF.")
  var out: String

  @Option(help: "Picture side in pixels, 64 to 224.")
  var size: Int = 128

  @Option(help: "Keep every n-th step as a frame.")
  var every: Int = 4

  @Option(help: "Seed of the episode.")
  var seed: UInt64 = 1

  func validate() throws {
    guard (64...224).contains(size) else { throw ValidationError("--size must be in 64...224, got \(size)") }
    guard every >= 1 else { throw ValidationError("--every must be at least 1, got \(every)") }
  }

  func run() throws {
    var trained: TrainedPolicy?
    var id = env
    if !["expert", "random"].contains(policy) {
      let checkpoint = try Checkpoint.load(from: RunDirectory(path: policy).checkpointURL)
      let runEnv = checkpoint.header.config.envID
      if let env, env != runEnv { throw ValidationError("--env \(env) differs from the run's \(runEnv)") }
      id = runEnv
      trained = try TrainedPolicy(checkpoint, spec: try VecEnv.spec(for: runEnv), maxBatchSize: 1, seed: seed)
    }
    guard let id else { throw ValidationError("give --env (or --policy RUN, whose env is used)") }
    let vec = try VecEnv(id: id, count: 1, seed: seed, options: .init(threadCount: 1))
    guard case .continuous(let dimension, let bounds) = vec.spec.actionSpace else {
      throw ValidationError("\(id) has no pictures (the arm tasks do); for grid worlds and Wordle use `pavlov play`")
    }
    try vec.reset()
    var gif = AnimatedGIF(width: size, height: size, centisecondsPerFrame: max(2, 2 * every))
    var random = SystemRandomNumberGenerator()
    var actions = [Float](repeating: 0, count: dimension)
    var succeeded = false, steps = 0
    gif.append(rgb: try vec.renderRGB(of: 0..<1, width: size, height: size))
    while true {
      switch policy {
      case "expert": actions = try vec.expertActions()
      case "random": actions = (0..<dimension).map { _ in Float.random(in: bounds, using: &random) }
      default:
        try actions.withUnsafeMutableBufferPointer {
          try trained!.continuousActions(observations: vec.observations, count: 1, into: $0)
        }
      }
      try vec.step(actions)
      steps += 1
      if vec.info(of: 0)[InfoColumn.success] > 0 { succeeded = true }
      if vec.results.isDone(0) { break }
      if steps % every == 0 { gif.append(rgb: try vec.renderRGB(of: 0..<1, width: size, height: size)) }
    }
    try Data(gif.data).write(to: URL(fileURLWithPath: out))
    print("\(id), \(policy == "expert" || policy == "random" ? policy : "run " + policy): \(steps) steps, "
          + (succeeded ? "succeeded" : "did not succeed") + "; wrote \(gif.frameCount) frames to \(out)")
  }
}
