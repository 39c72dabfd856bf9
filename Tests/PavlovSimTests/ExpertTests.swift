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

  func testEnvironmentsWithoutAnExpertThrow() throws {
    let vec = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1)
    try vec.reset()
    XCTAssertThrowsError(try vec.expertActions()) { error in
      XCTAssertTrue("\(error)".contains("no scripted expert"), "\(error)")
    }
    XCTAssertEqual(vec.faultCount, 0)
  }
}
