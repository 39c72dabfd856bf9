import XCTest
@testable import PavlovSim

/// Pictures of stored observations: the scene posed from an observation alone looks like the
/// live env that wrote it, shows no goal a goal-hidden id hides, and bad input is refused.
final class ObservationPictureTests: XCTestCase {
  private static let side = 32

  /// The share of pixels where the live render and the posed render differ by more than 8 levels.
  private func mismatch(_ id: String, steps: Int, seed: UInt64 = 5) throws -> Double {
    let env = try VecEnv(id: id, count: 1, seed: seed, options: .init(threadCount: 1))
    try env.reset()
    for _ in 0..<steps { try env.step(try env.expertActions()) }
    let live = try env.renderRGB(of: 0..<1, width: Self.side, height: Self.side)
    let observation = Array(env.observationBytes(of: 0))
    let posed = try env.renderRGB(observation: observation, width: Self.side, height: Self.side)
    XCTAssertEqual(posed.count, live.count)
    var differing = 0
    for p in 0..<(Self.side * Self.side) where (0..<3).contains(where: { abs(Int(live[3 * p + $0]) - Int(posed[3 * p + $0])) > 8 }) {
      differing += 1
    }
    return Double(differing) / Double(Self.side * Self.side)
  }

  func testAPosedObservationLooksLikeTheLiveScene() throws {
    // Each task's pose function once (push and pick-place share reach's, window-close and
    // drawer-close their -open twins' geometry).
    for id in ["arm/reach", "arm/sweep-into", "arm/soccer", "arm/drawer-close", "arm/door-open", "arm/window-open",
               "arm/button-press-topdown", "arm/peg-insert-side"] {
      // Mid-episode the links and fingers trail the hand a little; the picture still matches.
      XCTAssertLessThan(try mismatch(id, steps: 15), 0.03, "\(id) after 15 expert steps")
    }
    XCTAssertLessThan(try mismatch("arm/drawer-open", steps: 0), 0.01, "at reset")
  }

  func testAGoalHiddenPictureHasNoGoalMarker() throws {
    // The same seed gives the same scene; only the goal marker may tell the pictures apart.
    func picture(_ id: String) throws -> [UInt8] {
      let env = try VecEnv(id: id, count: 1, seed: 2, options: .init(threadCount: 1))
      try env.reset()
      return try env.renderRGB(observation: Array(env.observationBytes(of: 0)), width: 64, height: 64)
    }
    let shown = try picture("arm/reach"), hidden = try picture("arm/reach-goal-hidden")
    let differing = stride(from: 0, to: shown.count, by: 3).filter { shown[$0..<$0 + 3] != hidden[$0..<$0 + 3] }
    XCTAssertGreaterThan(differing.count, 0, "the goal marker is drawn where the goal is shown")
    XCTAssertTrue(differing.allSatisfy { Int(shown[$0]) > Int(shown[$0 + 1]) + 60 }, "only red marker pixels differ")
  }

  func testBadObservationsAndEnvironmentsWithoutPicturesAreRefused() throws {
    let env = try VecEnv(id: "arm/push", count: 1, options: .init(threadCount: 1))
    XCTAssertEqual(env.spec.frameSide, 128)
    var observation = [Float](repeating: 0, count: 39)
    observation[1] = 0.6
    XCTAssertEqual(try env.renderRGB(observation: observation, width: 16, height: 16).count, 16 * 16 * 3, "no reset needed")
    observation[5] = .nan
    XCTAssertThrowsError(try env.renderRGB(observation: observation, width: 32, height: 32)) { error in
      XCTAssertTrue("\(error)".contains("observation element 5 is nan"), "\(error)")
    }
    observation[5] = 0
    XCTAssertThrowsError(try env.renderRGB(observation: observation, width: 8, height: 32)) { error in
      XCTAssertTrue("\(error)".contains("8x32 is outside 16...512"), "\(error)")
    }
    XCTAssertThrowsError(try env.renderRGB(observation: [Float](repeating: 0, count: 12), width: 32, height: 32)) { error in
      XCTAssertTrue("\(error)".contains("needs 156"), "\(error)")
    }
    let grid = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1)
    XCTAssertNil(grid.spec.frameSide)
    XCTAssertThrowsError(try grid.renderRGB(observation: [UInt8](repeating: 0, count: grid.spec.observationByteCount),
                                            width: 32, height: 32)) { error in
      XCTAssertTrue("\(error)".contains("cannot draw a stored observation"), "\(error)")
    }
  }
}
