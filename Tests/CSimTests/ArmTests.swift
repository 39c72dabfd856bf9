import AllocCounter
import CSim
import CSimTesting
import Dispatch
import XCTest

/// The robot-arm environments through the C ABI: spec and goal visibility, scripted experts,
/// determinism across threads, bad actions and physics faults, captions.
final class ArmTests: XCTestCase {
  func make(_ id: String, count: Int32 = 4, seed: UInt64 = 3, threads: Int32 = 1) throws -> BatchHarness {
    try BatchHarness(id, count: count, seed: seed, threads: threads)
  }

  func testSpecIsMetaWorlds() throws {
    let h = try make("arm/push")
    XCTAssertEqual(h.spec.observation_size, 39)
    XCTAssertEqual(h.spec.observation_dtype, CSIM_DTYPE_FLOAT32)
    XCTAssertEqual(h.spec.action_kind, CSIM_ACTION_CONTINUOUS)
    XCTAssertEqual(h.spec.action_dim, 4)
    XCTAssertEqual(h.spec.action_low, -1)
    XCTAssertEqual(h.spec.action_high, 1)
    XCTAssertEqual(h.spec.max_episode_steps, 500)
    XCTAssertEqual(h.spec.reward_high, 10)
    XCTAssertEqual(String(cString: csim_vec_env_info_name(h.handle, Int32(ArmColumn.fault.rawValue))!), "fault")
    XCTAssertEqual(h.eventName(2), "solved")
  }

  func testGoalIsVisibleOrHiddenByTheId() throws {
    let visible = try make("arm/pick-place", seed: 9)
    let hidden = try make("arm/pick-place-goal-hidden", seed: 9)
    visible.reset()
    hidden.reset()
    for env in 0..<4 {
      let v = visible.floats(env)
      let h = hidden.floats(env)
      XCTAssertEqual(Array(v[0..<36]), Array(h[0..<36]), "only the goal differs")
      XCTAssertEqual(Array(h[36..<39]), [0, 0, 0])
      // MetaWorld's pick-place goal box: x in [-0.1, 0.1], y in [0.8, 0.9], z in [0.05, 0.3].
      XCTAssertTrue((-0.1...0.1).contains(v[36]) && (0.8...0.9).contains(v[37]) && (0.05...0.3).contains(v[38]), "\(v[36...])")
    }
  }

  func testResetRandomisesObjectsWithinMetaWorldsRanges() throws {
    let h = try make("arm/push", count: 32, seed: 5)
    h.reset()
    var xs = Set<Float>()
    for env in 0..<32 {
      let o = h.floats(env)
      XCTAssertEqual(Array(o[0..<3]), [0, 0.6, 0.2].map { Float($0) }, accuracy: 1e-3)
      XCTAssertTrue((-0.1...0.1).contains(o[4]) && (0.6...0.7).contains(o[5]), "puck at \(o[4]), \(o[5])")
      XCTAssertEqual(Array(o[0..<18]), Array(o[18..<36]), "at reset the previous frame is the first one")
      xs.insert(o[4])
    }
    XCTAssertGreaterThan(xs.count, 30)
  }

  /// The scripted expert solves at least 90 of 100 seeded episodes (one batch of 100 envs,
  /// one episode each: success at any step of the episode counts, as in MetaWorld).
  private func assertExpertSolves(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let h = try make(id, count: 100, seed: 2026, threads: 0)
    h.reset()
    var solved = [Bool](repeating: false, count: 100)
    // Stops early once every env has succeeded: the episodes would run on to 500 steps.
    for _ in 0..<Int(h.spec.max_episode_steps) where !solved.allSatisfy({ $0 }) {
      XCTAssertEqual(h.step(continuous: h.expertActions()), CSIM_OK, h.lastError, file: file, line: line)
      XCTAssertTrue(h.truncated.allSatisfy { $0 == 0 }, file: file, line: line)
      for env in 0..<100 where h.armInfo(.success, env) > 0.5 { solved[env] = true }
    }
    XCTAssertGreaterThanOrEqual(solved.filter { $0 }.count, 90, "\(id) expert success", file: file, line: line)
    XCTAssertEqual(csim_vec_env_fault_count(h.handle), 0, file: file, line: line)
  }

