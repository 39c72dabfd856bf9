import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// PEBBLE on the arm: `pavlov train --algo sac --reward ai-feedback:MODEL,relabel=K,…` refits the
/// reward model on scripted labels (SIMULATED) every K metrics intervals and relabels the whole
/// replay buffer with each new model.
final class SACRelabellingTests: XCTestCase {
  func testSACRelabelsItsReplayBufferAfterEachRefit() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-sac-relabel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    let env = "arm/reach", spec = try VecEnv.spec(for: env)
    let model = try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                                observationSize: spec.observationSize, hiddenSizes: [4])
    let modelPath = directory.appendingPathComponent("start.model").path
    try model.write(to: modelPath)
    let config = directory.appendingPathComponent("sac.json")
    try Data(#"{"num_envs": 2, "learning_starts": 32, "batch_size": 16, "hidden_size": 8, "metrics_interval": 32}"#.utf8)
      .write(to: config)
    let run = directory.appendingPathComponent("run").path, store = directory.appendingPathComponent("s.sqlite").path
    let trained = try CommandLineTool.run([
      "train", "--algo", "sac", "--env", env, "--steps", "96", "--config", config.path, "--out", run, "--plain",
      "--reward", "ai-feedback:\(modelPath),relabel=1,store=\(store),pairs=20,window=64"])
    XCTAssertEqual(trained.status, 0, trained.output)
    XCTAssertTrue(trained.output.contains("relabel: iteration 3,"), trained.output)
    let lines = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
    let relabelled = try lines.map { line -> Int in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return object?["charts/relabelled"] as? Int ?? 0
    }
    XCTAssertEqual(relabelled, [32, 64, 96], "every stored transition relabelled after each refit")
  }
}
