import XCTest
@testable import PavlovReward

final class ScriptedTeacherTests: XCTestCase {
  private func pair(_ id: Int, _ p1: Double, _ p2: Double, history1: [Double] = [], history2: [Double] = []) -> LabellingPair {
    LabellingPair(
      id: id, first: PairSide(observationID: 1, caption: "a", progress: p1, episodeReturn: p1, progressHistory: history1),
      second: PairSide(observationID: 2, caption: "b", progress: p2, episodeReturn: p2, progressHistory: history2),
      goal: "reach the goal")
  }

  func testOraclePrefersHigherProgressAndTiesOnEqual() throws {
    let oracle = try ScriptedTeacher(kind: .oracle)
    XCTAssertEqual(oracle.labelNow(pair(1, 0.6, 0.3)).preference, 1)
    XCTAssertEqual(oracle.labelNow(pair(1, 0.3, 0.6)).preference, 0)
    let tie = oracle.labelNow(pair(1, 0.3, 0.3))
    XCTAssertEqual(tie.preference, 0.5)
    XCTAssertEqual(tie.status, .tie)
    XCTAssertTrue(tie.isSimulated)
    XCTAssertTrue(oracle.summary.contains("SIMULATED"))
  }

  func testMistakeFlipsAboutEpsilonOfLabelsAndIsDeterministicPerPair() throws {
    let teacher = try ScriptedTeacher(kind: .mistake(epsilon: 0.2), seed: 7)
    let flips = (0..<5000).filter { teacher.labelNow(pair($0, 1, 0)).preference == 0 }.count
    XCTAssertEqual(Double(flips) / 5000, 0.2, accuracy: 0.03)
    XCTAssertEqual(teacher.labelNow(pair(42, 1, 0)), teacher.labelNow(pair(42, 1, 0)))
  }

  func testStochasticFollowsTheBoltzmannProbability() throws {
    let teacher = try ScriptedTeacher(kind: .stochastic(beta: 1), seed: 3)
    let firsts = (0..<8000).filter { teacher.labelNow(pair($0, 1, 0)).preference == 1 }.count
    XCTAssertEqual(Double(firsts) / 8000, 1 / (1 + exp(-1)), accuracy: 0.03)
  }

  func testSkipEqualAndMyopic() throws {
    let skip = try ScriptedTeacher(kind: .skip(threshold: 0.5))
    XCTAssertEqual(skip.labelNow(pair(1, 0.1, 0.2)).status, .skipped)
    XCTAssertNil(skip.labelNow(pair(1, 0.1, 0.2)).preference)
    XCTAssertEqual(skip.labelNow(pair(1, 0.1, 0.9)).preference, 0)
    let equal = try ScriptedTeacher(kind: .equal(delta: 0.2))
    XCTAssertEqual(equal.labelNow(pair(1, 0.5, 0.6)).preference, 0.5)
    XCTAssertEqual(equal.labelNow(pair(1, 0.9, 0.6)).preference, 1)
    // Same final progress; the second reached its milestone later, so a myopic teacher prefers it.
    let myopic = try ScriptedTeacher(kind: .myopic(gamma: 0.5))
    let early = [0.0, 0.5, 0.5, 0.5], late = [0.0, 0.0, 0.0, 0.5]
    XCTAssertEqual(myopic.labelNow(pair(1, 0.5, 0.5, history1: early, history2: late)).preference, 0)
  }

  func testParsingNamesTheAllowedTeachers() throws {
    XCTAssertEqual(try ScriptedTeacher(parsing: "mistake=0.3").kind, .mistake(epsilon: 0.3))
    XCTAssertEqual(try ScriptedTeacher(parsing: "stochastic").kind, .stochastic(beta: 1))
    XCTAssertEqual(try ScriptedTeacher(parsing: "myopic").kind, .myopic(gamma: 0.9))
    XCTAssertThrowsError(try ScriptedTeacher(parsing: "wizard")) { error in
      XCTAssertTrue("\(error)".contains("allowed: oracle"), "\(error)")
    }
    XCTAssertThrowsError(try ScriptedTeacher(parsing: "mistake=2")) { error in
      XCTAssertTrue("\(error)".contains("0...0.5"), "\(error)")
    }
    XCTAssertThrowsError(try ScriptedTeacher(parsing: "mistake=x"))
  }
}
