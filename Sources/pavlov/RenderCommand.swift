import ArgumentParser
import Foundation
import PavlovLearn
import PavlovSim

/// `pavlov render`: an animated GIF of one episode of the robot arm, for people, played by the
/// scripted expert, random actions or a trained run; or (`--out F.png`) one frame of it as a
/// PNG, the picture a vision judge is shown.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Write an animated GIF of one arm episode (expert, random or a trained run), or one frame as a PNG.")

  @Option(help: "Environment id (an arm task, e.g. arm/drawer-open).")
  var env: String?

  @Option(help: "Who acts: expert, random, or a run directory of `pavlov train`.")
  var policy: String = "expert"

  @Option(help: "Where to write the GIF, or one frame as a PNG (a name ending in .png).")
  var out: String

  @Option(help: "With a .png: the step whose frame is written (0: the first; default: the episode's last).")
  var at: Int?

  @Option(help: "Picture side in pixels, 64 to 224.")
  var size: Int = 128

  @Option(help: "Keep every n-th step as a frame.")
  var every: Int = 4

  @Option(help: "Seed of the episode.")
  var seed: UInt64 = 1

  func validate() throws {
    guard (64...224).contains(size) else { throw ValidationError("--size must be in 64...224, got \(size)") }
    guard every >= 1 else { throw ValidationError("--every must be at least 1, got \(every)") }
    if let at {
      guard writesPNG else { throw ValidationError("--at picks the frame of a .png; --out \(out) is a GIF") }
      guard at >= 0 else { throw ValidationError("--at must be 0 or more, got \(at)") }
    }
  }

  private var writesPNG: Bool { out.lowercased().hasSuffix(".png") }

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
    var frame = try vec.renderRGB(of: 0..<1, width: size, height: size), frameStep = 0
    gif.append(rgb: frame)
    while at != steps {
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
      // The last frame is the one before the autoreset: rendered after the step, the env
      // already shows the next episode, so it is taken at the step before.
      if vec.results.isDone(0) { break }
      if writesPNG {
        frame = try vec.renderRGB(of: 0..<1, width: size, height: size)
        frameStep = steps
      } else if steps % every == 0 {
        gif.append(rgb: try vec.renderRGB(of: 0..<1, width: size, height: size))
      }
    }
    if writesPNG {
      if let at, at > frameStep { throw ValidationError("--at \(at) is past the episode's last frame (step \(frameStep))") }
      try Data(try PNGImage.encode(rgb: frame, width: size, height: size)).write(to: URL(fileURLWithPath: out))
      print("\(id), \(policy == "expert" || policy == "random" ? policy : "run " + policy): "
            + (succeeded ? "succeeded" : "did not succeed") + " by step \(steps); wrote its frame at step "
            + "\(frameStep) to \(out)")
      return
    }
    try Data(gif.data).write(to: URL(fileURLWithPath: out))
    print("\(id), \(policy == "expert" || policy == "random" ? policy : "run " + policy): \(steps) steps, "
          + (succeeded ? "succeeded" : "did not succeed") + "; wrote \(gif.frameCount) frames to \(out)")
  }
}
