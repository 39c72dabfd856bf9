import CSim
import XCTest

/// MiniGrid semantics through the C ABI: specs, rules, view, solver, determinism.
final class GridWorldTests: XCTestCase {
  typealias Pos = GridMap.Pos
  let left: Int32 = 0, right: Int32 = 1, forward: Int32 = 2, pickup: Int32 = 3, drop: Int32 = 4, toggle: Int32 = 5,
    done: Int32 = 6

  static let maxSteps: [String: Int32] = [
    "MiniGrid-Empty-5x5-v0": 100, "MiniGrid-Empty-8x8-v0": 256, "MiniGrid-Empty-16x16-v0": 1024,
    "MiniGrid-DoorKey-5x5-v0": 250, "MiniGrid-DoorKey-6x6-v0": 360, "MiniGrid-DoorKey-8x8-v0": 640,
    "MiniGrid-DoorKey-16x16-v0": 2560, "MiniGrid-FourRooms-v0": 100, "MiniGrid-MultiRoom-N2-S4-v0": 40,
    "MiniGrid-MultiRoom-N4-S5-v0": 120, "MiniGrid-KeyCorridorS3R1-v0": 270, "MiniGrid-KeyCorridorS3R2-v0": 270,
    "MiniGrid-KeyCorridorS3R3-v0": 270, "MiniGrid-LavaGapS5-v0": 100, "MiniGrid-LavaGapS7-v0": 196,
    "MiniGrid-Unlock-v0": 288, "MiniGrid-UnlockPickup-v0": 288,
  ]

  func map(_ b: BatchHarness, _ i: Int = 0) -> GridMap { GridMap(render: b.render(i)) }

  /// Runs actions on env 0, failing if the episode ends before the last one.
  func run(_ b: BatchHarness, _ actions: [Int32], file: StaticString = #filePath, line: UInt = #line) {
    for (k, a) in actions.enumerated() {
      XCTAssertEqual(b.step(a), CSIM_OK, file: file, line: line)
      if k < actions.count - 1 {
        XCTAssertEqual(b.terminated[0] | b.truncated[0], 0, "episode ended early", file: file, line: line)
      }
    }
  }

  func walk(_ b: BatchHarness, facing target: Pos, file: StaticString = #filePath, line: UInt = #line) {
    guard let p = map(b).plan(facing: target) else { return XCTFail("no path to \(target)", file: file, line: line) }
    run(b, p, file: file, line: line)
  }

  func testSpecsOfEveryId() throws {
    var ids = Set<String>()
    for k in 0..<csim_env_count() { ids.insert(String(cString: csim_env_id(k))) }
    for (id, steps) in Self.maxSteps {
      XCTAssertTrue(ids.contains(id), id)
      var s = CSimSpec()
      XCTAssertEqual(csim_env_spec(id, &s), CSIM_OK)
      XCTAssertEqual(s.observation_dtype, CSIM_DTYPE_UINT8)
      XCTAssertEqual(s.observation_rank, 1)
      XCTAssertEqual(s.observation_shape.0, 148)
      XCTAssertEqual(s.observation_size, 148)
      XCTAssertEqual(s.observation_high, 10)
      XCTAssertEqual(s.action_kind, CSIM_ACTION_DISCRETE)
      XCTAssertEqual(s.num_actions, 7)
      XCTAssertEqual(s.action_high, 6)
      XCTAssertEqual(s.reward_high, 1)
      XCTAssertEqual(s.max_episode_steps, steps, id)
      XCTAssertEqual(s.info_dim, 11)
      let b = try BatchHarness(id, seed: 3)
      b.reset()
      XCTAssertEqual(b.value(.episodeStep), 0)
      XCTAssertEqual(b.observation()[147], UInt8(b.value(.agentDir)))
    }
    let b = try BatchHarness("MiniGrid-DoorKey-8x8-v0")
    let names = (0..<11).map { String(cString: csim_vec_env_info_name(b.handle, $0)) }
    XCTAssertEqual(names, ["success", "progress", "event", "episode_step", "agent_x", "agent_y", "agent_dir",
                           "carrying", "carrying_color", "goal_x", "goal_y"])
    XCTAssertEqual(b.eventName(0), "")
    XCTAssertEqual(b.eventName(1), "reached_goal")
    XCTAssertEqual(b.eventName(2), "entered_lava")
    XCTAssertEqual(b.eventName(7), "picked_up_yellow_key")
    XCTAssertEqual(b.eventName(55), "unlocked_yellow_door")
    XCTAssertEqual(b.eventName(68), "opened_grey_box")
    XCTAssertNil(b.eventName(69))
  }

