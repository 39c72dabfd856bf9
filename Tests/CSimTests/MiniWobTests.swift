import AllocCounter
import CSim
import XCTest

/// The native MiniWob tasks through the C ABI: the scripted experts, loading exported
/// instances (csim_vec_env_set_state_json) and its errors, MiniWob's rewards (partial, raw,
/// time-decayed, the timer's -1), element-level actions and the HTML-like captions.
final class MiniWobTests: XCTestCase {
  static let ids = [
    "MiniWob-click-checkboxes-v0", "MiniWob-use-spinner-v0", "MiniWob-guess-number-v0", "MiniWob-click-shades-v0",
    "MiniWob-click-tab-2-v0", "MiniWob-enter-time-v0",
    "MiniWob-choose-date-nodelay-v0",
    "MiniWob-search-engine-v0",
    "MiniWob-tic-tac-toe-v0",
    "MiniWob-email-inbox-v0", "MiniWob-social-media-v0",
    "MiniWob-book-flight-nodelay-v0",
  ]
  // Action layout (CSim/src/web/web_env.hpp).
  static let rows: Int32 = 128
  static let fields: Int32 = 8
  static func type(row: Int32, field: Int32) -> Int32 { rows + row * fields + field }
  static func key(_ index: Int32) -> Int32 { rows + rows * fields + index }  // 0-9, '-', Bksp, Enter, Up, Down

  private func make(_ id: String, count: Int32 = 1, seed: UInt64 = 5, maxSteps: Int32 = 0, rewardKind: Int32 = 0)
    throws -> BatchHarness
  {
    try BatchHarness(id, count: count, seed: seed, threads: 1, maxSteps: maxSteps, rewardKind: rewardKind)
  }