  func testReachExpert() throws { try assertExpertSolves("arm/reach") }
  func testPushExpert() throws { try assertExpertSolves("arm/push") }
  func testPickPlaceExpert() throws { try assertExpertSolves("arm/pick-place") }
  func testDrawerOpenExpert() throws { try assertExpertSolves("arm/drawer-open") }
  func testDrawerCloseExpert() throws { try assertExpertSolves("arm/drawer-close") }
  func testButtonPressTopdownExpert() throws { try assertExpertSolves("arm/button-press-topdown") }
  func testDoorOpenExpert() throws { try assertExpertSolves("arm/door-open") }
  func testWindowOpenExpert() throws { try assertExpertSolves("arm/window-open") }
  func testWindowCloseExpert() throws { try assertExpertSolves("arm/window-close") }
  func testPegInsertSideExpert() throws { try assertExpertSolves("arm/peg-insert-side") }
  func testSweepIntoExpert() throws { try assertExpertSolves("arm/sweep-into") }
  func testSoccerExpert() throws { try assertExpertSolves("arm/soccer") }

  func testEpisodesAreTruncatedAt500StepsAndNeverTerminate() throws {
    let h = try make("arm/reach", count: 2)
    h.reset()
    for step in 1...500 {
      XCTAssertEqual(h.step(continuous: h.expertActions()), CSIM_OK)
      XCTAssertEqual(h.terminated, [0, 0])
      XCTAssertEqual(h.truncated, step == 500 ? [1, 1] : [0, 0], "step \(step)")
      XCTAssertEqual(h.armInfo(.episodeStep, 1), Float(step))
    }
    XCTAssertEqual(h.resetInfo[Int(h.spec.info_dim) + ArmColumn.episodeStep.rawValue], 0, "the next episode's first row")
  }

  func testRandomActionsEarnLittleAndSolveLittle() throws {
    let h = try make("arm/pick-place", count: 16, seed: 4)
    h.reset()
    var random = TestRandom(state: 8)
    var solved = 0
    for _ in 0..<200 {
      XCTAssertEqual(h.step(continuous: random.continuous(count: 64)), CSIM_OK)
      solved += (0..<16).filter { h.armInfo(.success, $0) > 0.5 }.count
      XCTAssertTrue(h.rewards.allSatisfy { (0...10).contains($0) })
    }
    XCTAssertLessThan(solved, 16 * 20)
  }

  /// A seed gives bit-identical trajectories for 1 or 2 threads and any batch split, through
  /// grasps, contacts, sleeping bodies and hinges.
  func testTrajectoriesAreIdenticalForAnyThreadCountAndSplit() throws {
    for (id, steps) in [("arm/pick-place", 120), ("arm/door-open", 80), ("arm/peg-insert-side", 80)] {
      try assertDeterministic(id, steps: steps)
    }
  }

  private func assertDeterministic(_ id: String, steps: Int) throws {
    let count: Int32 = 10
    let one = try make(id, count: count, seed: 42, threads: 1)
    let two = try make(id, count: count, seed: 42, threads: 2)
    let split = try make(id, count: count, seed: 42, threads: 1)
    for h in [one, two, split] { h.reset() }
    var random = TestRandom(state: 5)
    for step in 0..<steps {
      // Expert actions for half the envs (so grasps and contacts happen), random for the rest.
      let expert = one.expertActions()
      let noise = random.continuous(count: Int(count) * 4)
      let actions = (0..<Int(count) * 4).map { $0 < Int(count) * 2 ? expert[$0] : noise[$0] }
      XCTAssertEqual(one.step(continuous: actions), CSIM_OK)
      XCTAssertEqual(two.step(continuous: actions), CSIM_OK)
      let cut = Int32(step % Int(count))
      let status = actions.withUnsafeBufferPointer { a in
        split.withBuffers { b in
          [csim_vec_env_step_range(split.handle, cut, count, a.baseAddress, Int64(a.count), &b),
           csim_vec_env_step_range(split.handle, 0, cut, a.baseAddress, Int64(a.count), &b)]
        }
      }
      XCTAssertEqual(status, [CSIM_OK, CSIM_OK])
      for other in [two, split] {
        XCTAssertEqual(one.observations, other.observations, "\(id) step \(step)")
        XCTAssertEqual(one.rewards, other.rewards, id)
        XCTAssertEqual(one.info, other.info, id)
      }
      if one.observations != two.observations { return }
    }
  }

