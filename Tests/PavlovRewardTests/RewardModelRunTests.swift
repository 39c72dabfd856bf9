import Foundation
import XCTest
@testable import PavlovReward

/// A reward model file is written only over a regular file, and `train --reward ai-feedback:`
/// checks the model's env before it writes anything into the run directory.
final class RewardModelRunTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-rm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func model(env: String) throws -> RewardModel {
    try RewardModel(environmentID: env, observationType: "uint8", observationSize: 148, hiddenSizes: [4])
  }

  /// `reward fit --out /dev/full` printed "wrote /dev/full" and, as root, replaced the device
  /// node with a file. A FIFO stands in for the device here (no real device is touched).
  func testWriteRefusesATargetThatIsNotARegularFile() throws {
    let fifo = directory.appendingPathComponent("pipe").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    XCTAssertThrowsError(try model(env: "MiniGrid-DoorKey-5x5-v0").write(to: fifo)) { error in
      XCTAssertTrue("\(error)".contains(fifo), "\(error)")
    }
    var status = stat()
    XCTAssertEqual(lstat(fifo, &status), 0)
    XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO is left as it was")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["pipe"])
  }

  /// A model fit on another env was refused only after config.json and metrics.jsonl were
  /// written, so the corrected command was refused ("already holds a run").
  func testTrainChecksTheRewardModelsEnvBeforeWritingTheRun() throws {
    let path = directory.appendingPathComponent("doorkey.model").path
    try model(env: "MiniGrid-DoorKey-5x5-v0").write(to: path)
    let run = directory.appendingPathComponent("run").path
    let config = directory.appendingPathComponent("tiny.json")
    try Data(#"{"num_envs": 8, "num_steps": 16, "num_minibatches": 2, "hidden_size": 16}"#.utf8).write(to: config)
    func train(_ env: String) throws -> (status: Int32, output: String) {
      try CommandLineTool.run(["train", "--env", env, "--steps", "256", "--config", config.path, "--out", run,
                               "--reward", "ai-feedback:\(path)", "--plain"])
    }
    let refused = try train("MiniGrid-Empty-5x5-v0")
    XCTAssertNotEqual(refused.status, 0, refused.output)
    XCTAssertTrue(refused.output.contains("MiniGrid-DoorKey-5x5-v0") && refused.output.contains("MiniGrid-Empty-5x5-v0"),
                  refused.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: run), "nothing is created before the checks")
    let corrected = try train("MiniGrid-DoorKey-5x5-v0")
    XCTAssertEqual(corrected.status, 0, corrected.output)
  }
}
