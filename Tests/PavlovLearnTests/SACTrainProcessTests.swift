import Foundation
import PavlovLearn
import XCTest

/// `pavlov train --algo sac` and `pavlov eval` on a SAC run, as processes: a tiny arm run
/// writes the run files, eval reads them, and refusals leave nothing behind.
final class SACTrainProcessTests: XCTestCase {
  private static let tinyJSON = #"{"num_envs": 2, "learning_starts": 32, "batch_size": 16, "hidden_size": 8, "metrics_interval": 32}"#

  func testTrainsEvaluatesAndResumesASACRun() throws {
    let directory = try RunFixtures.scratchDirectory(self)
    let config = directory.appendingPathComponent("sac.json")
    try Data(Self.tinyJSON.utf8).write(to: config)
    let run = directory.appendingPathComponent("run")
    let trained = try PavlovProcess.run(["train", "--algo", "sac", "--env", "arm/reach", "--steps", "64", "--config",
                                         config.path, "--out", run.path, "--plain"])
    XCTAssertEqual(trained.status, 0, trained.output)
    for file in ["config.json", "metrics.jsonl", "checkpoint.bin", "curve.svg"] {
      XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), file)
    }
    XCTAssertEqual(try RunFixtures.iterations(in: run.appendingPathComponent("metrics.jsonl")), [1, 2])
    let evaluated = try PavlovProcess.run(["eval", "--run", run.path, "--episodes", "2", "--greedy"])
    XCTAssertEqual(evaluated.status, 0, evaluated.output)
    XCTAssertTrue(evaluated.output.contains("SAC run"), evaluated.output)
    // --resume finds the algorithm in the checkpoint; naming the other one is refused.
    let wrong = try PavlovProcess.run(["train", "--algo", "ppo", "--resume", "--out", run.path])
    XCTAssertNotEqual(wrong.status, 0)
    XCTAssertTrue(wrong.output.contains("holds a sac run"), wrong.output)
    let resumed = try PavlovProcess.run(["train", "--resume", "--steps", "96", "--out", run.path, "--plain"])
    XCTAssertEqual(resumed.status, 0, resumed.output)
    XCTAssertEqual(try RunFixtures.iterations(in: run.appendingPathComponent("metrics.jsonl")), [1, 2, 3])
  }

  func testRefusalsNameTheProblemAndWriteNothing() throws {
    let directory = try RunFixtures.scratchDirectory(self)
    let run = directory.appendingPathComponent("run")
    let discrete = try PavlovProcess.run(["train", "--algo", "sac", "--env", "MiniGrid-Empty-5x5-v0", "--out", run.path])
    XCTAssertNotEqual(discrete.status, 0)
    XCTAssertTrue(discrete.output.contains("--algo sac needs continuous actions"), discrete.output)
    let unknown = try PavlovProcess.run(["train", "--algo", "dqn", "--env", "arm/reach", "--out", run.path])
    XCTAssertNotEqual(unknown.status, 0)
    XCTAssertTrue(unknown.output.contains("allowed: ppo, sac"), unknown.output)
    let config = directory.appendingPathComponent("bad.json")
    try Data(#"{"batch_size": 512, "learning_starts": 100}"#.utf8).write(to: config)
    let bad = try PavlovProcess.run(["train", "--algo", "sac", "--env", "arm/reach", "--config", config.path,
                                     "--out", run.path])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.output.contains("learning_starts must be at least batch_size = 512"), bad.output)
    let refitting = try PavlovProcess.run(["train", "--algo", "sac", "--env", "arm/reach", "--out", run.path,
                                           "--reward", "ai-feedback:m.model,potential,relabel=2,store=s.sqlite"])
    XCTAssertNotEqual(refitting.status, 0)
    XCTAssertTrue(refitting.output.contains("stored transitions cannot be scored again"), refitting.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: run.path))
  }

  func testInterruptCheckpointsTheLastIntervalAndStops() throws {
    let directory = try RunFixtures.scratchDirectory(self)
    let config = directory.appendingPathComponent("sac.json")
    try Data(Self.tinyJSON.utf8).write(to: config)
    let run = directory.appendingPathComponent("run"), metrics = run.appendingPathComponent("metrics.jsonl")
    let tool = try PavlovProcess(["train", "--algo", "sac", "--env", "arm/reach", "--steps", "1000000", "--config",
                                  config.path, "--out", run.path, "--plain"])
    let started = PavlovProcess.waitUntil(timeout: 60) {
      ((try? String(contentsOf: metrics, encoding: .utf8))?.split(separator: "\n").count ?? 0) >= 2
    }
    XCTAssertTrue(started, "no metrics after 60 s:\n\(tool.text)")
    kill(tool.process.processIdentifier, SIGINT)
    let (exit, output) = try tool.wait(timeout: 60)
    XCTAssertEqual(exit, 130, output)
    XCTAssertTrue(output.contains("--resume"), output)
    let iterations = try RunFixtures.iterations(in: metrics)
    let checkpoint = try SACCheckpoint.load(from: run.appendingPathComponent("checkpoint.bin"))
    XCTAssertEqual(checkpoint.header.iteration, iterations.count, "the checkpoint holds the last interval on record")
    XCTAssertEqual(checkpoint.header.replayCount, checkpoint.header.globalStep)
  }
}