  func testNonFiniteActionsAreRejectedNamingTheEnvironment() throws {
    let h = try make("arm/push", count: 3)
    h.reset()
    let before = h.observations
    for bad in [Float.nan, .infinity, -.infinity] {
      var actions = [Float](repeating: 0, count: 12)
      actions[9] = bad
      XCTAssertEqual(h.step(continuous: actions), CSIM_ERROR_INVALID_ACTION)
      XCTAssertTrue(h.lastError.contains("env 2"), h.lastError)
      XCTAssertEqual(h.observations, before, "nothing stepped")
    }
  }

  func testOutOfRangeActionsAreClippedLikeMetaWorld() throws {
    let a = try make("arm/reach", count: 1)
    let b = try make("arm/reach", count: 1)
    a.reset()
    b.reset()
    for _ in 0..<5 {
      XCTAssertEqual(a.step(continuous: [7, -3, 0.5, 9]), CSIM_OK)
      XCTAssertEqual(b.step(continuous: [1, -1, 0.5, 1]), CSIM_OK)
    }
    XCTAssertEqual(a.observations, b.observations)
  }

  /// A forced blow-up truncates that env only, resets it, counts it, and no NaN or wild
  /// value reaches an observation.
  func testPhysicsFaultIsDetectedTruncatedResetAndCounted() throws {
    let h = try make("arm/push", count: 3, threads: 2)
    h.reset()
    XCTAssertEqual(csim_vec_env_inject_fault(h.handle, 7), CSIM_ERROR_INVALID_ARGUMENT)
    for _ in 0..<3 { h.step(continuous: [Float](repeating: 0.3, count: 12)) }
    let lastGood = h.floats(1)
    XCTAssertEqual(csim_vec_env_inject_fault(h.handle, 1), CSIM_OK)
    XCTAssertEqual(h.step(continuous: [Float](repeating: 0.3, count: 12)), CSIM_OK)
    XCTAssertEqual(h.truncated, [0, 1, 0])
    XCTAssertEqual(h.terminated, [0, 0, 0])
    XCTAssertEqual(h.armInfo(.fault, 1), 1)
    XCTAssertEqual(h.armInfo(.event, 1), 3)
    XCTAssertEqual(h.finalObservation(1).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }, lastGood)
    XCTAssertEqual(h.floats(1)[0..<3], [0, 0.6, 0.2].map { Float($0) }[0..<3], "reset to the start pose")
    XCTAssertEqual(csim_vec_env_fault_count(h.handle), 1)
    for _ in 0..<20 {
      h.step(continuous: [Float](repeating: -0.2, count: 12))
      XCTAssertTrue(h.allFloats.allSatisfy { $0.isFinite && abs($0) <= 10 })
    }
    XCTAssertEqual(csim_vec_env_fault_count(h.handle), 1)
    let grid = try BatchHarness("MiniGrid-Empty-5x5-v0")
    grid.reset()
    XCTAssertEqual(csim_vec_env_inject_fault(grid.handle, 0), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_vec_env_fault_count(grid.handle), 0)
  }

  func testExpertActionsNeedAResetAndABigEnoughBuffer() throws {
    let h = try make("arm/reach", count: 2)
    var actions = [Float](repeating: 0, count: 8)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &actions, 8), CSIM_ERROR_INVALID_ARGUMENT)
    h.reset()
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &actions, 7), CSIM_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, nil, 8), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_expert_actions(h.handle, &actions, 8), CSIM_OK)
    XCTAssertTrue(actions.allSatisfy { (-1...1).contains($0) })
    // Every family has an expert now, NetHack's staircase planner included (when its optional
    // engine is installed): one legal action index per env.
    guard case .success(let nethack) = BatchHarness.make("NetHackScore-v0", count: 1) else { return }
    nethack.reset()
    XCTAssertEqual(csim_vec_env_expert_actions(nethack.handle, &actions, 8), CSIM_OK, nethack.lastError)
    XCTAssertTrue((0..<Float(nethack.spec.num_actions)).contains(actions[0]) && actions[0].rounded() == actions[0])
  }
}

