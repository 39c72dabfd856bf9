import XCTest
@testable import PavlovSim

/// Loading states through the Swift face: the web tasks' exported instances, and the errors.
final class StateTests: XCTestCase {
  static let spinner = #"{"task": "use-spinner", "state": {"target": 2}}"#

  func testLoadedInstanceIsPlayedByTheExpert() throws {
    let vec = try VecEnv(id: "MiniWob-use-spinner-v0", count: 2, seed: 1, options: .init(threadCount: 1))
    XCTAssertThrowsError(try vec.setState(json: Self.spinner, of: 0), "a state needs a reset first")
    try vec.reset()
    try vec.setState(json: Self.spinner, of: 1)
    XCTAssertEqual(try vec.mission(of: 1), "Select 2 with the spinner and hit Submit.")
    XCTAssertEqual(vec.info(of: 1)[InfoColumn.episodeStep], 0)
    var steps = 0
    while vec.terminated[1] == 0 && steps < 10 {
      try vec.step(try vec.expertActions().map { Int32($0) })  // discrete: action indices as floats
      steps += 1
    }
    XCTAssertEqual(steps, 4, "focus the input, Up, Up, Submit")
    XCTAssertEqual(vec.rewards[1], 1)
  }

  func testBadStatesThrowAndNameTheProblem() throws {
    let vec = try VecEnv(id: "MiniWob-use-spinner-v0", count: 1, options: .init(threadCount: 1))
    try vec.reset()
    let before = try vec.mission(of: 0)
    for (json, words) in [
      (#"{"task": "use-spinner", "state": {"target": 40}}"#, "state.target"),
      (#"{"task": "guess-number", "state": {"answer": 1}}"#, "use-spinner"), ("[", "invalid JSON"),
    ] {
      XCTAssertThrowsError(try vec.setState(json: json, of: 0)) { XCTAssertTrue("\($0)".contains(words), "\($0)") }
      XCTAssertEqual(try vec.mission(of: 0), before)
    }
    XCTAssertThrowsError(try vec.setState(json: Self.spinner, of: 5)) { XCTAssertTrue("\($0)".contains("index"), "\($0)") }
    let grid = try VecEnv(id: "MiniGrid-Empty-5x5-v0", count: 1)
    try grid.reset()
    XCTAssertThrowsError(try grid.setState(json: Self.spinner, of: 0)) {
      XCTAssertTrue("\($0)".contains("cannot load states"), "\($0)")
    }
  }
}
