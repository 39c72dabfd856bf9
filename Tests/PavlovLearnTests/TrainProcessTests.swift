import Foundation
import PavlovLearn
import XCTest

/// `pavlov train` as a process: Ctrl-C and SIGTERM checkpoint and stop, --resume refuses what
/// differs from the run, and nothing is written before everything is checked. Each run is a
/// few 8-env iterations on the 5×5 empty grid, bounded by hard timeouts.
final class TrainProcessTests: XCTestCase {
  private var directory: URL!
  private var configFile: URL!

  override func setUpWithError() throws {
    _ = try PavlovProcess.executable()
    directory = try RunFixtures.scratchDirectory(self)
    configFile = directory.appendingPathComponent("tiny.json")
    try Data(RunFixtures.tinyConfigJSON.utf8).write(to: configFile)
  }

  private func trainArguments(_ out: URL, env: String = "MiniGrid-Empty-5x5-v0", iterations: Int) -> [String] {
    ["train", "--env", env, "--steps", String(128 * iterations), "--config", configFile.path, "--out", out.path, "--plain"]
  }

  private func checkpointIteration(_ run: URL) throws -> Int {
    try Checkpoint.load(from: run.appendingPathComponent("checkpoint.bin")).header.iteration
  }

  /// Ctrl-C died like kill -9, losing every iteration since the last checkpoint (every 10th).
  private func interrupt(with signal: Int32, expecting status: Int32) throws -> URL {
    let run = directory.appendingPathComponent("run")
    let metrics = run.appendingPathComponent("metrics.jsonl")
    let tool = try PavlovProcess(trainArguments(run, iterations: 100_000))
    let started = PavlovProcess.waitUntil(timeout: 60) {
      ((try? String(contentsOf: metrics, encoding: .utf8))?.split(separator: "\n").count ?? 0) >= 3
    }
    XCTAssertTrue(started, "no metrics after 60 s:\n\(tool.text)")
    kill(tool.process.processIdentifier, signal)
    let (exit, output) = try tool.wait(timeout: 60)
    XCTAssertEqual(exit, status, output)
    XCTAssertTrue(output.contains("--resume"), "says how to continue: \(output)")
    let iterations = try RunFixtures.iterations(in: metrics)
    XCTAssertEqual(iterations, Array(1...iterations.count))
    XCTAssertEqual(try checkpointIteration(run), iterations.count, "the checkpoint holds the last iteration on record")
    return run
  }

  func testInterruptCheckpointsStopsAndResumesCleanly() throws {
    let run = try interrupt(with: SIGINT, expecting: 130)
    let reached = try checkpointIteration(run)
    let (status, output) = try PavlovProcess.run(
      ["train", "--out", run.path, "--resume", "--steps", String(128 * (reached + 2)), "--plain"])
    XCTAssertEqual(status, 0, output)
    XCTAssertEqual(try RunFixtures.iterations(in: run.appendingPathComponent("metrics.jsonl")), Array(1...(reached + 2)))
  }

  func testTerminateCheckpointsAndStops() throws {
    _ = try interrupt(with: SIGTERM, expecting: 143)
  }

  /// `--out ""` trained into the current directory.
  func testAnEmptyOutIsRefused() throws {
    let cwd = directory.appendingPathComponent("cwd")
    try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: false)
    var arguments = trainArguments(cwd, iterations: 3)
    arguments[arguments.firstIndex(of: cwd.path)!] = ""
    let (status, output) = try PavlovProcess.run(arguments, directory: cwd)
    XCTAssertNotEqual(status, 0, output)
    XCTAssertTrue(output.contains("--out"), output)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cwd.path), [])
  }

  /// --resume trusted a checkpoint of another env over config.json, without a word.
  func testResumeRefusesACheckpointThatDisagreesWithConfigJSON() throws {
    let empty = directory.appendingPathComponent("empty"), doorKey = directory.appendingPathComponent("doorkey")
    XCTAssertEqual(try PavlovProcess.run(trainArguments(empty, iterations: 2)).status, 0)
    XCTAssertEqual(try PavlovProcess.run(trainArguments(doorKey, env: "MiniGrid-DoorKey-5x5-v0", iterations: 2)).status, 0)
    let target = empty.appendingPathComponent("checkpoint.bin")
    try FileManager.default.removeItem(at: target)
    try FileManager.default.copyItem(at: doorKey.appendingPathComponent("checkpoint.bin"), to: target)
    let (status, output) = try PavlovProcess.run(["train", "--out", empty.path, "--resume", "--steps", "1280"])
    XCTAssertNotEqual(status, 0, output)
    for word in ["env_id", "MiniGrid-Empty-5x5-v0", "MiniGrid-DoorKey-5x5-v0", "config.json"] {
      XCTAssertTrue(output.contains(word), "\(word) in: \(output)")
    }
  }

  /// --seed on --resume was ignored without a word; it is refused, naming both seeds.
  func testResumeRefusesAnotherSeed() throws {
    let run = directory.appendingPathComponent("run")
    XCTAssertEqual(try PavlovProcess.run(trainArguments(run, iterations: 2)).status, 0)
    let (status, output) = try PavlovProcess.run(["train", "--out", run.path, "--resume", "--steps", "640", "--seed", "7"])
    XCTAssertNotEqual(status, 0, output)
    for word in ["seed", "7", "1"] { XCTAssertTrue(output.contains(word), "\(word) in: \(output)") }
    XCTAssertEqual(try checkpointIteration(run), 2, "the run is untouched")
    // The same seed, or none, continues.
    XCTAssertEqual(try PavlovProcess.run(["train", "--out", run.path, "--resume", "--steps", "512", "--seed", "1"]).status, 0)
  }

  /// A metrics line the file system refuses (the file-size limit, with SIGXFSZ ignored) ended
  /// the process with a trap; it must end with an error naming the file, and no temporaries.
  func testAFailedMetricsWriteIsAnErrorNotACrash() throws {
    let run = directory.appendingPathComponent("run")
    let arguments = trainArguments(run, iterations: 20).map { "'\($0)'" }.joined(separator: " ")
    // 4 blocks of 512 bytes: config.json and the first metrics lines fit, later ones do not.
    let tool = try PavlovProcess([], shell: "trap '' XFSZ; ulimit -f 4; exec \"$PAVLOV\" \(arguments)")
    let (status, output) = try tool.wait(timeout: 60)
    XCTAssertGreaterThan(status, 0, "an error exit, not a signal: \(output)")
    XCTAssertTrue(output.contains("metrics.jsonl") || output.contains("checkpoint.bin"), output)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []
    XCTAssertFalse(names.contains { $0.contains(".tmp-") }, "temporary files left: \(names)")
  }
}