private func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath,
                            line: UInt = #line)
{
  XCTAssertEqual(a.count, b.count, file: file, line: line)
  for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

extension ArmTests {
  /// After warm-up (ODE's per-world step arena and contact pool reach their working size),
  /// stepping the arm allocates nothing on one or two threads.
  func testSteppingAllocatesNothingAfterWarmUp() throws {
    #if !os(Linux)
      throw XCTSkip("the allocation counter interposes glibc only")
    #endif
    for threads: Int32 in [1, 2] {
      let h = try make("arm/pick-place", count: 16, seed: 1, threads: threads)
      h.reset()
      var random = TestRandom(state: 3)
      let batches = (0..<8).map { _ in random.continuous(count: 64) }
      let allocations: UInt64 = h.withBuffers { b -> UInt64 in
        var counted: UInt64 = 0
        for pass in 0..<2 {
          if pass == 1 { alloc_counter_start() }
          for s in 0..<100 {
            _ = batches[s % 8].withUnsafeBufferPointer { csim_vec_env_step(h.handle, $0.baseAddress, Int64($0.count), &b) }
          }
          if pass == 1 { counted = alloc_counter_stop() }
        }
        return counted
      }
      XCTAssertEqual(allocations, 0, "arm/pick-place with \(threads) threads allocated while stepping")
    }
  }
}

extension ArmTests {
  /// Random actions on every task: no physics fault, rewards within [0, 10], observations
  /// finite and within the spec's bounds, on both ids of each task.
  func testRandomActionsKeepEveryTaskSane() throws {
    let tasks = ["reach", "push", "pick-place", "drawer-open", "drawer-close", "button-press-topdown", "door-open",
                 "window-open", "window-close", "peg-insert-side", "sweep-into", "soccer"]
    var random = TestRandom(state: 12)
    for (n, task) in tasks.enumerated() {
      let id = n % 2 == 0 ? "arm/\(task)" : "arm/\(task)-goal-hidden"
      let h = try make(id, count: 6, seed: UInt64(n), threads: 2)
      h.reset()
      for _ in 0..<150 {
        XCTAssertEqual(h.step(continuous: random.continuous(count: 24)), CSIM_OK, id)
        XCTAssertTrue(h.rewards.allSatisfy { (0...10).contains($0) }, id)
      }
      XCTAssertTrue(h.allFloats.allSatisfy { $0.isFinite && abs($0) <= 10 }, id)
      XCTAssertEqual(csim_vec_env_fault_count(h.handle), 0, id)
    }
  }
}

extension ArmTests {
  /// Hosts may step disjoint ranges from their own threads (here GCD's): every such thread
  /// gets its ODE data and step arena on first use, worlds move between threads' arenas, and
  /// the trajectory is still the single-threaded one.
  func testStepRangeFromHostThreadsMatchesOneThread() throws {
    let count: Int32 = 16
    let one = try make("arm/pick-place", count: count, seed: 6, threads: 1)
    let host = try make("arm/pick-place", count: count, seed: 6, threads: 1)
    one.reset()
    host.reset()
    var random = TestRandom(state: 21)
    for step in 0..<60 {
      let expert = one.expertActions()
      let noise = random.continuous(count: Int(count) * 4)
      let actions = (0..<Int(count) * 4).map { $0 % 8 < 4 ? expert[$0] : noise[$0] }
      XCTAssertEqual(one.step(continuous: actions), CSIM_OK)
      // A different cut every step, so envs change threads (and arenas) between steps.
      let chunks = 2 + step % 3
      var statuses = [CSimStatus](repeating: CSIM_OK, count: chunks)
      actions.withUnsafeBufferPointer { a in
        host.withBuffers { b in
          statuses.withUnsafeMutableBufferPointer { s in
            let job = RangeJob(handle: host.handle, actions: a.baseAddress!, length: Int64(a.count), buffers: b,
                               results: s.baseAddress!, count: count, chunks: chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in job.run(chunk: c) }
          }
        }
      }
      XCTAssertEqual(statuses, [CSimStatus](repeating: CSIM_OK, count: chunks))
      XCTAssertEqual(one.observations, host.observations, "step \(step)")
      if one.observations != host.observations { return }
    }
  }
}

/// One concurrent step_range call per chunk; the pointers outlive the concurrentPerform call.
private struct RangeJob: @unchecked Sendable {
  let handle: OpaquePointer
  let actions: UnsafePointer<Float>
  let length: Int64
  let buffers: CSimStepBuffers
  let results: UnsafeMutablePointer<CSimStatus>
  let count: Int32
  let chunks: Int

  func run(chunk c: Int) {
    var local = buffers
    let lo = Int32(c) * count / Int32(chunks), hi = Int32(c + 1) * count / Int32(chunks)
    results[c] = csim_vec_env_step_range(handle, lo, hi, actions, length, &local)
  }
}
