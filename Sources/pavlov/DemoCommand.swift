import ArgumentParser
import Foundation
import PavlovLearn
import PavlovSim

/// `pavlov demo`: the main job for now. Steps the headline environments at speed with
/// random actions and prints what happened, then trains PPO on DoorKey-5x5 until it solves the
/// task, so a fresh checkout shows the core and the learner working.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Step DoorKey, Wordle and arm batches on all cores, then train PPO on DoorKey-5x5, and report.")

  @Option(help: "Seconds of stepping per environment.")
  var seconds = 3.0

  @Option(help: "Environments per batch.")
  var numEnvs = 1024

  @Option(help: "Seed for the environments and the random actions.")
  var seed: UInt64 = 0

  /// The headline environments, in order; missing ones are skipped with a notice since the
  /// families land independently.
  static let environmentIDs = ["MiniGrid-DoorKey-8x8-v0", "Wordle-v0", "arm/pick-place"]

  @Flag(help: "Skip the PPO training stage.")
  var noTraining = false

  func validate() throws {
    guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600]; got \(seconds)") }
    guard numEnvs >= 1 else { throw ValidationError("--num-envs must be at least 1; got \(numEnvs)") }
  }

  func run() throws {
    let available = Set(VecEnv.availableIDs)
    print(Terminal.bold("Pavlov demo: \(numEnvs) envs per batch, \(coreCount) cores, \(seconds) s each, random actions"))
    var ran = 0
    for id in Self.environmentIDs {
      print("")
      guard available.contains(id) else {
        print(Terminal.yellow("\(id): not in this build yet; skipping."))
        continue
      }
      do {
        try demo(id)
        ran += 1
      } catch {
        // One family failing must not hide the other's numbers.
        print(Terminal.red("\(id): \(error)"))
      }
    }
    if ran == 0 {
      printError("none of \(Self.environmentIDs.joined(separator: ", ")) could run")
      throw ExitCode.failure
    }
    if !noTraining { try train() }
  }

  /// PPO on DoorKey-5x5 with the default settings until 95% of the last 100 episodes succeed
  /// (typically 100k–200k steps), then an evaluation on 200 fresh episodes.
  private func train() throws {
    print("")
    print(Terminal.bold("PPO on MiniGrid-DoorKey-5x5-v0") + " (CleanRL's settings, 2×64 tanh MLPs, reward: the env's)")
    let run = RunDirectory(path: FileManager.default.temporaryDirectory
      .appendingPathComponent("pavlov-demo-\(ProcessInfo.processInfo.processIdentifier)").path)
    defer { try? FileManager.default.removeItem(at: run.url) }
    var config = PPOConfig()
    config.envID = "MiniGrid-DoorKey-5x5-v0"
    config.seed = seed &+ 1
    config.totalTimesteps = 1_000_000
    config.stopSuccessRate = 0.95
    let session = try TrainingSession(config: config, run: run, resume: false)
    var printed = Date.distantPast
    try session.run { metrics in
      guard Date().timeIntervalSince(printed) >= 2 else { return }
      printed = Date()
      print("  " + progressLine(metrics, total: config.totalTimesteps))
    }
    print("  " + session.summary.split(separator: "\n")[0])
    let result = try Evaluation.run(try Checkpoint.load(from: run.checkpointURL), episodes: 200, seed: 12_345)
    print(String(format: "  evaluation on 200 fresh episodes: success rate %.3f, mean return %.3f, mean length %.1f",
                 result.successRate, result.meanReturn, result.meanLength))
    print("  (the same with your own settings: pavlov train --env MiniGrid-DoorKey-5x5-v0 --steps 1000000 --out runs/dk5)")
  }

  private func demo(_ id: String) throws {
    let vec = try VecEnv(id: id, count: numEnvs, seed: seed)
    let pool = ActionPool(spec: vec.spec, count: numEnvs, seed: seed)
    try vec.reset()
    var tally = RunTally()
    var examples: [String] = []
    var batches = 0
    let start = monotonicSeconds()
    var now = start
    // Checking the clock every 16 batches keeps the loop's overhead out of the rate.
    while now - start < seconds {
      for _ in 0..<16 {
        try pool.step(vec, batch: batches)
        batches += 1
        tally.add(vec)
        if examples.count < 2, let caption = try finishedCaption(vec), !examples.contains(caption) {
          examples.append(caption)
        }
      }
      now = monotonicSeconds()
    }
    let elapsed = now - start
    let rate = Double(batches) * Double(numEnvs) / elapsed
    print(Terminal.bold(id) + "  obs \(vec.spec.observationType) \(shapeText(vec.spec.observationShape)), "
      + "actions \(actionSpaceText(vec.spec.actionSpace)), \(vec.threadCount) threads")
    print("  \(humanRate(rate))env steps/s  (\(batches) batches in " + String(format: "%.2f s", elapsed) + ")")
    let successRate = tally.episodes > 0 ? Double(tally.successes) / Double(tally.episodes) : 0
    // Random play rarely wins Wordle: keep small rates readable instead of printing 0.0%.
    let percent = String(format: successRate < 0.01 ? "%.3f" : "%.1f", successRate * 100)
    print("  episodes finished \(tally.episodes), successes \(tally.successes) "
      + "(\(percent)% of episodes, random actions)")
    print("  caption of env 0 now: " + Terminal.green(try vec.caption(of: 0)))
    for example in examples { print("  caption at an episode's end: " + Terminal.green(example)) }
  }

  /// The caption of the first env whose episode just ended, from its final observation.
  private func finishedCaption(_ vec: VecEnv) throws -> String? {
    for i in 0..<vec.count where vec.results.isDone(i) {
      guard let last = vec.finalObservationBytes(of: i) else { return nil }
      return try vec.caption(observation: last, event: Int(vec.info(of: i)[InfoColumn.event]))
    }
    return nil
  }
}

/// Episodes and successes counted from the flags and the privileged success column.
private struct RunTally {
  var episodes = 0
  var successes = 0

  mutating func add(_ vec: VecEnv) {
    let terminated = vec.terminated
    let truncated = vec.truncated
    for i in 0..<vec.count where terminated[i] != 0 || truncated[i] != 0 {
      episodes += 1
      if vec.info(of: i)[InfoColumn.success] > 0 { successes += 1 }
    }
  }
}
