import Foundation
import PavlovLearn
import XCTest

/// Evaluation names the episodes truncated before the step limit (the arm's physics faults,
/// NetHack's engine failures): they end unsolved, and without the count a mean length below the
/// limit (sweep-into's 483 of 500) leaves the reader guessing.
final class EvaluationCutShortTests: XCTestCase {
  func testEpisodesThatRunToTheLimitAreNotCutShort() throws {
    let result = try Evaluation.random(envID: "arm/reach", episodes: 2, seed: 3, threads: 1)
    XCTAssertEqual(result.meanLength, 500)
    XCTAssertEqual(result.cutShort, 0)
  }

  /// A NetHack engine that cannot start faults on every step: each episode is truncated after
  /// one step, long before the limit, and every one is counted.
  func testEpisodesTruncatedByAFaultAreCountedAsCutShort() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-cut-short-nle-\(getpid())")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("nethackdir"),
                                            withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("not a library".utf8).write(to: folder.appendingPathComponent("libnethack.so"))
    try Data().write(to: folder.appendingPathComponent("nethackdir/nhdat"))
    let saved = ProcessInfo.processInfo.environment["PAVLOV_NLE_DIR"]
    setenv("PAVLOV_NLE_DIR", folder.path, 1)
    defer {
      if let saved { setenv("PAVLOV_NLE_DIR", saved, 1) } else { unsetenv("PAVLOV_NLE_DIR") }
    }
    let result = try Evaluation.random(envID: "NetHackGold-v0", episodes: 3, seed: 1, threads: 1)
    XCTAssertEqual(result.meanLength, 1)
    XCTAssertEqual(result.cutShort, 3)
    XCTAssertEqual(result.successRate, 0)
  }
}
