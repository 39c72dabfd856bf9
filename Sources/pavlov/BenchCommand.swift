import ArgumentParser
import Foundation
import PavlovSim

/// `pavlov bench`: steps/s of one environment, or captions/s, with either scheduler.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure batched env steps per second (or captions per second).",
    discussion: """
      Actions are drawn in advance (a pool of 64 random batches, cycled) so their generation \
      is not timed. --scheduler core uses the core's own worker threads; --scheduler swift \
      creates the batch single-threaded and steps T contiguous ranges with \
      DispatchQueue.concurrentPerform. Build with -c release before quoting numbers.
      """)

  enum Scheduler: String, ExpressibleByArgument, CaseIterable {
    case core, swift
  }

  enum Measure: String, ExpressibleByArgument, CaseIterable {
    case steps, captions
  }

  @Option(help: "Environment id (see `pavlov envs`).")
  var env = "MiniGrid-DoorKey-8x8-v0"

  @Option(help: "Environments in the batch.")
  var numEnvs = 1024

  @Option(help: "Timed batch steps (or captions, with --measure captions).")
  var steps = 1000

  @Option(help: "Untimed batch steps first.")
  var warmup = 50

  @Option(help: "Timed runs of --steps each; the median is reported (the machine may be shared).")
  var repeats = 3

  @Option(help: "Threads; 0 means all cores.")
  var threads = 0

  @Option(help: "Who schedules the threads: core or swift.")
  var scheduler: Scheduler = .core

  @Option(help: "What to time: steps or captions.")
  var measure: Measure = .steps

  @Flag(help: "Shorthand for --measure captions.")
  var captions = false

  @Option(help: "Seed for the environments and the random actions.")
  var seed: UInt64 = 0

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    guard numEnvs >= 1 else { throw ValidationError("--num-envs must be at least 1; got \(numEnvs)") }
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1; got \(steps)") }
    guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1; got \(repeats)") }
    guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more; got \(warmup)") }
    guard threads >= 0, threads <= VecEnv.Options.maxThreadCount else {
      throw ValidationError(
        "--threads must be 0 (all cores) or 1...\(VecEnv.Options.maxThreadCount); got \(threads) "
          + "(threads beyond the cores only take turns)")
    }
  }

  func run() throws {
    let threadCount = threads == 0 ? coreCount : threads
    if captions || measure == .captions {
      try report(benchCaptions())
      return
    }
    // The swift scheduler keeps the core's pool at one thread so the two never compete.
    let coreThreads = scheduler == .swift ? 1 : threadCount
    let vec = try VecEnv(id: env, count: numEnvs, seed: seed, options: .init(threadCount: coreThreads))
    if scheduler == .swift, case .continuous = vec.spec.actionSpace {
      throw ValidationError("--scheduler swift supports discrete action spaces only for now")
    }
    let pool = ActionPool(spec: vec.spec, count: numEnvs, seed: seed)
    try vec.reset()
    let stepOnce: (Int) throws -> Void
    switch scheduler {
    case .core:
      stepOnce = { try pool.step(vec, batch: $0) }
    case .swift:
      stepOnce = { i in try pool.withDiscreteBatch(i) { try vec.stepConcurrently($0, chunkCount: threadCount) } }
    }
    for i in 0..<warmup { try stepOnce(i) }
    let seconds = try medianSeconds { for i in 0..<steps { try stepOnce(i) } }
    let envSteps = Double(numEnvs) * Double(steps)
    try report(
      BenchResult(
        env: env, measure: "steps", numEnvs: numEnvs, steps: steps,
        threads: scheduler == .swift ? threadCount : vec.threadCount, scheduler: scheduler.rawValue,
        seconds: seconds, perSecond: envSteps / seconds, nanosecondsEach: seconds * 1e9 / envSteps,
        repeats: repeats))
  }

  /// Captions are off the hot path (labelling between rollouts): measured on their own,
  /// single-threaded, live (`caption(of:)`) over envs in turn after a few random steps.
  private func benchCaptions() throws -> BenchResult {
    let vec = try VecEnv(id: env, count: numEnvs, seed: seed, options: .init(threadCount: threads == 0 ? nil : threads))
    let pool = ActionPool(spec: vec.spec, count: numEnvs, seed: seed)
    try vec.reset()
    for i in 0..<max(warmup, 1) { try pool.step(vec, batch: i) }
    var characters = 0
    for i in 0..<steps { characters += try vec.caption(of: i % numEnvs).utf8.count }
    let seconds = try medianSeconds { for i in 0..<steps { _ = try vec.caption(of: i % numEnvs) } }
    return BenchResult(
      env: env, measure: "captions", numEnvs: numEnvs, steps: steps, threads: 1, scheduler: "caller",
      seconds: seconds, perSecond: Double(steps) / seconds, nanosecondsEach: seconds * 1e9 / Double(steps),
      repeats: repeats, meanCaptionBytes: Double(characters) / Double(steps))
  }

  /// Times `body` --repeats times and returns the median duration.
  private func medianSeconds(_ body: () throws -> Void) throws -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
      let start = monotonicSeconds()
      try body()
      times.append(monotonicSeconds() - start)
    }
    return times.sorted()[times.count / 2]
  }

  private func report(_ result: BenchResult) throws {
    if json {
      print(try jsonLine(result))
      return
    }
    let unit = result.measure == "steps" ? "env steps/s" : "captions/s"
    let each = result.measure == "steps" ? "ns per env step" : "ns per caption"
    print(
      "\(result.env)  N=\(result.numEnvs)  threads=\(result.threads) (\(result.scheduler))  "
        + "\(result.steps) \(result.measure == "steps" ? "batch steps" : "captions") in "
        + String(format: "%.3f s", result.seconds) + " (median of \(result.repeats))")
    print("  \(humanRate(result.perSecond))\(unit)   " + String(format: "%.1f", result.nanosecondsEach) + " \(each)")
    if let bytes = result.meanCaptionBytes { print(String(format: "  mean caption length %.0f bytes", bytes)) }
  }
}

/// What `pavlov bench` measured.
struct BenchResult: Encodable {
  let env: String
  let measure: String
  let numEnvs: Int
  let steps: Int
  let threads: Int
  let scheduler: String
  let seconds: Double
  let perSecond: Double
  let nanosecondsEach: Double
  /// Timed runs; `seconds` is their median.
  let repeats: Int
  var meanCaptionBytes: Double? = nil
}
