import CSim
import XCTest

/// The native MiniWob tasks with several views, menus and free text (email-inbox, social-media):
/// loaded instances and their errors (their experts and allocation-free steps are checked with
/// every task's in MiniWobTests), the views' rules, and text editing as Chromium does it (the
/// textarea's caret movements were recorded in Chromium on the same text).
final class MiniWobInboxTests: XCTestCase {
  static let rows: Int32 = 128
  static func type(row: Int32, field: Int32) -> Int32 { rows + row * 8 + field }
  static func key(_ index: Int32) -> Int32 { rows + rows * 8 + index }  // 0-9, '-', Bksp, Enter, Up, Down
  static let up = key(13), down = key(14)

  private func make(_ id: String, count: Int32 = 1, seed: UInt64 = 5, maxSteps: Int32 = 0) throws -> BatchHarness {
    try BatchHarness(id, count: count, seed: seed, threads: 1, maxSteps: maxSteps)
  }

  private func expertActions(_ h: BatchHarness) -> [Int32] {
    var out = [Float](repeating: -1, count: h.count)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &out, Int64(out.count)), CSIM_OK, h.lastError)
    return out.map { Int32($0) }
  }

  private func setState(_ h: BatchHarness, _ json: String) -> CSimStatus {
    var info = [Float](repeating: 0, count: Int(h.spec.info_dim))
    return h.observations.withUnsafeMutableBytes { o in
      csim_vec_env_set_state_json(h.handle, 0, json, o.baseAddress!, h.spec.observation_size, &info, Int64(info.count))
    }
  }

  private func mission(_ h: BatchHarness) -> String {
    var buffer = [CChar](repeating: 0, count: 1024)
    XCTAssertEqual(csim_vec_env_mission(h.handle, 0, &buffer, buffer.count, nil), CSIM_OK)
    return cText(buffer)
  }

  // MARK: - email-inbox

  static func inbox(action: String, extra: String = "") -> String {
    #"{"task": "email-inbox", "state": {"emails": ["#
      + #"{"name": "Audrey", "subject": "Ridiculus eget.", "body": "Imperdiet. Cursus. Nisi, duis sit magna. Enim. At sit scelerisque. Duis."}, "#
      + #"{"name": "Cora", "subject": "In id.", "body": "Lacus. At sit."}], "target": 0, "action": ""#
      + action + "\"" + extra + "}}"
  }

  // Inbox rows: body, #wrap, #area, #main, header, h2, #open-search (6); a thread is 9 rows:
  // thread, left, sender (+2), subject, body, right, actions, trash (+7), star (+8), from row 7.
  func testInboxStarAndTrash() throws {
    let h = try make("MiniWob-email-inbox-v0")
    h.reset()
    XCTAssertEqual(setState(h, Self.inbox(action: "important")), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Find the email by Audrey and click the star icon to mark it as important.")
    XCTAssertTrue(h.render().contains("fields: by=Audrey, task=star"), h.render())
    XCTAssertTrue(h.render().contains("<div class=\"email-subject\">Ridiculus eget...\n"), h.render())
    XCTAssertEqual(expertActions(h), [15])
    h.step([14])  // trash, when starring is asked: nothing
    XCTAssertEqual(h.terminated[0], 0)
    h.step([24])  // Cora's star: -1
    XCTAssertEqual(h.rewards[0], -1)
    XCTAssertEqual(setState(h, Self.inbox(action: "delete")), CSIM_OK)
    h.step([15])  // a star, when deleting is asked, only toggles
    XCTAssertTrue(h.render().contains("class=\"star clicked\""), h.render())
    h.step([14])
    XCTAssertEqual(h.rewards[0], 1)
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_SUCCESS)), 1)
  }

  func testReplyNeedsTheRightEmailAndText() throws {
    let h = try make("MiniWob-email-inbox-v0", maxSteps: 30)
    h.reset()
    let state = Self.inbox(action: "reply", extra: #", "reply": "Sed do.""#)
    XCTAssertEqual(setState(h, state), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "Find the email by Audrey and reply to them with the text \"Sed do.\".")
    // The expert: open the email, Reply, type the message (field 2) into the textarea, send.
    var actions: [Int32] = []
    while h.terminated[0] == 0 && actions.count < 8 {
      actions.append(expertActions(h)[0])
      h.step([actions.last!])
    }
    XCTAssertEqual(actions, [7, 17, Self.type(row: 15, field: 2), 6])
    XCTAssertEqual(h.rewards[0], 1)
    // Cora's email answered with the right text: -1; and Enter in the textarea is a newline.
    XCTAssertEqual(setState(h, state), CSIM_OK)
    h.step([18])
    XCTAssertTrue(h.render().contains("<div class=\"email-sender\">Cora"), h.render())
    h.step([17])
    h.step([Self.type(row: 15, field: 2)])
    h.step([Self.key(12)])
    XCTAssertTrue(h.render().contains("value=\"Sed do.\n\" focused"), h.render())
    h.step([6])
    XCTAssertEqual(h.rewards[0], -1)
  }

  func testSearchListsMatchesAndItsIconsOpenTheEmail() throws {
    let h = try make("MiniWob-email-inbox-v0")
    h.reset()
    XCTAssertEqual(setState(h, Self.inbox(action: "delete")), CSIM_OK)
    h.step([6])  // open the search: its input takes the focus
    XCTAssertTrue(h.render().contains("<input_text id=search-input focused>"), h.render())
    h.step([Self.key(13)])  // keys go to the input; nothing is listed for "" ...
    h.step([Self.type(row: 8, field: 0)])  // ... and "Audrey" lists Audrey's email, highlighted
    let page = h.render()
    XCTAssertTrue(page.contains("<div id=search-results>"), page)
    XCTAssertTrue(page.contains("<span class=\"highlight\">Audrey"), page)
    XCTAssertTrue(page.contains("<div class=\"email-subject\">Ridiculus eget."), page)  // whole subject here
    XCTAssertFalse(page.contains("Cora"), page)
    // Rows: search, bar, header, cancel (6), span, input (8), results-header, h4, results (11),
    // thread (12), left, sender, highlight, subject, body, right, actions, trash (20), star (21).
    h.step([20])  // the trash of a result has no handler: the click opens the email
    XCTAssertEqual(h.terminated[0], 0)
    XCTAssertTrue(h.render().contains("<div class=\"email-body\">Imperdiet. Cursus."), h.render())
    h.step([5])  // closing the email returns to the inbox, not the search
    XCTAssertTrue(h.render().contains("<div id=main>"), h.render())
    h.step([6])
    h.step([6])  // cancel: the input is emptied, the list kept
    h.step([6])
    XCTAssertTrue(h.render().contains("<span class=\"highlight\">Audrey"), h.render())
    XCTAssertFalse(h.render().contains("value="), h.render())
  }

  /// Recorded in Chromium (the forward form's textarea holds the body, 18 monospace columns):
  /// from the end, ArrowUp and a 5 insert at the same column one line up; ArrowUp twice, two
  /// lines up; ArrowDown on the last line goes to the end.
  func testForwardTextareaCaretFollowsChromiumsLines() throws {
    let h = try make("MiniWob-email-inbox-v0", maxSteps: 40)
    h.reset()
    let state = Self.inbox(action: "forward", extra: #", "forward": "Hedy""#)
    let body = "Imperdiet. Cursus. Nisi, duis sit magna. Enim. At sit scelerisque. Duis."
    for (keys, expected) in [
      ([Self.up], "Imperdiet. Cursus. Nisi, duis sit magna. Enim. At sit s5celerisque. Duis."),
      ([Self.up, Self.up], "Imperdiet. Cursus. Nisi, duis sit magna5. Enim. At sit scelerisque. Duis."),
      ([Self.down], body + "5"),
    ] {
      XCTAssertEqual(setState(h, state), CSIM_OK, h.lastError)
      h.step([9])
      h.step([20])
      XCTAssertTrue(h.render().contains("<textarea id=forward-text value=\"\(body)\">"), h.render())
      h.step([15])
      for k in keys { h.step([k]) }
      h.step([Self.key(5)])
      XCTAssertTrue(h.render().contains("value=\"\(expected)\" focused"), "\(keys): \(h.render())")
    }
    // In a one-line input ArrowUp goes to the start: "5Hedy"; the forward is then wrong.
    XCTAssertEqual(setState(h, state), CSIM_OK)
    for a in [9, 20, Self.type(row: 10, field: 2), Self.up, Self.key(5)] { h.step([a]) }
    XCTAssertTrue(h.render().contains("value=\"5Hedy\" focused"), h.render())
    h.step([6])
    XCTAssertEqual(h.rewards[0], -1)
  }

  /// Chromium focuses a scroll box whose content overflows it: the inbox with 4 emails or more.
  func testOverflowingInboxTakesTheFocus() throws {
    let h = try make("MiniWob-email-inbox-v0")
    h.reset()  // a drawn inbox holds 4 to 11 emails
    h.step([3])
    XCTAssertTrue(h.render().contains("<div id=main focused>"), h.render())
    h.step([9])  // opening an email hides the inbox: the body has the focus again
    XCTAssertTrue(h.render().contains("<body focused>"), h.render())
    XCTAssertEqual(setState(h, Self.inbox(action: "delete")), CSIM_OK)  // 2 emails fit in the box
    h.step([3])
    XCTAssertTrue(h.render().contains("<body focused>"), h.render())
  }

  func testInboxStatesAreChecked() throws {
    let h = try make("MiniWob-email-inbox-v0")
    h.reset()
    let before = mission(h)
    let cases: [(String, String)] = [
      (Self.inbox(action: "archive"), "allowed: reply, forward, delete, important"),
      (Self.inbox(action: "reply"), "has no member \"reply\""),
      (#"{"task": "email-inbox", "state": {"emails": [], "target": 0, "action": "delete"}}"#, "1 to 11 emails"),
      (Self.inbox(action: "delete").replacingOccurrences(of: "\"target\": 0", with: "\"target\": 2"), "state.target"),
    ]
    for (json, message) in cases {
      XCTAssertEqual(setState(h, json), CSIM_ERROR_INVALID_ARGUMENT, json)
      XCTAssertTrue(h.lastError.contains(message), "\(json): \(h.lastError)")
      XCTAssertEqual(mission(h), before, "a refused state changed the episode")
    }
  }

  // MARK: - social-media

  static let feed = #"{"task": "social-media", "state": {"posts": ["#
    + #"{"name": "Carmella", "username": "@consectetur", "time": "10h ago", "body": "Quis velit."}, "#
    + #"{"name": "Emelia", "username": "@deneen", "time": "17h ago", "body": "Fermentum, id."}], "#
    + #""user": "@deneen", "button": "block-user"}}"#

  // A post is 13 rows from row 3: media, details, name, username, spacer, time, body, controls,
  // reply (+8), retweet, like, span, more (+12); an open menu adds its list and 6 entries.
  func testSocialMediaMenusAndButtons() throws {
    let h = try make("MiniWob-social-media-v0")
    h.reset()
    XCTAssertEqual(setState(h, Self.feed), CSIM_OK, h.lastError)
    XCTAssertEqual(mission(h), "For the user @deneen, click on the \"Block\" button.")
    XCTAssertTrue(h.render().contains("fields: user=@deneen, button=Block"), h.render())
    XCTAssertEqual(expertActions(h), [28])  // the second post's more icon
    h.step([15])  // the first post's menu opens ...
    XCTAssertTrue(h.render().contains("<li class=\"block-user\">Block @consectetur"), h.render())
    h.step([35])  // ... and closes when the second one opens
    XCTAssertFalse(h.render().contains("Block @consectetur"), h.render())
    XCTAssertTrue(h.render().contains("<li class=\"block-user\">Block @deneen"), h.render())
    XCTAssertEqual(expertActions(h), [34])
    h.step([34])
    XCTAssertEqual(h.rewards[0], 1)
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_SUCCESS)), 1)
    XCTAssertEqual(setState(h, Self.feed), CSIM_OK)
    h.step([26])  // Like on @deneen's post, when Block is asked
    XCTAssertEqual(h.rewards[0], -1)
    XCTAssertEqual(h.terminated[0], 1)
    let bad = Self.feed.replacingOccurrences(of: "\"user\": \"@deneen\"", with: "\"user\": \"@nobody\"")
    XCTAssertEqual(setState(h, bad), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("wrote none of the posts"), h.lastError)
    let button = Self.feed.replacingOccurrences(of: "block-user", with: "Block")
    XCTAssertEqual(setState(h, button), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("allowed: share, copy"), h.lastError)
  }
}
