import PavlovAgent
import XCTest

/// Answers read into actions per family, from the spec's description of the actions only.
final class ActionParsingTests: XCTestCase {
  private let grid = ActionFormat.named(["left", "right", "forward", "pickup", "drop", "toggle", "done"])
  private let wordle = ActionFormat.word(["crane", "slate", "guess"])
  private let arm = ActionFormat.vector(dimension: 4, bounds: -1...1)

  /// The web tasks' numbered actions, written as the folded pattern in the prompt suggests.
  func testNumberedActionNames() {
    var names = (0..<64).map { "click [\($0)]" }
    for k in 0..<64 { for j in 0..<8 { names.append("type field \(j) into [\(k)]") } }
    let web = ActionFormat.named(names)
    for (text, index) in [("Action: click [12]", 12), ("Action: click 12", 12), ("Action: type field 1 into [3]", 64 + 3 * 8 + 1)] {
      guard case .action(.discrete(let got, _), _) = web.parse(text) else { XCTFail("\(text): \(web.parse(text))"); continue }
      XCTAssertEqual(got, index, text)
    }
    // An unknown name is refused, and the reason lists the actions compactly.
    guard case .unparseable(let reason) = web.parse("Action: click [99]") else { return XCTFail("click [99] parsed") }
    XCTAssertTrue(reason.contains("click [N] (N from 0 to 63)"), reason)
    XCTAssertLessThan(reason.count, 300, reason)
  }

  func testGridActionNamesInManySpellings() {
    let cases: [(String, Int)] = [
      ("Action: forward", 2), ("action: Forward", 2), ("ACTION: FORWARD.", 2), ("Action: \"toggle\"", 5),
      ("Action: pick up", 3), ("Action: pick_up", 3), ("Action: Pick-Up the key", 3), ("**Action**: turn left", 0),
      ("I should open the door.\nAction: toggle", 5), ("right", 1), ("Action: left\nActually no.\nAction: right", 1),
      ("{\"action\": \"drop\"}", 4),
    ]
    for (text, index) in cases {
      guard case .action(.discrete(let got, let name), let clipped) = grid.parse(text) else {
        XCTFail("\(text) did not parse: \(grid.parse(text))")
        continue
      }
      XCTAssertEqual(got, index, text)
      XCTAssertEqual(name, ["left", "right", "forward", "pickup", "drop", "toggle", "done"][index])
      XCTAssertFalse(clipped)
    }
  }

  func testGridAnswersWithoutOneActionAreUnparseable() {
    for text in ["Action: jump", "", "Action: left or right", "I am not sure what to do", "Action: 2"] {
      guard case .unparseable(let reason) = grid.parse(text) else {
        XCTFail("\(text) should not parse: \(grid.parse(text))")
        continue
      }
      XCTAssertFalse(reason.isEmpty)
    }
    guard case .unparseable(let reason) = grid.parse("Action: left or right") else { return XCTFail() }
    XCTAssertTrue(reason.contains("several actions"), reason)
  }

  func testWordleLegalAndIllegalWords() {
    XCTAssertEqual(wordle.parse("Action: CRANE"), .action(.discrete(0, name: "crane"), clipped: false))
    XCTAssertEqual(wordle.parse("My guess is slate.\nAction: slate"), .action(.discrete(1, name: "slate"), clipped: false))
    // The last word of the answer's length is the guess, so "I guess crane" is crane, not guess.
    XCTAssertEqual(wordle.parse("Action: I guess crane"), .action(.discrete(0, name: "crane"), clipped: false))
    XCTAssertEqual(wordle.parse("Action: zzzzz"),
                   .illegal(word: "zzzzz", reason: "'zzzzz' is not in the list of allowed words"))
    XCTAssertEqual(wordle.parse("Action: cat"),
                   .illegal(word: "cat", reason: "'cat' has 3 letters; a guess is one 5-letter word"))
    guard case .unparseable = wordle.parse("Action: 12345") else { return XCTFail() }
  }

  func testArmNumbersAreClippedAndNonFiniteNumbersRefused() {
    XCTAssertEqual(arm.parse("Action: 0.5, -0.25, 0, 1"), .action(.continuous([0.5, -0.25, 0, 1]), clipped: false))
    XCTAssertEqual(arm.parse("Action: [2, -3.5, 1e-1, -1]"), .action(.continuous([1, -1, 0.1, -1]), clipped: true))
    XCTAssertEqual(arm.parse("move up\nAction: 0 0 +1 .5"), .action(.continuous([0, 0, 1, 0.5]), clipped: false))
    for text in ["Action: 0.1, nan, 0, 0", "Action: inf, 0, 0, 0", "Action: -Infinity, 0, 0, 0", "Action: 0.1, 0.2",
                 "Action: up"] {
      guard case .unparseable(let reason) = arm.parse(text) else {
        XCTFail("\(text) should not parse: \(arm.parse(text))")
        continue
      }
      XCTAssertFalse(reason.isEmpty)
    }
  }

  func testFallbacksAreNamed() {
    XCTAssertEqual(grid.fallback, .discrete(0, name: "left"))
    XCTAssertEqual(wordle.fallback.text, "crane")
    XCTAssertEqual(arm.fallback, .continuous([0, 0, 0, 0]))
    XCTAssertEqual(ActionFormat.vector(dimension: 2, bounds: 0.5...1).fallback, .continuous([0.5, 0.5]))
  }
}
