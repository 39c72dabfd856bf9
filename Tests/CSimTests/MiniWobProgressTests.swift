import CSim
import XCTest

/// The web tasks' privileged progress (info column `progress`, what the scripted teacher and
/// `llm-scalar:scripted` compare): along the scripted expert's episodes it never falls (but in
/// tic-tac-toe, where O's replies block lines) and a success reports 1; on loaded instances,
/// each task's steps raise it and its wrong steps do not.
final class MiniWobProgressTests: XCTestCase {
  static let rows: Int32 = 128
  static func type(row: Int32, field: Int32) -> Int32 { rows + row * 8 + field }
  static func key(_ index: Int32) -> Int32 { rows + rows * 8 + index }  // 0-9, '-', Bksp, Enter, Up, Down
  static func digit(_ d: Int32) -> Int32 { key(d) }
  static let backspace = key(11), enter = key(12)
  static let progress = Int(CSIM_INFO_PROGRESS)

  private func expertActions(_ h: BatchHarness) -> [Int32] {
    var out = [Float](repeating: -1, count: h.count)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &out, Int64(out.count)), CSIM_OK, h.lastError)
    return out.map { Int32($0) }
  }

  /// Loads `state` into env 0 and returns its progress.
  private func load(_ h: BatchHarness, _ task: String, _ state: String) -> Float {
    var info = [Float](repeating: 0, count: Int(h.spec.info_dim))
    let json = #"{"task": ""# + task + #"", "state": "# + state + "}"
    let status = h.observations.withUnsafeMutableBytes { o in
      csim_vec_env_set_state_json(h.handle, 0, json, o.baseAddress!, h.spec.observation_size, &info, Int64(info.count))
    }
    XCTAssertEqual(status, CSIM_OK, h.lastError)
    return info[Self.progress]
  }

  /// Steps env 0 and returns its progress.
  @discardableResult
  private func step(_ h: BatchHarness, _ action: Int32) -> Float {
    XCTAssertEqual(h.step([action]), CSIM_OK, h.lastError)
    return h.info(0, Self.progress)
  }

  private func make(_ id: String) throws -> BatchHarness {
    let h = try BatchHarness(id, count: 1, seed: 5, threads: 1, maxSteps: 40)
    h.reset()
    return h
  }

  func testExpertEpisodesNeverLoseProgressAndEndAtOne() throws {
    for id in MiniWobTests.ids {
      let h = try BatchHarness(id, count: 32, seed: 9, threads: 1)
      h.reset()
      var last = (0..<h.count).map { h.resetInfo[$0 * Int(h.spec.info_dim) + Self.progress] }
      var between = 0, ended = 0, drops = 0
      for _ in 0..<60 {
        h.step(expertActions(h))
        for e in 0..<h.count {
          let p = h.info(e, Self.progress)
          XCTAssertTrue(p >= 0 && p <= 1, "\(id): progress \(p)")
          if p < last[e] - 1e-6 { drops += 1 }
          if p > 0 && p < 1 { between += 1 }
          if h.terminated[e] != 0 || h.truncated[e] != 0 {
            ended += 1
            if h.info(e, Int(CSIM_INFO_SUCCESS)) == 1 { XCTAssertEqual(p, 1, id) }
            last[e] = h.resetInfo[e * Int(h.spec.info_dim) + Self.progress]
          } else {
            last[e] = p
          }
        }
      }
      XCTAssertGreaterThan(ended, 32, id)
      XCTAssertGreaterThan(between, 0, "\(id): no step between the start and the end shows progress")
      if id != "MiniWob-tic-tac-toe-v0" { XCTAssertEqual(drops, 0, "\(id): the expert lost progress") }
    }
  }

  func testTabsProgressIsTheTargetsTabShown() throws {
    let h = try make("MiniWob-click-tab-2-v0")
    let state = #"{"target": "nulla", "tabs": [[{"text": "Lorem", "link": false}, {"text": "ipsum", "link": true}], "#
      + #"[{"text": "nulla", "link": true}, {"text": "sit", "link": false}], [{"text": "dolor", "link": false}]]}"#
    XCTAssertEqual(load(h, "click-tab-2", state), 0)
    XCTAssertEqual(step(h, 9), 0)    // Tab #3: no target there
    XCTAssertEqual(step(h, 7), 0.5)  // Tab #2 holds the link
    XCTAssertEqual(step(h, 5), 0)    // back to Tab #1
    step(h, 7)
    XCTAssertTrue(h.render().contains("<span class=\"alink\">nulla"), h.render())
    XCTAssertEqual(step(h, 12), 1)
    XCTAssertEqual(h.rewards[0], 1)
  }

  func testEnterTimeProgressCountsTheRightSegments() throws {
    let h = try make("MiniWob-enter-time-v0")
    XCTAssertEqual(load(h, "enter-time", #"{"hour": 14, "minute": 35}"#), 0)
    step(h, 4)  // the input
    XCTAssertEqual(step(h, Self.digit(5)), 0)  // a wrong hour
    XCTAssertEqual(load(h, "enter-time", #"{"hour": 14, "minute": 35}"#), 0)
    step(h, 4)
    XCTAssertEqual(step(h, Self.digit(2)), 0.25)
    step(h, Self.digit(3))
    XCTAssertEqual(step(h, Self.digit(5)), 0.5)
    XCTAssertEqual(step(h, Self.digit(2)), 0.75)  // PM
    XCTAssertEqual(step(h, 5), 1)
  }

  func testGuessNumberProgressIsTheNarrowedIntervalAndTheTypedAnswer() throws {
    let h = try make("MiniWob-guess-number-v0")
    XCTAssertEqual(load(h, "guess-number", #"{"answer": 6}"#), 0)
    step(h, 6)  // the input
    XCTAssertEqual(step(h, Self.digit(3)), 0)  // a wrong guess typed gains nothing
    XCTAssertEqual(step(h, Self.enter), 0.6 * 4 / 9, accuracy: 1e-6)  // "higher than 3": 4-9 left
    XCTAssertEqual(step(h, Self.backspace), 0.6 * 4 / 9, accuracy: 1e-6)
    XCTAssertEqual(step(h, Self.digit(9)), 0.6 * 4 / 9, accuracy: 1e-6)
    XCTAssertEqual(step(h, Self.enter), 0.6 * 5 / 9, accuracy: 1e-6)  // "lower than 9": 4-8 left
    step(h, Self.backspace)
    XCTAssertEqual(step(h, Self.digit(6)), 0.6 * 5 / 9 + 0.3, accuracy: 1e-6)
    XCTAssertEqual(step(h, Self.enter), 1)
    XCTAssertEqual(h.rewards[0], 1)
  }

  func testTicTacToeProgressIsXsBestOpenLine() throws {
    let h = try make("MiniWob-tic-tac-toe-v0")
    let state = #"{"board": [1, 0, 0, 0, -1, 0, 0, 0, 0], "random_seed": "abc"}"#
    XCTAssertEqual(load(h, "tic-tac-toe", state), 1.0 / 3, accuracy: 1e-6)
    XCTAssertEqual(step(h, 9), 1.0 / 3, accuracy: 1e-6)  // O's cell: nothing happens
    XCTAssertEqual(h.terminated[0], 0)
    let blocked = #"{"board": [1, -1, 0, -1, -1, 0, 0, 0, 0], "random_seed": "abc"}"#
    XCTAssertEqual(load(h, "tic-tac-toe", blocked), 0)  // O blocks every line through X
  }

  func testEmailProgressIsTheAskedEmailThenFormThenText() throws {
    let h = try make("MiniWob-email-inbox-v0")
    let state = #"{"emails": [{"name": "Audrey", "subject": "Ridiculus eget.", "body": "Imperdiet. Cursus."}, "#
      + #"{"name": "Cora", "subject": "In id.", "body": "Lacus. At sit."}], "target": 0, "action": "reply", "reply": "Sed do."}"#
    XCTAssertEqual(load(h, "email-inbox", state), 0)
    XCTAssertEqual(step(h, 16), 0)  // Cora's email
    XCTAssertEqual(step(h, 17), 0)  // a reply to Cora
    XCTAssertEqual(load(h, "email-inbox", state), 0)
    XCTAssertEqual(step(h, 7), 0.3, accuracy: 1e-6)
    XCTAssertEqual(step(h, 17), 0.5, accuracy: 1e-6)
    XCTAssertEqual(step(h, Self.type(row: 15, field: 0)), 0.5, accuracy: 1e-6)  // the sender's name typed
    XCTAssertEqual(load(h, "email-inbox", state), 0)
    for action in [7, 17] { step(h, Int32(action)) }
    XCTAssertEqual(step(h, Self.type(row: 15, field: 2)), 0.8, accuracy: 1e-6)
    XCTAssertEqual(step(h, 6), 1)
  }

  func testSocialMediaProgressIsTheUsersMenuOpen() throws {
    let h = try make("MiniWob-social-media-v0")
    func state(_ button: String) -> String {
      #"{"posts": [{"name": "Ann", "username": "@ann", "time": "2h ago", "body": "Lorem ipsum."}, "#
        + #"{"name": "Bob", "username": "@bob", "time": "3h ago", "body": "Dolor sit."}], "button": ""# + button
        + #"", "user": "@bob"}"#
    }
    XCTAssertEqual(load(h, "social-media", state("share")), 0)
    XCTAssertEqual(step(h, 15), 0)  // Ann's menu
    XCTAssertEqual(step(h, 15), 0)  // closed again
    XCTAssertEqual(step(h, 28), 0.5)  // Bob's menu
    XCTAssertTrue(h.render().contains("Mute @bob"), h.render())
    XCTAssertEqual(load(h, "social-media", state("like")), 0)
    XCTAssertEqual(step(h, 28), 0)  // a menu does not help a Like
  }

  func testChooseDateProgressFollowsThePickersMonth() throws {
    let h = try make("MiniWob-choose-date-nodelay-v0")
    XCTAssertEqual(load(h, "choose-date-nodelay", #"{"month": 10, "day": 5}"#), 0)
    let open = expertActions(h)[0]
    XCTAssertEqual(step(h, open), 0.1 + 0.4 * 9 / 11, accuracy: 1e-6)  // December shown
    let previous = expertActions(h)[0]
    XCTAssertEqual(step(h, previous), 0.1 + 0.4 * 10 / 11, accuracy: 1e-6)
    XCTAssertEqual(step(h, previous), 0.5, accuracy: 1e-6)  // October
    XCTAssertEqual(step(h, previous), 0.1 + 0.4 * 10 / 11, accuracy: 1e-6)  // past it: lower
    step(h, expertActions(h)[0])
    XCTAssertEqual(step(h, expertActions(h)[0]), 0.75, accuracy: 1e-6)  // the date in the input
    XCTAssertEqual(step(h, expertActions(h)[0]), 1)
  }
}