  private func expertActions(_ h: BatchHarness) -> [Int32] {
    var out = [Float](repeating: -1, count: h.count)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &out, Int64(out.count)), CSIM_OK, h.lastError)
    return out.map { Int32($0) }
  }

  private func setState(_ h: BatchHarness, _ json: String, env: Int32 = 0) -> CSimStatus {
    var info = [Float](repeating: 0, count: Int(h.spec.info_dim))
    return h.observations.withUnsafeMutableBytes { o in
      csim_vec_env_set_state_json(
        h.handle, env, json, o.baseAddress! + Int(env) * h.observationSize * 4, h.spec.observation_size, &info,
        Int64(info.count))
    }
  }

  private func mission(_ h: BatchHarness, _ env: Int32 = 0) -> String {
    var buffer = [CChar](repeating: 0, count: 1024)
    XCTAssertEqual(csim_vec_env_mission(h.handle, env, &buffer, buffer.count, nil), CSIM_OK)
    return cText(buffer)
  }

  // MARK: - Experts

  func testExpertsSolveAtLeast95PercentOfEpisodes() throws {
    for id in Self.ids {
      let h = try make(id, count: 64, seed: 3)
      h.reset()
      var solved = 0, ended = 0
      for _ in 0..<400 where ended < 300 {
        XCTAssertEqual(h.step(expertActions(h)), CSIM_OK, "\(id): \(h.lastError)")
        for i in 0..<h.count where h.terminated[i] != 0 || h.truncated[i] != 0 {
          ended += 1
          if h.info(i, Int(CSIM_INFO_SUCCESS)) == 1 { solved += 1 }
        }
      }
      XCTAssertGreaterThanOrEqual(ended, 300, id)
      XCTAssertGreaterThanOrEqual(Double(solved) / Double(ended), 0.95, "\(id): \(solved) of \(ended)")
    }
  }

  /// Pages are rebuilt into inline tables: stepping (random actions, typing, autoresets) and the
  /// experts' steps touch no heap.
  func testSteppingAllocatesNothing() throws {
    #if !os(Linux)
      throw XCTSkip("the allocation counter interposes glibc only")
    #endif
    for id in Self.ids {
      let h = try make(id, count: 16, seed: 2)
      h.reset()
      var random = TestRandom(state: 9)
      let batches = (0..<16).map { _ in random.actions(count: 16, below: Int32(h.spec.num_actions)) }
      // Two passes: the first instantiates Swift's lazy metadata; the second is counted.
      let allocations: UInt64 = h.withBuffers { b -> UInt64 in
        var counted: UInt64 = 0
        var ok = true
        for pass in 0..<2 {
          if pass == 1 { alloc_counter_start() }
          for s in 0..<100 {
            ok = ok && batches[s % 16].withUnsafeBufferPointer {
              csim_vec_env_step(h.handle, $0.baseAddress, Int64($0.count), &b)
            } == CSIM_OK
          }
          if pass == 1 { counted = alloc_counter_stop() }
        }
        XCTAssertTrue(ok, id)
        return counted
      }
      XCTAssertEqual(allocations, 0, "\(id) allocated while stepping")
    }
  }

  // MARK: - Loading exported instances

  static let checkboxes = #"{"task": "click-checkboxes", "state": {"boxes": [{"name": "USa", "wanted": false}, {"name": "DKkQH", "wanted": true}]}}"#

  func testLoadedCheckboxesGiveMiniWobsScores() throws {
    let h = try make("MiniWob-click-checkboxes-v0")
    h.reset()
    XCTAssertEqual(setState(h, Self.checkboxes), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Select DKkQH and click Submit.")
    // Rows: body, #wrap, #area, #boxes, then per box label, input, text; then Submit (row 10).
    XCTAssertTrue(h.render().contains("[8]      <input_checkbox id=ch1>"), h.render())
    h.step([8])  // check DKkQH
    h.step([10])
    XCTAssertEqual(h.rewards[0], 1)
    XCTAssertEqual(h.terminated[0], 1)
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_SUCCESS)), 1)
    // One of two boxes wrong: (1 - 1) / 2 = 0; both wrong: -1.
    XCTAssertEqual(setState(h, Self.checkboxes), CSIM_OK)
    h.step([4])  // the label of USa toggles its box
    h.step([8])
    h.step([10])
    XCTAssertEqual(h.rewards[0], 0)
    XCTAssertEqual(setState(h, Self.checkboxes), CSIM_OK)
    h.step([4])
    h.step([10])
    XCTAssertEqual(h.rewards[0], -1)
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_SUCCESS)), 0)
  }

  func testGuessNumberAnswersLowerAndHigher() throws {
    let h = try make("MiniWob-guess-number-v0")
    h.reset()
    XCTAssertEqual(setState(h, #"{"task": "guess-number", "state": {"answer": 3}}"#), CSIM_OK, h.lastError)
    // Rows: body, #wrap, #area, #feedback, #waiting, form, input (6), Submit (7).
    h.step([Self.type(row: 6, field: 0)])  // no field: only the click (focus)
    h.step([Self.key(5)])
    h.step([Self.key(12)])  // Enter submits the form
    XCTAssertEqual(h.rewards[0], 0)
    XCTAssertTrue(h.caption().contains("\"The number is lower than\""), h.caption())
    h.step([Self.key(11)])  // Backspace
    h.step([Self.key(1)])
    h.step([Self.key(12)])
    XCTAssertTrue(h.caption().contains("\"The number is higher than\""), h.caption())
    h.step([Self.key(13)])  // ArrowUp: 1 -> 2
    h.step([Self.key(13)])
    XCTAssertTrue(h.render().contains("value=\"3\""), h.render())
    h.step([10])  // Submit, moved down by the feedback line (div, text, span, text)
    XCTAssertEqual(h.rewards[0], 1)
    XCTAssertEqual(h.terminated[0], 1)
  }

  func testSetStateRefusesBadInputAndKeepsTheEpisode() throws {
    let h = try make("MiniWob-click-checkboxes-v0")
    var info = [Float](repeating: 0, count: 8)
    XCTAssertEqual(csim_vec_env_set_state_json(h.handle, 0, Self.checkboxes, nil, 0, &info, 8), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("reset"), h.lastError)
    h.reset()
    let before = mission(h)
    let cases: [(String, String)] = [
      ("{\"task\": ", "invalid JSON at byte"),
      (String(repeating: "[", count: 100), "nested deeper than 64 levels"),
      (Self.checkboxes + " x", "unexpected text after the JSON value"),
      (#"{"task": "click-checkboxes", "state": {"boxes": [{"name": "a\q", "wanted": true}]}}"#, "unknown escape"),
      (#"{"task": "click-checkboxes", "state": {"boxes": [{"name": "a", "wanted": 1e999}]}}"#, "out of range"),
      (#"{"task": "use-spinner", "state": {"target": 2.5}}"#, "click-checkboxes"),
      (#"{"task": "use-spinner", "state": {"target": 3}}"#, "click-checkboxes"),
      (#"{"task": "click-checkboxes"}"#, "has no member \"state\""),
      (#"{"task": "click-checkboxes", "state": {"boxes": []}}"#, "1 to 6 boxes"),
      (#"{"task": "click-checkboxes", "state": {"boxes": [{"name": 5, "wanted": true}]}}"#, "must be a string"),
      (#"{"task": "click-checkboxes", "state": {"boxes": [{"name": "a", "wanted": true}, {"name": "b"}]}}"#, "wanted"),
    ]
    for (json, message) in cases {
      XCTAssertEqual(setState(h, json), CSIM_ERROR_INVALID_ARGUMENT, json)
      XCTAssertTrue(h.lastError.contains(message), "\(json): \(h.lastError)")
      XCTAssertEqual(mission(h), before, "a refused state changed the episode")
    }
    // Escapes decode (\u00e9 is UTF-8 "é"); a policy sees a non-ASCII character as '?'.
    let accented = #"{"task": "click-checkboxes", "state": {"boxes": [{"name": "caf\u00e9", "wanted": true}]}}"#
    XCTAssertEqual(setState(h, accented), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Select café and click Submit.")
    XCTAssertTrue(h.caption().contains("\"caf??\""), h.caption())
    XCTAssertEqual(csim_vec_env_set_state_json(h.handle, 1, Self.checkboxes, nil, 0, nil, 0), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_vec_env_set_state_json(h.handle, 0, nil, nil, 0, nil, 0), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_set_state_json(h.handle, 0, Self.checkboxes, nil, 0, &info, 2), CSIM_ERROR_BUFFER_TOO_SMALL)
    let wordle = try make("Wordle-v0")
    wordle.reset()
    XCTAssertEqual(setState(wordle, Self.checkboxes), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(wordle.lastError.contains("cannot load states"), wordle.lastError)
  }

  // MARK: - Rewards and limits

  func testTimeDecayedRewardAndTimerEnding() throws {
    // Spinner target 2: click the input, Up, Up, Submit = 4 steps of a 16-step limit.
    let state = #"{"task": "use-spinner", "state": {"target": 2}}"#
    let decayed = try make("MiniWob-use-spinner-v0", rewardKind: 1)
    decayed.reset()
    XCTAssertEqual(setState(decayed, state), CSIM_OK, decayed.lastError)
    for _ in 0..<4 { decayed.step(expertActions(decayed)) }
    XCTAssertEqual(decayed.rewards[0], 1 - 4.0 / 16.0, accuracy: 1e-6)
    XCTAssertEqual(decayed.info(0, 4), 1, "raw_reward")
    // A wrong Submit is not time-scaled: -1 in both kinds.
    XCTAssertEqual(setState(decayed, state), CSIM_OK)
    decayed.step([10])
    XCTAssertEqual(decayed.rewards[0], -1)
    // The step limit ends the episode as MiniWob's timer does: -1, truncated.
    let limited = try make("MiniWob-use-spinner-v0", maxSteps: 3)
    limited.reset()
    for _ in 0..<2 { limited.step([0]) }
    XCTAssertEqual(limited.truncated[0], 0)
    limited.step([0])
    XCTAssertEqual(limited.truncated[0], 1)
    XCTAssertEqual(limited.terminated[0], 0)
    XCTAssertEqual(limited.rewards[0], -1)
    XCTAssertThrowsError(try make("MiniWob-use-spinner-v0", rewardKind: 2))
  }

  func testSpinnerArrowsOnlyStepWithTheInputFocused() throws {
    let h = try make("MiniWob-use-spinner-v0")
    h.reset()
    XCTAssertEqual(setState(h, #"{"task": "use-spinner", "state": {"target": -1}}"#), CSIM_OK)
    h.step([Self.key(14)])  // ArrowDown with the body focused: nothing
    h.step([6])  // the up button: Chromium's spinner reacts to mousedown, not to click()
    XCTAssertTrue(h.render().contains("value=\"0\""), h.render())
    h.step([3])  // the label focuses the input
    h.step([Self.key(14)])
    XCTAssertTrue(h.render().contains("value=\"-1\" focused"), h.render())
    h.step([Self.key(7)])  // typing is prevented
    h.step([10])
    XCTAssertEqual(h.rewards[0], 1)
  }

  func testTabsSwitchAndLinksScore() throws {
    let tab = { (words: [(String, Bool)]) in
      "[" + words.map { "{\"text\": \"\($0.0)\", \"link\": \($0.1)}" }.joined(separator: ", ") + "]"
    }
    let json = "{\"task\": \"click-tab-2\", \"state\": {\"target\": \"Duis.\", \"tabs\": ["
      + tab([("Lorem", false), ("ipsum", true), ("dolor.", false)]) + ", "
      + tab([("Sed", false), ("Duis.", true)]) + ", " + tab([("Amet.", false)]) + "]}}"
    let h = try make("MiniWob-click-tab-2-v0")
    h.reset()
    XCTAssertEqual(setState(h, json), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Switch between the tabs to find and click on the link \"Duis.\".")
    // Rows: body, #wrap, #area, ul, (li, a) x3, panel, p, "Lorem", ipsum, "dolor."
    XCTAssertEqual(expertActions(h), [7])  // Tab #2's anchor
    h.step([6])  // the list item takes the focus only
    XCTAssertTrue(h.render().contains("[13]      <span class=\"alink\">ipsum"), h.render())
    h.step([7])
    XCTAssertTrue(h.render().contains("<span class=\"alink\">Duis."), h.render())
    h.step(expertActions(h))
    XCTAssertEqual(h.rewards[0], 1)
    XCTAssertEqual(setState(h, json), CSIM_OK)
    h.step([13])  // the wrong link
    XCTAssertEqual(h.rewards[0], -1)
  }

  func testTimeInputFillsItsSegmentsAsChromiumDoes() throws {
    let h = try make("MiniWob-enter-time-v0", maxSteps: 20)
    h.reset()
    XCTAssertEqual(setState(h, #"{"task": "enter-time", "state": {"hour": 19, "minute": 5}}"#), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Enter 7:05 PM as the time and press submit.")
    // Rows: body, #wrap, #area, #form, input (4), Submit (5). "1","9" is 7 PM; "0","5" the minutes.
    h.step([4])
    for k: Int32 in [1, 9, 0] { h.step([Self.key(k)]) }
    XCTAssertTrue(h.render().contains("value=\"19:00\""), h.render())  // a pending "0" counts already
    h.step([Self.key(5)])
    h.step([Self.key(13)])  // ArrowUp on AM/PM toggles it
    XCTAssertTrue(h.render().contains("value=\"07:05\""), h.render())
    h.step([Self.key(2)])  // 2 is PM
    h.step([5])
    XCTAssertEqual(h.rewards[0], 1)
    // Typing the field into the input, then Submit, is the expert's way.
    XCTAssertEqual(setState(h, #"{"task": "enter-time", "state": {"hour": 0, "minute": 30}}"#), CSIM_OK)
    XCTAssertEqual(mission(h), "Enter 12:30 AM as the time and press submit.")
    XCTAssertEqual(expertActions(h), [Self.type(row: 4, field: 0)])
    h.step(expertActions(h))
    XCTAssertTrue(h.render().contains("value=\"00:30\""), h.render())
    h.step(expertActions(h))
    XCTAssertEqual(h.rewards[0], 1)
    // Typed, "1:27AM" reads as 00:07 (':' is ignored, as in Chromium): the expert types digits.
    XCTAssertEqual(setState(h, #"{"task": "enter-time", "state": {"hour": 1, "minute": 27}}"#), CSIM_OK)
    h.step([Self.type(row: 4, field: 0)])
    XCTAssertTrue(h.render().contains("value=\"00:07\""), h.render())
    XCTAssertEqual(setState(h, #"{"task": "enter-time", "state": {"hour": 1, "minute": 27}}"#), CSIM_OK)
    var actions: [Int32] = []
    while h.terminated[0] == 0 && actions.count < 10 {
      actions.append(expertActions(h)[0])
      h.step([actions.last!])
    }
    XCTAssertEqual(actions, [4, Self.key(0), Self.key(1), Self.key(2), Self.key(7), Self.key(1), 5])
    XCTAssertEqual(h.rewards[0], 1)
  }

  // MARK: - Text

  func testCaptionIsCompactHTMLFromTheObservation() throws {
    let h = try make("MiniWob-click-checkboxes-v0")
    h.reset()
    XCTAssertEqual(setState(h, Self.checkboxes), CSIM_OK)
    h.step([5])
    let expected = """
      Select DKkQH and click Submit.
      [0] <body>
      [1]  <div>
      [2]   <div>
      [3]    <div>
      [4]     <label>
      [5]      <input_checkbox focused checked>
      [6]      "USa"
      [7]     <label>
      [8]      <input_checkbox>
      [9]      "DKkQH"
      [10]    <button>Submit
      (last action: clicked)
      """
    XCTAssertEqual(h.caption(), expected)
    var bad = h.observation()
    bad.withUnsafeMutableBytes { $0.storeBytes(of: Float(200), toByteOffset: 0, as: Float.self) }
    XCTAssertEqual(h.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(h.actionName(Self.type(row: 3, field: 1)).1, "type field 1 into [3]")
    XCTAssertEqual(h.actionName(Self.key(12)).1, "press Enter")
  }
}
