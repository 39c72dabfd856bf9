import XCTest
@testable import PavlovSim

final class TextTests: XCTestCase {
  func testCaptionsAreNonEmptyAndStable() throws {
    for id in TestIDs.all {
      try requireEnv(id)
      let a = try captions(id)
      let b = try captions(id)
      XCTAssertEqual(a, b, "\(id): same seed and actions must give the same captions")
      XCTAssertFalse(a.contains(""), "\(id): empty caption")
    }
  }

  func testCaptionOfAStoredObservationMatchesTheLiveCaption() throws {
    let id = try anyEnvID()
    let vec = try VecEnv(id: id, count: 3, seed: 5, options: .init(threadCount: 1))
    try vec.reset()
    for actions in randomActions(count: 3, actions: vec.spec.discreteActionCount, steps: 10, seed: 6) {
      try vec.step(actions)
      for env in 0..<3 where !vec.results.isDone(env) {
        let stored = Array(vec.observationBytes(of: env))
        let event = Int(vec.info(of: env)[InfoColumn.event])
        XCTAssertEqual(try vec.caption(observation: stored, event: event), try vec.caption(of: env))
      }
    }
  }

  func testRenderTextAndNames() throws {
    let id = try anyEnvID()
    let vec = try VecEnv(id: id, count: 1, options: .init(threadCount: 1))
    try vec.reset()
    XCTAssertFalse(try vec.renderText(of: 0).isEmpty)
    XCTAssertEqual(vec.eventName(0), "")
    XCTAssertNil(vec.eventName(-1))
    XCTAssertNil(vec.eventName(vec.spec.eventNames.count))
    let names = try vec.actionNames()
    XCTAssertEqual(names.count, vec.spec.discreteActionCount)
    XCTAssertFalse(names.contains(""))
  }

  func testGridActionNames() throws {
    try requireEnv(TestIDs.doorKey)
    let vec = try VecEnv(id: TestIDs.doorKey, count: 1, options: .init(threadCount: 1))
    let names = try vec.actionNames()
    XCTAssertEqual(names, ["left", "right", "forward", "pickup", "drop", "toggle", "done"])
    for name in ["left", "right", "forward", "pickup", "toggle"] {
      XCTAssertTrue(names.contains(name), "\(name) missing from \(names)")
    }
  }

  func testWordleActionNamesAreFiveLetterWords() throws {
    try requireEnv(TestIDs.wordle)
    let vec = try VecEnv(id: TestIDs.wordle, count: 1, options: .init(threadCount: 1))
    for action in [0, vec.spec.discreteActionCount - 1] {
      let word = try vec.actionName(action)
      XCTAssertEqual(word.count, 5, word)
      XCTAssertTrue(word.allSatisfy(\.isLetter), word)
    }
  }

  /// Live captions of 4 envs over 15 steps of fixed random actions.
  private func captions(_ id: String) throws -> [String] {
    let vec = try VecEnv(id: id, count: 4, seed: 13, options: .init(threadCount: 2))
    try vec.reset()
    var out = try (0..<4).map { try vec.caption(of: $0) }
    for actions in randomActions(count: 4, actions: vec.spec.discreteActionCount, steps: 15, seed: 14) {
      try vec.step(actions)
      out += try (0..<4).map { try vec.caption(of: $0) }
    }
    return out
  }
}
