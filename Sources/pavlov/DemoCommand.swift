import ArgumentParser
import Foundation
import PavlovLearn
import PavlovReward
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

  /// The paper's pipeline on DoorKey-8x8 (`AIFeedbackPipeline`), printed stage by stage.
  private func aiFeedback() async throws {
    let stamp = Int(Date().timeIntervalSince1970)
    var configuration = AIFeedbackPipeline.Configuration(directory: out ?? "runs/demo-\(stamp)")
    configuration.rounds = rounds
    configuration.pairsPerRound = pairs ?? (labeller == "llm" ? 300 : 10_000)
    configuration.seed = seed
    let pipeline: AIFeedbackPipeline
    do { pipeline = try AIFeedbackPipeline(configuration: configuration) } catch { throw ValidationError("\(error)") }
    print("\n" + Terminal.bold("AI feedback on \(configuration.environmentID)") + ": PPO learns from a reward fit to "
          + "preference labels alone; the environment's reward is only logged. Files: \(configuration.directory)")
    // With no server named, --labeller llm uses the local model: started here and stopped after,
    // asked in completion mode with both orders (SmolLM2-135M ignores the chat format).
    var options = llm
    let local = labeller == "llm" && llm.url == nil && ProcessInfo.processInfo.environment["PAVLOV_LLM_URL"] == nil
    if local {
      options.mode = "completion"
      options.bothOrders = true
      try await LLMServeCommand.parse([]).run()
    }
    let printer = PipelinePrinter(configuration: configuration)
    do {
      try await pipeline.run(labeller: { round in
        try await makeLabeller(seed: UInt64(round), environment: configuration.environmentID, options: options)
      }, report: printer.show)
    } catch {
      if local { try? await LLMServeCommand.parse(["--stop"]).run() }
      throw error
    }
    if local { try await LLMServeCommand.parse(["--stop"]).run() }
    if labeller.hasPrefix("scripted:") {
      print("\nLabels from a SIMULATED scripted teacher (privileged progress). Try --labeller llm: the local "
            + "SmolLM2-135M (`pavlov llm setup`) runs the pipeline but gives no useful preferences; --llm-url URL "
            + "--llm-model NAME points it at a stronger server.")
    } else {
      print("\nLabels from the language model. The local SmolLM2-135M gives no useful preferences; point "
            + "--llm-url URL --llm-model NAME at a stronger server for real ones.")
    }
  }

  /// `--labeller` as `pavlov annotate --labeller … --seed SEED` makes it.
  private func makeLabeller(seed: UInt64, environment: String, options: LLMOptions) async throws
    -> any PreferenceLabeller
  {
    if labeller == "llm" { return try await options.makeLabeller(environment: environment, concurrency: 4) }
    guard labeller.hasPrefix("scripted:") else {
      throw ValidationError("--labeller '\(labeller)' is unknown; allowed: scripted:<teacher>[=value] or llm")
    }
    do { return try ScriptedTeacher(parsing: String(labeller.dropFirst("scripted:".count)), seed: seed) } catch {
      throw ValidationError("--labeller \(labeller): \(error)")
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
