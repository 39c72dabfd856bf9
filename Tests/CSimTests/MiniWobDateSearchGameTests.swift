import CSim
import XCTest

/// choose-date-nodelay, search-engine and tic-tac-toe through the C ABI: loaded instances, the
/// page behaviour the browser showed (docs/miniwob.md), rewards and the refusals of bad states.
final class MiniWobDateSearchGameTests: XCTestCase {
  private static let rows: Int32 = 128
  private static func type(row: Int32, field: Int32) -> Int32 { rows + row * 8 + field }
  private static func key(_ index: Int32) -> Int32 { rows + rows * 8 + index }  // 0-9, '-', Bksp, Enter, Up, Down

  private func make(_ id: String) throws -> BatchHarness {
    let h = try BatchHarness(id, count: 1, seed: 5, threads: 1)
    h.reset()
    return h
  }

  /// Plays the expert to the end; returns its actions.
  private func playExpert(_ h: BatchHarness, limit: Int = 20) -> [Int32] {
    var actions: [Int32] = []
    while actions.count < limit {
      actions.append(h.expertAction())
      h.step([actions.last!])
      if h.terminated[0] != 0 || h.truncated[0] != 0 { break }
    }
    return actions
  }

  private func mission(_ h: BatchHarness) -> String {
    var buffer = [CChar](repeating: 0, count: 1024)
    XCTAssertEqual(csim_vec_env_mission(h.handle, 0, &buffer, buffer.count, nil), CSIM_OK)
    return cText(buffer)
  }

  // MARK: - choose-date-nodelay

  static let date = #"{"task": "choose-date-nodelay", "state": {"month": 11, "day": 14}}"#

