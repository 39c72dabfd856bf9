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
    let f = try ArmSACRunFixture(self, name: "sac-relabel", learningStarts: 32, metricsInterval: 32)
    let env = f.environmentID, modelPath = f.modelPath, run = f.runPath, store = f.storePath
    let trained = try CommandLineTool.run([
      "train", "--algo", "sac", "--env", env, "--steps", "96", "--config", f.configPath, "--out", run, "--plain",
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
