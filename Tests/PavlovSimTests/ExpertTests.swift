import XCTest
@testable import PavlovSim

final class ExpertTests: XCTestCase {
  func testExpertActionsDriveTheArmAndFaultsAreCounted() throws {
    let vec = try VecEnv(id: "arm/reach", count: 3, seed: 1, options: .init(threadCount: 1))
    XCTAssertThrowsError(try vec.expertActions(), "expert actions need a reset")
    try vec.reset()
    var solved = false
    for _ in 0..<60 {
      let actions = try vec.expertActions()
      XCTAssertEqual(actions.count, 12)
      XCTAssertTrue(actions.allSatisfy { (-1...1).contains($0) })
      try vec.step(actions)
      solved = solved || vec.info(of: 0)[InfoColumn.success] == 1
    }
    XCTAssertTrue(solved, "the reach expert reaches the goal within 60 steps")
    XCTAssertEqual(vec.faultCount, 0)
  }

  /// Plays one episode in each of `count` envs with the expert; the fraction solved.
  private func expertSuccess(_ id: String, count: Int, seed: UInt64) throws -> (rate: Double, meanLength: Double) {
    let vec = try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: 1))
    try vec.reset()
    var solved = [Bool](repeating: false, count: count), live = [Bool](repeating: true, count: count)
    var lengths = [Int](repeating: 0, count: count)
    while live.contains(true) {
      let actions = try vec.expertActions()
      XCTAssertEqual(actions.count, count)
      try vec.step(actions.map { Int32($0) })
      for i in 0..<count where live[i] {
        lengths[i] += 1
        if vec.info(of: i)[InfoColumn.success] > 0.5 { solved[i] = true }
        if vec.results.isDone(i) { live[i] = false }
      }
    }
    return (Double(solved.filter { $0 }.count) / Double(count), Double(lengths.reduce(0, +)) / Double(count))
  }

  func testGridExpertSolvesDoorKey() throws {
    for id in ["MiniGrid-DoorKey-5x5-v0", "MiniGrid-DoorKey-8x8-v0", "MiniGrid-DoorKey-16x16-v0"] {
      let (rate, length) = try expertSuccess(id, count: 200, seed: 7)
      XCTAssertGreaterThanOrEqual(rate, 0.99, id)
      // A planner walks straight there: far below the 10·size² step limit.
      XCTAssertLessThan(length, 120, id)
    }
  }

  func testGridExpertCoversEveryGridFamily() throws {
    for id in ["MiniGrid-Empty-8x8-v0", "MiniGrid-FourRooms-v0", "MiniGrid-MultiRoom-N2-S4-v0", "MiniGrid-MultiRoom-N4-S5-v0",
               "MiniGrid-KeyCorridorS3R3-v0", "MiniGrid-LavaGapS7-v0", "MiniGrid-Unlock-v0", "MiniGrid-UnlockPickup-v0"] {
      let (rate, _) = try expertSuccess(id, count: 50, seed: 3)
      XCTAssertGreaterThanOrEqual(rate, 0.96, id)
    }
  }

  func testWordleSolverSolvesWithinSixGuesses() throws {
    for id in ["Wordle-Answers-v0", "Wordle-v0"] {
      let (rate, length) = try expertSuccess(id, count: 300, seed: 11)
      XCTAssertGreaterThanOrEqual(rate, 0.95, id)
      XCTAssertLessThan(length, 4.5, id)
    }
  }

  func testWordleSolverIsDeterministicAndConsistent() throws {
    let a = try VecEnv(id: "Wordle-Answers-v0", count: 4, seed: 5), b = try VecEnv(id: "Wordle-Answers-v0", count: 4, seed: 5)
    try a.reset()
    try b.reset()
    let first = try a.expertActions()
    XCTAssertEqual(first, try b.expertActions())
    // The opening guess does not depend on the hidden answer: the board is empty.
    XCTAssertEqual(Set(first).count, 1)
  }

  func testExpertActionsNeedAResetFirst() throws {
    let vec = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1)
    XCTAssertThrowsError(try vec.expertActions()) { error in
      XCTAssertTrue("\(error)".contains("call reset before asking for expert actions"), "\(error)")
    }
    XCTAssertEqual(vec.faultCount, 0)
  }
}