  func testDatepickerOpensOnDecemberAndStepsBack() throws {
    let h = try make("MiniWob-choose-date-nodelay-v0")
    XCTAssertEqual(h.loadState(Self.date), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Select 11/14/2016 as the date and hit submit.")
    // Rows: body, #wrap, #area, p, "Date:", the input (5), Submit (6); the picker opens under the body.
    h.step([5])
    XCTAssertTrue(h.render().contains("<span class=\"ui-datepicker-month\">December"), h.render())
    h.step([9])  // Prev
    XCTAssertTrue(h.render().contains("<span class=\"ui-datepicker-month\">November"), h.render())
    XCTAssertEqual(playExpert(h).count, 2)  // the day, then Submit
    XCTAssertEqual(h.rewards[0], 1)
    // The whole way, from a fresh instance: input, Prev, day, Submit.
    XCTAssertEqual(h.loadState(Self.date), CSIM_OK)
    XCTAssertEqual(playExpert(h).count, 4)
    XCTAssertEqual(h.rewards[0], 1)
    // January: eleven Prevs; Prev is disabled there, so a twelfth changes nothing.
    XCTAssertEqual(h.loadState(#"{"task": "choose-date-nodelay", "state": {"month": 1, "day": 3}}"#), CSIM_OK)
    h.step([5])
    for _ in 0..<12 { h.step([9]) }
    XCTAssertTrue(h.render().contains(">January"), h.render())
    XCTAssertEqual(playExpert(h).count, 2)
    XCTAssertEqual(h.rewards[0], 1)
  }

  func testDatepickerEnterAndReadOnlyInput() throws {
    let h = try make("MiniWob-choose-date-nodelay-v0")
    // Enter picks the highlighted day (31 December) while nothing was navigated, and closes it.
    XCTAssertEqual(h.loadState(Self.date), CSIM_OK)
    h.step([Self.type(row: 5, field: 1)])  // typing into the read-only input changes nothing
    XCTAssertFalse(h.render().contains("value="), h.render())
    h.step([Self.key(12)])
    XCTAssertTrue(h.render().contains("value=\"12/31/2016\" focused"), h.render())
    XCTAssertFalse(h.render().contains("ui-datepicker-div"), h.render())
    h.step([5])  // the input has the focus already: the picker stays closed
    XCTAssertFalse(h.render().contains("ui-datepicker-div"), h.render())
    h.step([6])
    XCTAssertEqual(h.rewards[0], -1)
    // After a Prev nothing is highlighted: Enter only closes the picker.
    XCTAssertEqual(h.loadState(Self.date), CSIM_OK)
    h.step([5])
    h.step([9])
    h.step([Self.key(12)])
    XCTAssertFalse(h.render().contains("value="), h.render())
    XCTAssertEqual(h.terminated[0], 0)
  }

  func testDatepickerRefusesDatesOutside2016() throws {
    let h = try make("MiniWob-choose-date-nodelay-v0")
    for (json, message) in [
      (#"{"task": "choose-date-nodelay", "state": {"month": 2, "day": 30}}"#, "past the end of month 2"),
      (#"{"task": "choose-date-nodelay", "state": {"month": 13, "day": 1}}"#, "state.month"),
      (#"{"task": "choose-date-nodelay", "state": {"month": 1}}"#, "\"day\""),
    ] {
      XCTAssertEqual(h.loadState(json), CSIM_ERROR_INVALID_ARGUMENT, json)
      XCTAssertTrue(h.lastError.contains(message), "\(json): \(h.lastError)")
    }
  }

  // MARK: - search-engine

  static func search(index: Int) -> String {
    let results = (0..<9).map { #"{"title": "Name\#($0)", "url": "https://site\#($0).com", "desc": "Words \#($0)."}"# }
    let fake = #"[{"title": "Rex", "url": "https://a.io", "desc": "A."}, {"title": "Tora", "url": "https://b.io", "desc": "B."}, {"title": "Olin", "url": "https://c.io", "desc": "C."}]"#
    return #"{"task": "search-engine", "state": {"query": "Renda", "index": \#(index), "results": ["#
      + results.joined(separator: ", ") + #"], "fake_pages": ["# + fake + "]}}"
  }

  func testSearchPagesThroughResults() throws {
    let h = try make("MiniWob-search-engine-v0")
    XCTAssertEqual(h.loadState(Self.search(index: 4)), CSIM_OK, h.lastError)
    XCTAssertEqual(
      mission(h), "Use the textbox to enter \"Renda\" and press \"Search\", then find and click the 5th search result.")
    // Rows: body, #wrap, #area, #search-bar, the box (4), Search (5); then results and the pager.
    XCTAssertEqual(playExpert(h), [Self.type(row: 4, field: 0), 5, 23, 12])  // type, search, page 2, its 2nd
    XCTAssertEqual(h.rewards[0], 1)
    // Case does not matter; a result of another page gives -1.
    XCTAssertEqual(h.loadState(Self.search(index: 4)), CSIM_OK)
    h.step([4])
    for k: Int32 in [1, 2] { h.step([Self.key(k)]) }
    XCTAssertTrue(h.render().contains("value=\"12\""), h.render())
    h.step([5])
    XCTAssertTrue(h.render().contains("<a class=\"search-title\">Rex"), h.render())  // made-up results
    h.step([8])
    XCTAssertEqual(h.rewards[0], -1)
  }

  func testSearchBoxCaretAndPagerFocus() throws {
    let h = try make("MiniWob-search-engine-v0")
    XCTAssertEqual(h.loadState(Self.search(index: 0)), CSIM_OK)
    h.step([Self.type(row: 4, field: 0)])
    h.step([Self.key(13)])  // ArrowUp: the caret to the start
    h.step([Self.key(1)])
    XCTAssertTrue(h.render().contains("value=\"1Renda\" focused"), h.render())
    h.step([Self.key(14)])  // ArrowDown: to the end
    h.step([Self.key(2)])
    h.step([Self.key(11)])
    h.step([Self.key(13)])
    h.step([Self.key(14)])
    XCTAssertTrue(h.render().contains("value=\"1Renda\""), h.render())
    XCTAssertEqual(h.loadState(Self.search(index: 0)), CSIM_OK)
    h.step([Self.type(row: 4, field: 0)])
    h.step([5])
    h.step([4])
    h.step([23])  // page 2: the clicked link is replaced, so the box keeps the focus
    XCTAssertTrue(h.render().contains("value=\"Renda\" focused"), h.render())
    h.step([25])  // page 2's own link (active) takes the focus
    XCTAssertTrue(h.render().contains("<a class=\"page-link\" focused>2"), h.render())
    h.step([21])  // "<" to page 1: the focused link goes with the old pager
    XCTAssertTrue(h.render().contains("<body focused>"), h.render())
    h.step([8])
    XCTAssertEqual(h.rewards[0], 1)
  }

  func testSearchRefusesBadStates() throws {
    let h = try make("MiniWob-search-engine-v0")
    let good = Self.search(index: 1)
    for (json, message) in [
      (good.replacingOccurrences(of: #""index": 1"#, with: #""index": 9"#), "state.index"),
      (good.replacingOccurrences(of: #""query": "Renda""#, with: #""query": """#), "state.query is empty"),
      (good.replacingOccurrences(of: #""fake_pages": ["#, with: #""fake_pages": [[], "#), "must hold 3 results"),
    ] {
      XCTAssertEqual(h.loadState(json), CSIM_ERROR_INVALID_ARGUMENT, json)
      XCTAssertTrue(h.lastError.contains(message), "\(json): \(h.lastError)")
    }
  }

  // MARK: - tic-tac-toe

  func testTicTacToeOpponentDrawsFromTheSeededStream() throws {
    let h = try make("MiniWob-tic-tac-toe-v0")
    // Seen in Chromium: with O in the corner and the page seeded "pavlov-3", X in cell 0 gets O in 4.
    let json = #"{"task": "tic-tac-toe", "state": {"board": [0, 0, 0, 0, 0, 0, 0, 0, -1], "random_seed": "pavlov-3"}}"#
    XCTAssertEqual(h.loadState(json), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Playing as 'X', win a game of tic-tac-toe.")
    // Rows: body, #wrap, #area, then per row a div and its three cells: cell k at 4 + k + k/3.
    h.step([4])
    XCTAssertTrue(h.render().contains("<span id=ttt-0 class=\"mark-x\">X"), h.render())
    XCTAssertTrue(h.render().contains("<span id=ttt-4 class=\"mark-o\">O"), h.render())
    h.step([9])  // a marked cell ignores the click
    XCTAssertEqual(h.terminated[0], 0)
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_EPISODE_STEP)), 2)
    _ = playExpert(h)
    XCTAssertEqual(h.rewards[0], 1)
    for (bad, message) in [
      (#"{"task": "tic-tac-toe", "state": {"board": [1, 1, 1, 0, 0, 0, 0, 0, -1], "random_seed": "s"}}"#, "finished game"),
      (#"{"task": "tic-tac-toe", "state": {"board": [0, 0, 2, 0, 0, 0, 0, 0, 0], "random_seed": "s"}}"#, "state.board[2]"),
      (#"{"task": "tic-tac-toe", "state": {"board": [0, 0, 0, 0, 0, 0, 0, 0, 0]}}"#, "random_seed"),
    ] {
      XCTAssertEqual(h.loadState(bad), CSIM_ERROR_INVALID_ARGUMENT, bad)
      XCTAssertTrue(h.lastError.contains(message), "\(bad): \(h.lastError)")
    }
  }

  func testTicTacToeEndsWithMiniWobsRewards() throws {
    let h = try BatchHarness("MiniWob-tic-tac-toe-v0", count: 64, seed: 11, threads: 1)
    h.reset()
    var random = TestRandom(state: 3)
    var seen = Set<Float>()
    for _ in 0..<40 {
      h.step(random.actions(count: 64, below: 15).map { 4 + $0 })  // clicks on rows 4-18: the cells and row divs
      for i in 0..<h.count where h.terminated[i] != 0 { seen.insert(h.rewards[i]) }
    }
    XCTAssertEqual(seen, [1, -0.5, -0.75])
  }
}
