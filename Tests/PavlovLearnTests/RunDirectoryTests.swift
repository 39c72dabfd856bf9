import Foundation
import PavlovLearn
import PavlovSim
import XCTest

/// What a killed or failed run leaves behind must not poison the next command: resume truncates
/// metrics to the checkpoint and removes dead processes' temporary files, and a run that never
/// finished an iteration can simply be started again.
final class RunDirectoryTests: XCTestCase {
  /// The PID of a process that has exited (as a killed writer's would be).
  private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "exit 0"]
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  /// After a kill, metrics.jsonl held iterations past the checkpoint (and maybe a torn last
  /// line); --resume appended duplicated, out-of-order iterations after them.
  func testResumeTruncatesMetricsToTheCheckpointAndRemovesStaleTemporaries() throws {
    let run = RunDirectory(path: try RunFixtures.scratchDirectory(self).appendingPathComponent("run").path)
    try TrainingSession(config: RunFixtures.tinyConfig(iterations: 3), run: run, resume: false).run { _ in }
    XCTAssertEqual(try RunFixtures.iterations(in: run.metricsURL), [1, 2, 3])
    // What a kill -9 after iteration 5 (checkpoint at 3) and during a checkpoint write leaves.
    let lines = try String(contentsOf: run.metricsURL, encoding: .utf8).split(separator: "\n")
    let extra = [4, 5].map { lines[2].replacingOccurrences(of: "\"iteration\":3", with: "\"iteration\":\($0)") }
    let handle = try FileHandle(forWritingTo: run.metricsURL)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((extra.joined(separator: "\n") + "\n{\"global_step\":76").utf8))
    try handle.close()
    let stale = run.url.appendingPathComponent(".checkpoint.bin.tmp-\(try deadProcessID())")
    try Data(count: 100).write(to: stale)

    let resumed = try TrainingSession(config: RunFixtures.tinyConfig(iterations: 6), run: run, resume: true)
    try resumed.run { _ in }
    XCTAssertEqual(try RunFixtures.iterations(in: run.metricsURL), [1, 2, 3, 4, 5, 6])
    XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path), "stale temporary file left")
  }

  /// A run whose first iteration failed (here its reward) left config.json and an empty
  /// metrics.jsonl, and the corrected command was refused: "already holds a run".
  func testARunThatNeverFinishedAnIterationCanBeStartedAgain() throws {
    final class FailingReward: RewardFunction {
      var name: String { "failing" }
      func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
        throw TrainingError.environment("this reward model was fit on another env")
      }
    }
    let run = RunDirectory(path: try RunFixtures.scratchDirectory(self).appendingPathComponent("run").path)
    let failing = try TrainingSession(config: RunFixtures.tinyConfig(), run: run, resume: false, reward: FailingReward())
    XCTAssertThrowsError(try failing.run { _ in })
    try TrainingSession(config: RunFixtures.tinyConfig(), run: run, resume: false).run { _ in }
    XCTAssertEqual(try RunFixtures.iterations(in: run.metricsURL), [1, 2, 3])
  }

  /// A run with iterations on record is never overwritten.
  func testARunWithMetricsIsNotOverwritten() throws {
    let run = RunDirectory(path: try RunFixtures.scratchDirectory(self).appendingPathComponent("run").path)
    try TrainingSession(config: RunFixtures.tinyConfig(), run: run, resume: false).run { _ in }
    XCTAssertThrowsError(try TrainingSession(config: RunFixtures.tinyConfig(), run: run, resume: false)) { error in
      XCTAssertTrue("\(error)".contains("already holds a run"), "\(error)")
    }
  }
}
