import XCTest
@testable import PavlovReward

/// Every scripted teacher's parameter is checked against its meaningful range, and the error
/// names the teacher, the parameter and what is allowed (issue 12, item 9).
final class ScriptedTeacherParameterTests: XCTestCase {
  private func assertRefused(_ text: String, signal: ScriptedTeacher.Signal = .progress, mentions: [String],
                             file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try ScriptedTeacher(parsing: text, signal: signal), text, file: file, line: line) { error in
      for word in mentions {
        XCTAssertTrue("\(error)".contains(word), "'\(text)': \(error) should mention \(word)", file: file, line: line)
      }
    }
  }

  func testAnInvertedOrDegenerateTeacherIsRefused() {
    // β < 0 prefers the worse side (an inverted teacher); β = 0 labels at random.
    assertRefused("stochastic=-1", mentions: ["stochastic", "β", "greater than 0"])
    assertRefused("stochastic=0", mentions: ["β", "greater than 0"])
    // ε above 0.5 is wrong more often than right: an inverted teacher again.
    assertRefused("mistake=0.7", mentions: ["mistake", "ε", "0...0.5"])
    assertRefused("mistake=-0.1", mentions: ["ε", "0...0.5"])
    assertRefused("myopic=1.5", mentions: ["myopic", "γ", "0...1"])
    assertRefused("myopic=-0.5", mentions: ["γ", "0...1"])
  }

  func testThresholdsAreCheckedAgainstTheSignal() {
    // Progress lies in 0...1: a threshold outside it skips every pair or none.
    assertRefused("skip=-0.5", mentions: ["skip", "threshold", "0...1"])
    assertRefused("skip=2", mentions: ["threshold", "0...1"])
    assertRefused("equal=-0.1", mentions: ["equal", "δ", "0...1"])
    assertRefused("equal=1.5", mentions: ["δ", "0...1"])
    // Returns can be negative or large: any threshold is meaningful, a negative δ is not.
    XCTAssertEqual(try ScriptedTeacher(parsing: "skip=-2", signal: .return).kind, .skip(threshold: -2))
    XCTAssertEqual(try ScriptedTeacher(parsing: "equal=3", signal: .return).kind, .equal(delta: 3))
    assertRefused("equal=-1", signal: .return, mentions: ["δ", "0 or more"])
  }

  func testParametersThatAreNotFiniteNumbersAreRefused() {
    for text in ["stochastic=nan", "stochastic=inf", "mistake=", "skip=abc", "oracle=1", "equal=1e999"] {
      assertRefused(text, mentions: ["scripted teacher"])
    }
  }

  func testTheBoundariesAreAccepted() throws {
    XCTAssertEqual(try ScriptedTeacher(parsing: "mistake=0").kind, .mistake(epsilon: 0))
    XCTAssertEqual(try ScriptedTeacher(parsing: "mistake=0.5").kind, .mistake(epsilon: 0.5))
    XCTAssertEqual(try ScriptedTeacher(parsing: "stochastic=0.01").kind, .stochastic(beta: 0.01))
    XCTAssertEqual(try ScriptedTeacher(parsing: "skip=0").kind, .skip(threshold: 0))
    XCTAssertEqual(try ScriptedTeacher(parsing: "equal=1").kind, .equal(delta: 1))
    XCTAssertEqual(try ScriptedTeacher(parsing: "myopic=0").kind, .myopic(gamma: 0))
  }

  func testATeacherBuiltInCodeIsCheckedToo() {
    XCTAssertThrowsError(try ScriptedTeacher(kind: .stochastic(beta: -1))) { error in
      XCTAssertTrue("\(error)".contains("β"), "\(error)")
    }
    XCTAssertThrowsError(try ScriptedTeacher(kind: .mistake(epsilon: .nan)))
    XCTAssertThrowsError(try ScriptedTeacher(kind: .skip(threshold: .infinity), signal: .return))
  }
}
