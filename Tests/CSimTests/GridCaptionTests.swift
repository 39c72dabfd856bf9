import CSim
import XCTest

/// Captions and text renders of the grid worlds: golden strings, hand-made views, bad input.
final class GridCaptionTests: XCTestCase {
  /// A view with nothing seen but the cells given as (x, y) -> (type, colour, state).
  func view(_ cells: [(Int, Int, [UInt8])], direction: UInt8 = 0) -> [UInt8] {
    var o = [UInt8](repeating: 0, count: 148)
    for (x, y, v) in cells { for c in 0..<3 { o[(x * 7 + y) * 3 + c] = v[c] } }
    o[147] = direction
    return o
  }

  func testHandMadeViewCaption() throws {
    let b = try BatchHarness("MiniGrid-DoorKey-8x8-v0")
    let o = view([
      (3, 6, [6, 0, 0]),  // carrying a red ball
      (3, 5, [4, 4, 2]),  // locked yellow door directly ahead
      (2, 4, [5, 4, 0]),  // yellow key two ahead, one left
      (4, 5, [9, 0, 0]), (4, 4, [9, 0, 0]),  // lava
      (5, 3, [8, 1, 0]),  // goal three ahead, two right
      (0, 6, [2, 5, 0]), (1, 5, [1, 0, 0]),  // a wall and floor: not listed
    ])
    let (status, text) = b.caption(observation: o, event: 9)  // picked_up_red_ball
    XCTAssertEqual(status, CSIM_OK)
    XCTAssertEqual(text, "You picked up the red ball. You carry a red ball. You see a locked yellow door directly ahead; "
                   + "lava in two cells, the nearest one step ahead and one to the right; a yellow key two steps ahead "
                   + "and one to the left; the green goal three steps ahead and two to the right.")
    let empty = view([(3, 6, [1, 0, 0]), (3, 5, [2, 5, 0]), (6, 6, [4, 2, 0])], direction: 2)
    XCTAssertEqual(b.caption(observation: empty, event: 0).1,
                   "You carry nothing. You see an open blue door three steps to your right. A wall is directly ahead.")
    XCTAssertEqual(b.caption(observation: view([(3, 6, [1, 0, 0])]), event: 1).1,
                   "You reached the goal. You carry nothing. You see no objects.")
    XCTAssertEqual(b.caption(observation: view([(3, 6, [5, 4, 0])]), event: 55).1,
                   "You unlocked and opened the yellow door. You carry a yellow key. You see no objects.")
  }

  func testMalformedObservationsAreRejected() throws {
    let b = try BatchHarness("MiniGrid-DoorKey-8x8-v0")
    var bad = view([(3, 6, [1, 0, 0])])
    bad[10 * 3] = 11  // no such object type
    XCTAssertEqual(b.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(b.lastError.contains("type 0..10"), b.lastError)
    bad = view([(3, 6, [1, 0, 0]), (2, 2, [5, 6, 0])])  // colour 6
    XCTAssertEqual(b.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    bad = view([(3, 6, [1, 0, 0]), (2, 2, [4, 1, 3])])  // door state 3
    XCTAssertEqual(b.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    bad = view([(3, 6, [1, 0, 0])], direction: 4)
    XCTAssertEqual(b.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(b.caption(observation: view([]), event: 69).0, CSIM_ERROR_INVALID_ARGUMENT)
  }

  func testGoldenCaptionsAndRender() throws {
    let kc = try BatchHarness("MiniGrid-KeyCorridorS3R3-v0", seed: 1)
    kc.reset()
    XCTAssertEqual(kc.render(), """
      WWWWWWW
      W.W.D.W
      WDW.WWW
      W.DvDBW
      WDW.WWW
      WKD.D.W
      WWWWWWW
      mission: pick up the grey ball
      step 0/270, carrying: nothing
      objects: green door (closed) at (4,1), yellow door (closed) at (1,2), purple door (closed) at (2,3), \
      yellow door (locked) at (4,3), grey ball at (5,3), purple door (closed) at (1,4), yellow key at (1,5), \
      red door (closed) at (2,5), purple door (closed) at (4,5)

      """)
    XCTAssertEqual(kc.caption(), "You carry nothing. You see a locked yellow door one step to your left; a closed purple "
                   + "door one step to your right; a closed purple door two steps ahead and one to the left; a closed "
                   + "red door two steps ahead and one to the right.")
    kc.step(1)
    XCTAssertEqual(kc.caption(), "You carry nothing. You see a closed purple door directly ahead; a closed red door "
                   + "one step ahead and two to the left.")
    kc.step(5)
    XCTAssertEqual(kc.eventName(Int32(kc.value(.event))), "opened_purple_door")
    XCTAssertEqual(kc.caption(), "You opened the purple door. You carry nothing. You see an open purple door directly "
                   + "ahead; a closed red door one step ahead and two to the left; a closed purple door two steps ahead "
                   + "and one to the left; a closed yellow door two steps ahead and one to the right.")
    kc.step(2)
    XCTAssertEqual(kc.caption(), "You carry nothing. You see a closed purple door one step ahead and one to the left; "
                   + "a closed yellow door one step ahead and one to the right.")

    let lava = try BatchHarness("MiniGrid-LavaGapS7-v0", seed: 4)
    lava.reset()
    XCTAssertEqual(lava.caption(), "You carry nothing. You see lava in four cells, the nearest three steps ahead.")
    for a: Int32 in [2, 2, 1] { lava.step(a) }
    XCTAssertEqual(lava.caption(), "You carry nothing. You see lava in four cells, the nearest one step to your left; "
                   + "the green goal four steps ahead and two to the left.")
  }

  /// The live caption equals the caption of the stored observation and event; all stay short.
  func testCaptionsComeFromObservationAndEventOnly() throws {
    var rng = TestRandom(state: 3)
    var i = 0
    while let p = csim_env_id(Int32(i)) {
      i += 1
      let id = String(cString: p)
      guard id.hasPrefix("MiniGrid-") else { continue }
      let b = try BatchHarness(id, seed: 2)
      b.reset()
      for _ in 0..<60 {
        b.step(Int32(rng.next() % 7))
        let live = b.caption()
        let stored = b.caption(observation: b.observation(), event: b.terminated[0] | b.truncated[0] == 1 ? 0 : Int32(b.value(.event)))
        XCTAssertEqual(stored.0, CSIM_OK)
        XCTAssertEqual(live, stored.1, id)
        XCTAssertLessThan(live.count, 420, live)
      }
    }
  }
}
