import ArgumentParser
import Foundation
import PavlovLearn
import PavlovSim

/// `pavlov demo`: the main job. Steps the headline environments at speed with random actions,
/// then runs the paper's AI-feedback pipeline on DoorKey-8x8: collect observations, have a
/// labeller say which of two shows more progress, fit a Bradley–Terry reward, train PPO on that
/// reward alone, evaluate on the environment's own success.
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Step DoorKey, Wordle and arm batches, then run AI feedback end to end on DoorKey-8x8.")

  @Option(help: "Seconds of stepping per environment.")
  var seconds = 1.0

  @Option(help: "Environments per batch.")
  var numEnvs = 1024

  @Option(help: "Seed for the environments and the random actions.")
  var seed: UInt64 = 0

  /// The headline environments, in order; missing ones are skipped with a notice since the
  /// families land independently.
  static let environmentIDs = ["MiniGrid-DoorKey-8x8-v0", "Wordle-v0", "arm/pick-place"]

  @Flag(help: "Skip the AI-feedback pipeline (collect, label, fit, train, evaluate).")
  var noTraining = false

  @Option(help: "Who labels the pairs: scripted:oracle (a SIMULATED teacher), any scripted:<teacher>, or llm.")
  var labeller = "scripted:oracle"

  @Option(help: "Pairs to label (default: 10000 for scripted teachers, 300 for an LLM).")
  var pairs: Int?

  @Option(help: "Rounds of collect, label, fit, train; a round runs only while success is below 90%.")
  var rounds = 2

  @Option(help: "Where the pipeline's files go (default: a new runs/demo-<time> directory).")
  var out: String?

  @OptionGroup var llm: LLMOptions

  func validate() throws {
    guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600]; got \(seconds)") }
    guard numEnvs >= 1 else { throw ValidationError("--num-envs must be at least 1; got \(numEnvs)") }
    guard (1...5).contains(rounds) else { throw ValidationError("--rounds must be in 1...5; got \(rounds)") }
  }

  func run() async throws {
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
    if !noTraining { try await aiFeedback() }
  }

  /// The paper's pipeline on DoorKey-8x8, each stage through the same code as its command.
  private func aiFeedback() async throws {
    let id = "MiniGrid-DoorKey-8x8-v0"
    let stamp = Int(Date().timeIntervalSince1970)
    let directory = out ?? "runs/demo-\(stamp)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let store = directory + "/labels.sqlite"
    let pairCount = pairs ?? (labeller == "llm" ? 300 : 10_000)
    func stage(_ title: String) { print("\n" + Terminal.bold(title)) }
    func timed<T>(_ body: () async throws -> T) async rethrows -> T {
      let start = monotonicSeconds()
      defer { print(String(format: "  (%.1f s)", monotonicSeconds() - start)) }
      return try await body()
    }

    print("\n" + Terminal.bold("AI feedback on \(id)") + ": PPO learns from a reward fit to preference labels "
          + "alone; the environment's reward is only logged. Files: \(directory)")
    // With no server named, --labeller llm uses the local model: started here and stopped after,
    // asked in completion mode with both orders (SmolLM2-135M ignores the chat format).
    var options = llm
    let local = labeller == "llm" && llm.url == nil && ProcessInfo.processInfo.environment["PAVLOV_LLM_URL"] == nil
    if local {
      options.mode = "completion"
      options.bothOrders = true
      try await LLMServeCommand.parse([]).run()
    }
    var model = "", run = ""
    do {
      // Round 1 learns from random-policy data; round 2 (if round 1 fell short of 90%) adds data
      // from round 1's agent, which reaches the door and the goal more often, and starts afresh.
      for round in 1...rounds {
        model = directory + "/reward-\(round).model"
        run = directory + "/ppo-\(round)"
        print("\n" + Terminal.bold("Round \(round) of at most \(rounds)"))
        if round == 1 {
          stage("1. collect 100,000 observations and their captions with the random policy")
          try await timed { try CollectCommand.parse(["--env", id, "--steps", "100000", "--store", store,
                                                      "--num-envs", "64", "--seed", String(seed &+ 11)]).run() }
        } else {
          stage("1. collect 50,000 more observations with round \(round - 1)'s agent")
          try await timed { try CollectCommand.parse(["--env", id, "--steps", "50000", "--store", store, "--num-envs", "64",
                                                      "--seed", String(seed &+ 11 &+ UInt64(round)),
                                                      "--policy", directory + "/ppo-\(round - 1)"]).run() }
        }
        stage("2. label \(pairCount) new pairs: which caption shows more progress (labeller \(labeller))")
        try await timed {
          var annotate = try AnnotateCommand.parse(["--store", store, "--pairs", String(pairCount * round),
                                                    "--labeller", labeller, "--seed", String(round)])
          annotate.llm = options
          try await annotate.run()
        }
        stage("3. fit the Bradley–Terry reward model (observation + the event its caption reports)")
        try await timed { try RewardFitCommand.parse(["--store", store, "--out", model]).run() }
        stage("4. PPO on the learned reward alone (potential differences γ·r̂(o′) − r̂(o)), 3M steps or 95% success")
        try await timed {
          var config = PPOConfig()
          config.envID = id
          config.seed = seed &+ 1
          // The budget sets the learning-rate schedule: 3M is the one measured (README, "AI feedback").
          config.totalTimesteps = 3_000_000
          config.stopSuccessRate = 0.95
          let reward = try makeReward("ai-feedback:\(model),potential", envID: config.envID, envs: config.numEnvs,
                                      gamma: config.gamma)
          let session = try TrainingSession(config: config, run: RunDirectory(path: run), resume: false, reward: reward)
          var printed = Date.distantPast
          try session.run { metrics in
            guard Date().timeIntervalSince(printed) >= 3 else { return }
            printed = Date()
            print("  " + progressLine(metrics, total: config.totalTimesteps))
          }
          print("  " + session.summary.split(separator: "\n")[0])
        }
        stage("5. evaluate on 200 fresh episodes, by the environment's own success")
        let result = try Evaluation.run(try Checkpoint.load(from: RunDirectory(path: run).checkpointURL), episodes: 200,
                                        seed: 12_345)
        print(String(format: "  success rate %.3f, mean environment return %.3f, mean length %.1f (random policy: about 0.01)",
                     result.successRate, result.meanReturn, result.meanLength))
        if result.successRate >= 0.9 { break }
      }
    } catch {
      if local { try? await LLMServeCommand.parse(["--stop"]).run() }
      throw error
    }
    if local { try await LLMServeCommand.parse(["--stop"]).run() }
    stage("6. where the learned reward rises along one episode")
    try RewardPlotCommand.parse(["--model", model, "--run", run, "--out", directory + "/learned-reward.svg"]).run()
    if labeller.hasPrefix("scripted:") {
      print("\nLabels from a SIMULATED scripted teacher (privileged progress). Try --labeller llm: the local "
            + "SmolLM2-135M (`pavlov llm setup`) runs the pipeline but gives no useful preferences; --llm-url URL "
            + "--llm-model NAME points it at a stronger server.")
    } else {
      print("\nLabels from the language model. The local SmolLM2-135M gives no useful preferences; point "
            + "--llm-url URL --llm-model NAME at a stronger server for real ones.")
    }
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