  func testOptions() throws {
    var options = CSimOptions()
    csim_options_default(&options)
    options.reward_kind = 1
    var h: OpaquePointer?
    var message = [CChar](repeating: 0, count: 1024)
    XCTAssertEqual(csim_vec_env_create("MiniGrid-DoorKey-8x8-v0", 1, 0, &options, &h, &message, message.count),
                   CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(h)
    XCTAssertTrue(cText(message).contains("reward_kind"), cText(message))
    let b = try BatchHarness("MiniGrid-Empty-5x5-v0", maxSteps: 7)
    XCTAssertEqual(b.spec.max_episode_steps, 7)
  }

  func testEmptyStartWallsAndRotatedView() throws {
    let b = try BatchHarness("MiniGrid-Empty-8x8-v0")
    b.reset()
    XCTAssertEqual([b.value(.agentX), b.value(.agentY), b.value(.agentDir)], [1, 1, 0])
    XCTAssertEqual([b.value(.goalX), b.value(.goalY)], [6, 6])
    // Forward stops at the wall: x goes 2, 3, 4, 5, 6, then stays at 6.
    for x in [2, 3, 4, 5, 6, 6, 6] as [Float] {
      b.step(forward)
      XCTAssertEqual(b.value(.agentX), x)
    }
    b.step(right)  // facing down at (6, 1)
    run(b, [forward, forward, right, forward, forward, left])  // to (4, 3) facing down
    XCTAssertEqual([b.value(.agentX), b.value(.agentY), b.value(.agentDir)], [4, 3, 1])
    // The goal at (6, 6) is 3 ahead and 2 to the agent's left (world +x is its left when facing down):
    // view cell (x 1, y 3), byte (1 * 7 + 3) * 3.
    var o = b.observation()
    XCTAssertEqual(Array(o[30..<33]), [8, 1, 0])
    XCTAssertEqual(o[147], 1)
    b.step(left)  // facing right: the goal is 2 ahead and 3 to the right: view (6, 4)
    o = b.observation()
    XCTAssertEqual(Array(o[(6 * 7 + 4) * 3..<(6 * 7 + 4) * 3 + 3]), [8, 1, 0])
    XCTAssertEqual(Array(o[30..<33]), [2, 5, 0], "3 ahead and 2 left is now the wall at x 7")
    b.step(left)  // facing up: the goal is behind, out of view
    o = b.observation()
    XCTAssertFalse(stride(from: 0, to: 147, by: 3).contains { o[$0] == 8 })
    // Empty sees through walls (as MiniGrid's EmptyEnv): no unseen cell, map edge beyond is wall.
    XCTAssertFalse(stride(from: 0, to: 147, by: 3).contains { o[$0] == 0 })
    // The agent's own cell shows "empty" when it carries nothing.
    XCTAssertEqual(Array(o[(3 * 7 + 6) * 3..<(3 * 7 + 6) * 3 + 3]), [1, 0, 0])
  }

  func testViewMatchesMiniGridReferenceOnRandomPlay() throws {
    let ids = ["MiniGrid-DoorKey-8x8-v0", "MiniGrid-FourRooms-v0", "MiniGrid-KeyCorridorS3R3-v0",
               "MiniGrid-MultiRoom-N4-S5-v0", "MiniGrid-LavaGapS7-v0", "MiniGrid-UnlockPickup-v0",
               "MiniGrid-Empty-8x8-v0"]
    var rng = TestRandom(state: 7)
    for id in ids {
      let b = try BatchHarness(id, seed: 11)
      b.reset()
      for _ in 0..<150 {
        let m = map(b)
        XCTAssertEqual(b.observation(), m.referenceObservation(seeThroughWalls: id.contains("Empty")), "\(id)\n\(b.render())")
        if b.observation() != m.referenceObservation(seeThroughWalls: id.contains("Empty")) { break }
        b.step([Int32(rng.next() % 10 < 4 ? 2 : rng.next() % 7)])
      }
    }
  }

  /// Walks DoorKey to the split wall next to the door; checks occlusion, the locked door and the key.
  func testDoorKeyWallHidesLockedDoorAndKey() throws {
    let b = try BatchHarness("MiniGrid-DoorKey-8x8-v0", seed: 5)
    b.reset()
    var m = map(b)
    let door = m.find("D")!
    let key = m.find("K")!
    // Face the door from its left without the key: forward is blocked, toggle fails.
    walk(b, facing: door)
    m = map(b)
    XCTAssertEqual(m.dir, 0)
    b.step(forward)
    XCTAssertEqual(map(b).agent, m.agent, "a locked door blocks forward")
    b.step(toggle)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "tried_locked_yellow_door")
    XCTAssertEqual(map(b).char(door), "D")
    var o = b.observation()
    XCTAssertEqual(Array(o[(3 * 7 + 5) * 3..<(3 * 7 + 5) * 3 + 3]), [4, 4, 2], "locked yellow door directly ahead")
    // The split wall fills the row ahead, so everything beyond it is unseen.
    for x in 0..<7 { for y in 0..<5 { XCTAssertEqual(o[(x * 7 + y) * 3], 0, "cell \(x),\(y) behind the wall") } }
    XCTAssertEqual(b.caption(), "The yellow door is locked and you do not hold the yellow key. "
                   + "You carry nothing. You see a locked yellow door directly ahead.")
    // Fetch the key, come back, unlock: the door opens and the room behind it becomes visible.
    walk(b, facing: key)
    b.step(pickup)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "picked_up_yellow_key")
    XCTAssertEqual(b.value(.carrying), 5)
    XCTAssertEqual(b.value(.carryingColor), 4)
    XCTAssertEqual(b.value(.progress), 1.0 / 3.0, accuracy: 1e-6)
    XCTAssertEqual(map(b).char(key), ".")
    walk(b, facing: door)
    b.step(toggle)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "unlocked_yellow_door")
    XCTAssertEqual(b.value(.progress), 2.0 / 3.0, accuracy: 1e-6)
    XCTAssertEqual(map(b).char(door), "d")
    o = b.observation()
    XCTAssertEqual(Array(o[(3 * 7 + 5) * 3..<(3 * 7 + 5) * 3 + 3]), [4, 4, 0], "open door ahead")
    XCTAssertNotEqual(o[(3 * 7 + 4) * 3], 0, "an open door is see-through")
    XCTAssertEqual(Array(o[(3 * 7 + 6) * 3..<(3 * 7 + 6) * 3 + 3]), [5, 4, 0], "the carried key shows at the agent")
    // Toggle again closes it (and it is not locked any more); then it opens with a plain toggle.
    b.step(toggle)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "closed_yellow_door")
    XCTAssertEqual(b.value(.progress), 2.0 / 3.0, accuracy: 1e-6, "progress keeps the furthest milestone")
    b.step(forward)
    XCTAssertEqual(map(b).char(door), "D")
    XCTAssertEqual(map(b).objects[door]!.state, 1)
    b.step(toggle)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "opened_yellow_door")
    b.step(forward)
    XCTAssertEqual(map(b).agent, door, "an open door lets the agent through")
  }

  func testPickupDropAndTargetInKeyCorridor() throws {
    // S3R1 is one row of three one-cell rooms: key | agent | locked door, ball.
    let b = try BatchHarness("MiniGrid-KeyCorridorS3R1-v0", seed: 2)
    b.reset()
    let m = map(b)
    XCTAssertEqual(m.agent, Pos(x: 3, y: 1))
    XCTAssertEqual(m.char(Pos(x: 1, y: 1)), "K")
    XCTAssertEqual(m.char(Pos(x: 5, y: 1)), "B")
    let ball = m.objects[Pos(x: 5, y: 1)]!
    // Turn to face left (dir 2), open the unlocked door, pick the key from the doorway.
    let turns = (2 - m.dir + 4) % 4
    run(b, [Int32](repeating: right, count: turns))
    b.step(toggle)
    run(b, [forward])
    b.step(pickup)
    XCTAssertEqual(b.value(.carrying), 5)
    b.step(pickup)
    XCTAssertEqual(b.value(.event), 0, "pickup needs a pickable object ahead")
    // Back to the middle, unlock the door with the key, step into the doorway facing the ball.
    run(b, [left, left, forward, forward])
    XCTAssertEqual(map(b).agent, Pos(x: 3, y: 1), "the locked door blocks")
    b.step(toggle)
    XCTAssertEqual(map(b).char(Pos(x: 4, y: 1)), "d")
    b.step(forward)
    // Hands full: pickup does nothing; drop needs an empty cell ahead (the ball is there).
    b.step(pickup)
    XCTAssertEqual(b.value(.carrying), 5)
    XCTAssertEqual(b.terminated[0], 0)
    XCTAssertEqual(map(b).char(Pos(x: 5, y: 1)), "B")
    b.step(drop)
    XCTAssertEqual(b.value(.carrying), 5)
    XCTAssertEqual(b.value(.event), 0)
    // Drop the key behind, turn back, pick up the ball: the mission is done.
    run(b, [left, left, drop])
    XCTAssertEqual(b.value(.carrying), 0)
    XCTAssertEqual(b.value(.carryingColor), -1)
    XCTAssertEqual(b.eventName(Int32(b.value(.event)))?.hasPrefix("dropped_"), true)
    XCTAssertEqual(map(b).char(Pos(x: 3, y: 1)), "K")
    run(b, [left, left, pickup])
    XCTAssertEqual(b.terminated[0], 1)
    XCTAssertEqual(b.value(.success), 1)
    XCTAssertEqual(b.value(.progress), 1)
    let steps = 18 + turns
    XCTAssertEqual(b.value(.episodeStep), Float(steps))
    XCTAssertEqual(b.rewards[0], Float(1 - 0.9 * Double(steps) / 270.0), accuracy: 1e-6)
    XCTAssertEqual(b.eventName(Int32(b.value(.event))), "picked_up_\(GridMap.colors[ball.color])_ball")
  }

  func testLavaEndsTheEpisodeWithoutReward() throws {
    // LavaGapS5: the lava column is x = 2; the agent starts at (1, 1) facing it.
    var seed: UInt64 = 0
    while true {
      let probe = try BatchHarness("MiniGrid-LavaGapS5-v0", seed: seed)
      probe.reset()
      if map(probe).char(Pos(x: 2, y: 1)) == "L" { break }
      seed += 1
    }
    let b = try BatchHarness("MiniGrid-LavaGapS5-v0", seed: seed)
    b.reset()
    b.step(forward)
    XCTAssertEqual(b.terminated[0], 1)
    XCTAssertEqual(b.truncated[0], 0)
    XCTAssertEqual(b.rewards[0], 0)
    XCTAssertEqual(b.value(.success), 0)
    XCTAssertEqual(b.value(.event), 2)
    let (status, text) = b.caption(observation: b.finalObservation(), event: 2)
    XCTAssertEqual(status, CSIM_OK)
    XCTAssertTrue(text.hasPrefix("You stepped into lava."), text)
  }

  func testRewardFormulaAndTruncation() throws {
    let path: [Int32] = [forward, forward, right, forward, forward]  // (1,1) to the goal at (3,3)
    let b = try BatchHarness("MiniGrid-Empty-5x5-v0")
    b.reset()
    run(b, path)
    XCTAssertEqual(b.terminated[0], 1)
    XCTAssertEqual(b.truncated[0], 0)
    XCTAssertEqual(b.rewards[0], Float(1 - 0.9 * 5.0 / 100.0), accuracy: 1e-6)
    XCTAssertEqual(b.value(.success), 1)
    XCTAssertEqual(b.value(.progress), 1)
    XCTAssertEqual(b.value(.event), 1)
    // With max_episode_steps 5, the goal on the last step gives both flags and the reward uses 5.
    let short = try BatchHarness("MiniGrid-Empty-5x5-v0", maxSteps: 5)
    short.reset()
    run(short, path)
    XCTAssertEqual(short.terminated[0], 1)
    XCTAssertEqual(short.truncated[0], 1)
    XCTAssertEqual(short.rewards[0], Float(1 - 0.9 * 5.0 / 5.0), accuracy: 1e-6)
    // Doing nothing is cut at max_steps, with terminated 0, then the env starts over.
    short.reset()
    for k in 1...5 {
      short.step(done)
      XCTAssertEqual(short.truncated[0], k == 5 ? 1 : 0)
      XCTAssertEqual(short.terminated[0], 0)
      XCTAssertEqual(short.rewards[0], 0)
    }
    XCTAssertEqual(map(short).step, 0, "autoreset after truncation")
    // Progress along the shortest path in goal worlds: 1 - distance / start distance.
    b.reset()
    var last: Float = -1
    for a in path.dropLast() {
      b.step(a)
      XCTAssertGreaterThanOrEqual(b.value(.progress), last)
      last = b.value(.progress)
    }
    XCTAssertEqual(last, 0.75, accuracy: 1e-6)
  }

  /// A BFS planner driven by the rendered map solves DoorKey-8x8 with MiniGrid's reward.
  func testScriptedSolverSolvesDoorKey() throws {
    for seed: UInt64 in 0..<40 {
      let b = try BatchHarness("MiniGrid-DoorKey-8x8-v0", seed: seed)
      b.reset()
      let start = map(b)
      walk(b, facing: start.find("K")!)
      b.step(pickup)
      walk(b, facing: start.find("D")!)
      b.step(toggle)
      walk(b, facing: start.find("G")!)
      let steps = map(b).step + 1
      b.step(forward)
      XCTAssertEqual(b.terminated[0], 1, "seed \(seed)")
      XCTAssertEqual(b.value(.success), 1)
      XCTAssertEqual(b.value(.episodeStep), Float(steps))
      XCTAssertEqual(b.rewards[0], Float(1 - 0.9 * Double(steps) / 640), accuracy: 1e-6, "seed \(seed)")
    }
  }

  func testDeterministicAcrossThreadsAndRanges() throws {
    for id in ["MiniGrid-DoorKey-8x8-v0", "MiniGrid-MultiRoom-N4-S5-v0", "MiniGrid-KeyCorridorS3R3-v0"] {
      let n: Int32 = 8
      let one = try BatchHarness(id, count: n, seed: 42, threads: 1)
      let two = try BatchHarness(id, count: n, seed: 42, threads: 2)
      let split = try BatchHarness(id, count: n, seed: 42, threads: 1)
      for b in [one, two, split] { b.reset() }
      XCTAssertEqual(one.observations, two.observations)
      var rng = TestRandom(state: 1)
      for _ in 0..<300 {
        let actions = (0..<n).map { _ in Int32(rng.next() % 7) }
        XCTAssertEqual(one.step(actions), CSIM_OK)
        XCTAssertEqual(two.step(actions), CSIM_OK)
        XCTAssertEqual(split.stepRange(0, 3, actions), CSIM_OK)
        XCTAssertEqual(split.stepRange(3, n, actions), CSIM_OK)
        for b in [two, split] {
          XCTAssertEqual(one.observations, b.observations)
          XCTAssertEqual(one.rewards, b.rewards)
          XCTAssertEqual(one.terminated, b.terminated)
          XCTAssertEqual(one.truncated, b.truncated)
          XCTAssertEqual(one.info, b.info)
        }
      }
      // A different seed gives a different world.
      let other = try BatchHarness(id, count: n, seed: 43)
      other.reset()
      let first = try BatchHarness(id, count: n, seed: 42)
      first.reset()
      XCTAssertNotEqual((0..<Int(n)).map { first.render($0) }, (0..<Int(n)).map { other.render($0) })
    }
  }

  func testEveryFamilyGeneratesSolvableLayouts() throws {
    // Every world's start must reach its goal (or door) over walkable cells; doors count.
    for id in Self.maxSteps.keys.sorted() {
      let b = try BatchHarness(id, count: 20, seed: 9)
      b.reset()
      for i in 0..<20 {
        let m = map(b, i)
        let target = m.find("G") ?? m.find("D")!
        let plan = m.plan(facing: target) { ".dDKBX".contains($0) }
        XCTAssertNotNil(plan, "\(id) env \(i)\n\(b.render(i))")
        XCTAssertEqual(m.step, 0)
      }
    }
  }
}
