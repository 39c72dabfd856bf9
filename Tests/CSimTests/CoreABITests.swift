import AllocCounter
import CSim
import XCTest

/// The C ABI's contract, independent of any one environment: versioning, listing,
/// bad input, autoreset buffers, determinism across threads and batch splits, and
/// zero allocations while stepping.
final class CoreABITests: XCTestCase {
  private let gridID = "MiniGrid-DoorKey-8x8-v0"
  private let wordleID = "Wordle-v0"

  private func make(_ id: String, count: Int32 = 8, seed: UInt64 = 7, threads: Int32 = 1) throws -> BatchHarness {
    try BatchHarness(id, count: count, seed: seed, threads: threads)
  }

  func testVersionAndDefaults() {
    XCTAssertEqual(csim_abi_version(), CSIM_ABI_VERSION)
    var options = CSimOptions(num_threads: 9, max_episode_steps: 9, reward_kind: 9)
    csim_options_default(&options)
    XCTAssertEqual(options.num_threads, 0)
    XCTAssertEqual(options.max_episode_steps, 0)
    XCTAssertEqual(options.reward_kind, 0)
  }

  func testEveryListedEnvironmentHasAConsistentSpec() {
    let n = csim_env_count()
    XCTAssertGreaterThanOrEqual(n, 18)
    var seen = Set<String>()
    for i in 0..<n {
      let id = String(cString: csim_env_id(i)!)
      XCTAssertTrue(seen.insert(id).inserted, "duplicate id \(id)")
      var spec = CSimSpec()
      XCTAssertEqual(csim_env_spec(id, &spec), CSIM_OK)
      let shape = withUnsafeBytes(of: spec.observation_shape) { Array($0.bindMemory(to: Int32.self)) }
      let product = shape.prefix(Int(spec.observation_rank)).reduce(Int64(1)) { $0 * Int64($1) }
      XCTAssertEqual(product, spec.observation_size, id)
      XCTAssertGreaterThan(spec.max_episode_steps, 0, id)
      XCTAssertGreaterThanOrEqual(spec.info_dim, Int32(CSIM_INFO_COMMON), id)
    }
    XCTAssertNil(csim_env_id(n))
    XCTAssertNil(csim_env_id(-1))
    XCTAssertTrue(seen.contains(gridID))
    XCTAssertTrue(seen.contains(wordleID))
  }

  func testUnknownIdListsTheValidOnes() {
    var handle: OpaquePointer?
    var message = [CChar](repeating: 0, count: 8192)
    let status = csim_vec_env_create("MiniGrid-DoorKey-9x9-v0", 4, 0, nil, &handle, &message, message.count)
    XCTAssertEqual(status, CSIM_ERROR_UNKNOWN_ENV)
    XCTAssertNil(handle)
    let text = cText(message)
    XCTAssertTrue(text.contains("MiniGrid-DoorKey-9x9-v0"), text)
    XCTAssertTrue(text.contains(gridID), text)
    XCTAssertTrue(text.contains(wordleID), text)
    var spec = CSimSpec()
    XCTAssertEqual(csim_env_spec("nope", &spec), CSIM_ERROR_UNKNOWN_ENV)
  }

  func testBadCountsAndOptionsAreRejectedAtCreation() {
    for count: Int32 in [0, -1, Int32.min] {
      guard case .failure(let e) = BatchHarness.make(gridID, count: count, seed: 0) else {
        return XCTFail("count \(count) accepted")
      }
      XCTAssertEqual(e.status, CSIM_ERROR_INVALID_ARGUMENT)
      XCTAssertTrue(e.message.contains("num_envs"), e.message)
    }
    guard case .failure(let e) = BatchHarness.make(gridID, count: 2, seed: 0, threads: -3) else {
      return XCTFail("negative threads accepted")
    }
    XCTAssertEqual(e.status, CSIM_ERROR_INVALID_ARGUMENT)
    var handle: OpaquePointer?
    XCTAssertEqual(csim_vec_env_create(nil, 1, 0, nil, &handle, nil, 0), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_create(gridID, 1, 0, nil, nil, nil, 0), CSIM_ERROR_NULL_POINTER)
    var options = CSimOptions()
    csim_options_default(&options)
    options.max_episode_steps = -5
    var message = [CChar](repeating: 0, count: 512)
    XCTAssertEqual(csim_vec_env_create(gridID, 1, 0, &options, &handle, &message, message.count),
                   CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(cText(message).contains("max_episode_steps"))
  }

  func testNullHandleIsAnErrorNotACrash() {
    var spec = CSimSpec()
    XCTAssertEqual(csim_vec_env_get_spec(nil, &spec), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_reset(nil, nil), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_step(nil, nil, 0, nil), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_step_range(nil, 0, 0, nil, 0, nil), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_caption(nil, 0, nil, 0, nil), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_num_envs(nil), 0)
    XCTAssertEqual(csim_vec_env_keep_screen(nil, 1), CSIM_ERROR_NULL_POINTER)
    csim_vec_env_destroy(nil)
  }

  /// keep_screen takes 0 or 1; families whose picture is free ignore it (their text renders
  /// either way).
  func testKeepScreenTakesZeroOrOne() throws {
    let batch = try make(gridID, count: 2)
    XCTAssertEqual(csim_vec_env_keep_screen(batch.handle, 2), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(String(cString: csim_vec_env_last_error(batch.handle)).contains("0 or 1"))
    XCTAssertEqual(csim_vec_env_keep_screen(batch.handle, 0), CSIM_OK)
    batch.reset()
    var text = [CChar](repeating: 0, count: 4096)
    XCTAssertEqual(csim_vec_env_render_text(batch.handle, 0, &text, text.count, nil), CSIM_OK)
  }

  func testStepBeforeResetIsRefused() throws {
    let h = try make(gridID, count: 2)
    XCTAssertEqual(h.step([0, 0]), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("reset"), h.lastError)
  }

  func testNullAndShortBuffersAreRejectedAndNothingSteps() throws {
    let h = try make(gridID, count: 4)
    XCTAssertEqual(h.reset(), CSIM_OK)
    let before = h.observations
    let actions: [Int32] = [2, 2, 2, 2]
    typealias Breaker = (inout CSimStepBuffers) -> Void
    let cases: [(String, CSimStatus, Breaker)] = [
      ("observations", CSIM_ERROR_NULL_POINTER, { $0.observations = nil }),
      ("observations", CSIM_ERROR_BUFFER_TOO_SMALL, { $0.observations_length -= 1 }),
      ("rewards", CSIM_ERROR_NULL_POINTER, { $0.rewards = nil }),
      ("rewards", CSIM_ERROR_BUFFER_TOO_SMALL, { $0.rewards_length = 3 }),
      ("terminated", CSIM_ERROR_NULL_POINTER, { $0.terminated = nil }),
      ("truncated", CSIM_ERROR_BUFFER_TOO_SMALL, { $0.truncated_length = 0 }),
      ("final_observations", CSIM_ERROR_BUFFER_TOO_SMALL, { $0.final_observations_length = 1 }),
      ("info", CSIM_ERROR_BUFFER_TOO_SMALL, { $0.info_length = 1 }),
    ]
    for (name, expected, breaker) in cases {
      let status = actions.withUnsafeBufferPointer { a in
        h.withBuffers { b -> CSimStatus in
          breaker(&b)
          return csim_vec_env_step(h.handle, a.baseAddress, Int64(a.count), &b)
        }
      }
      XCTAssertEqual(status, expected, name)
      XCTAssertTrue(h.lastError.contains(name), "\(name): \(h.lastError)")
      XCTAssertEqual(h.observations, before, "\(name): stepped despite the error")
    }
    let nullActions = h.withBuffers { csim_vec_env_step(h.handle, nil, 4, &$0) }
    XCTAssertEqual(nullActions, CSIM_ERROR_NULL_POINTER)
    let shortActions = actions.withUnsafeBufferPointer { a in
      h.withBuffers { csim_vec_env_step(h.handle, a.baseAddress, 3, &$0) }
    }
    XCTAssertEqual(shortActions, CSIM_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(h.withBuffers { _ in csim_vec_env_step(h.handle, actions, 4, nil) }, CSIM_ERROR_NULL_POINTER)
  }

  func testOutOfRangeActionNamesTheEnvAndValueAndStepsNothing() throws {
    let h = try make(gridID, count: 4, seed: 11)
    let twin = try make(gridID, count: 4, seed: 11)
    h.reset()
    twin.reset()
    let before = h.observations
    XCTAssertEqual(h.step([2, 2, 7, 2]), CSIM_ERROR_INVALID_ACTION)
    XCTAssertTrue(h.lastError.contains("env 2"), h.lastError)
    XCTAssertTrue(h.lastError.contains("7"), h.lastError)
    XCTAssertTrue(h.lastError.contains("0...6"), h.lastError)
    XCTAssertEqual(h.observations, before)
    XCTAssertEqual(h.step([-1, 0, 0, 0]), CSIM_ERROR_INVALID_ACTION)
    // Nothing stepped: the batch continues exactly like its twin.
    for _ in 0..<20 {
      XCTAssertEqual(h.step([2, 1, 2, 0]), CSIM_OK)
      XCTAssertEqual(twin.step([2, 1, 2, 0]), CSIM_OK)
    }
    XCTAssertEqual(h.observations, twin.observations)
  }

  func testStepRangeChecksItsRange() throws {
    let h = try make(gridID, count: 4)
    h.reset()
    let actions = [Int32](repeating: 0, count: 4)
    XCTAssertEqual(h.stepRange(-1, 2, actions), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(h.stepRange(3, 2, actions), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(h.stepRange(0, 5, actions), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("[0, 4)"), h.lastError)
    XCTAssertEqual(h.stepRange(2, 2, actions), CSIM_OK)
  }

  /// Same seed, same actions: identical everything for 1 or 2 threads and for any split.
  private func assertDeterministic(_ id: String, count: Int32, steps: Int) throws {
    let one = try make(id, count: count, seed: 42, threads: 1)
    let two = try make(id, count: count, seed: 42, threads: 2)
    let split = try make(id, count: count, seed: 42, threads: 1)
    let n = Int32(one.spec.num_actions)
    for h in [one, two, split] { XCTAssertEqual(h.reset(), CSIM_OK) }
    XCTAssertEqual(one.observations, two.observations)
    var random = TestRandom(state: 5)
    var ended = 0
    for step in 0..<steps {
      let actions = random.actions(count: Int(count), below: n)
      XCTAssertEqual(one.step(actions), CSIM_OK)
      XCTAssertEqual(two.step(actions), CSIM_OK)
      // An uneven split that changes every step, stepped in reverse order.
      let cut = Int32(step % Int(count))
      XCTAssertEqual(split.stepRange(cut, count, actions), CSIM_OK)
      XCTAssertEqual(split.stepRange(0, cut, actions), CSIM_OK)
      for other in [two, split] {
        XCTAssertEqual(one.observations, other.observations, "\(id) step \(step)")
        XCTAssertEqual(one.rewards, other.rewards)
        XCTAssertEqual(one.terminated, other.terminated)
        XCTAssertEqual(one.truncated, other.truncated)
        XCTAssertEqual(one.info, other.info)
      }
      ended += one.terminated.filter { $0 != 0 }.count + one.truncated.filter { $0 != 0 }.count
      if one.observations != two.observations { return }
    }
    XCTAssertGreaterThan(ended, 0, "\(id): no episode ended, so autoreset went untested")
  }

  func testGridTrajectoriesAreIdenticalForAnyThreadCountAndSplit() throws {
    try assertDeterministic(gridID, count: 37, steps: 700)
  }

  func testWordleTrajectoriesAreIdenticalForAnyThreadCountAndSplit() throws {
    try assertDeterministic(wordleID, count: 37, steps: 60)
  }

  func testDifferentSeedsAndEnvsDiffer() throws {
    let a = try make(gridID, count: 16, seed: 1)
    let b = try make(gridID, count: 16, seed: 2)
    a.reset()
    b.reset()
    XCTAssertNotEqual(a.observations, b.observations)
    let rows = Set((0..<16).map { a.observation($0) })
    XCTAssertGreaterThan(rows.count, 1, "every env got the same layout")
  }

  func testAutoresetWritesFinalObservationOnlyForEndedEnvs() throws {
    let h = try make(wordleID, count: 8, seed: 3)
    h.reset()
    let sentinel: UInt8 = 0xEE
    var random = TestRandom(state: 9)
    var endedEnvs = 0
    for _ in 0..<6 {
      for i in h.finalObservations.indices { h.finalObservations[i] = sentinel }
      let before = h.observations
      XCTAssertEqual(h.step(random.actions(count: 8, below: Int32(h.spec.num_actions))), CSIM_OK)
      for env in 0..<8 {
        let range = (env * h.observationSize)..<((env + 1) * h.observationSize)
        let ended = h.terminated[env] != 0 || h.truncated[env] != 0
        let final = h.finalObservations[range]
        if ended {
          endedEnvs += 1
          XCTAssertNotEqual(Array(final), Array(h.observations[range]), "final equals the reset observation")
          XCTAssertNotEqual(Array(final), Array(before[range]))
        } else {
          XCTAssertTrue(final.allSatisfy { $0 == sentinel }, "final_observations written for a running env")
        }
      }
    }
    // Six guesses end every Wordle episode, so each env ended at least once.
    XCTAssertGreaterThanOrEqual(endedEnvs, 8)
  }

  /// info keeps the ending step's row (success, event); reset_info gets the next episode's first row.
  func testResetInfoDescribesTheNextEpisodeOnlyForEndedEnvs() throws {
    let h = try make(wordleID, count: 16, seed: 8)
    h.reset()
    let width = Int(h.spec.info_dim)
    let step = Int(CSIM_INFO_EPISODE_STEP)
    let sentinel: Float = -7
    var random = TestRandom(state: 4)
    var ended = 0
    for _ in 0..<6 {
      for i in h.resetInfo.indices { h.resetInfo[i] = sentinel }
      XCTAssertEqual(h.step(random.actions(count: 16, below: Int32(h.spec.num_actions))), CSIM_OK)
      for env in 0..<16 {
        let row = h.resetInfo[(env * width)..<((env + 1) * width)]
        if h.terminated[env] != 0 || h.truncated[env] != 0 {
          ended += 1
          XCTAssertEqual(row[row.startIndex + step], 0, "a new episode starts at step 0")
          XCTAssertGreaterThan(h.info[env * width + step], 0, "info keeps the ending step")
        } else {
          XCTAssertTrue(row.allSatisfy { $0 == sentinel }, "reset_info written for a running env")
        }
      }
    }
    XCTAssertGreaterThanOrEqual(ended, 16)
  }

  func testCaptionBufferRules() throws {
    let h = try make(gridID, count: 2)
    h.reset()
    var length = 0
    var small = [CChar](repeating: 0, count: 8)
    XCTAssertEqual(csim_vec_env_caption(h.handle, 0, &small, small.count, &length), CSIM_ERROR_BUFFER_TOO_SMALL)
    XCTAssertGreaterThan(length, 7)
    XCTAssertEqual(strlen(small), 7, "a cut caption is still NUL-terminated")
    var big = [CChar](repeating: 0, count: length + 1)
    XCTAssertEqual(csim_vec_env_caption(h.handle, 0, &big, big.count, &length), CSIM_OK)
    XCTAssertEqual(strlen(big), length)
    XCTAssertEqual(csim_vec_env_caption(h.handle, 2, &big, big.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_vec_env_caption(h.handle, 0, nil, 0, &length), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_caption_observation(h.handle, nil, 0, &big, big.count, nil), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_vec_env_caption_observation(h.handle, h.observations, -1, &big, big.count, nil),
                   CSIM_ERROR_INVALID_ARGUMENT)
  }

  func testMissionAndLiveTextNeedAReset() throws {
    let h = try BatchHarness("MiniGrid-KeyCorridorS3R1-v0", count: 2, seed: 3)
    var buffer = [CChar](repeating: 0, count: 256)
    XCTAssertEqual(csim_vec_env_mission(h.handle, 0, &buffer, buffer.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("reset"), h.lastError)
    XCTAssertEqual(csim_vec_env_caption(h.handle, 0, &buffer, buffer.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_vec_env_render_text(h.handle, 0, &buffer, buffer.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    h.reset()
    XCTAssertEqual(csim_vec_env_mission(h.handle, 1, &buffer, buffer.count, nil), CSIM_OK)
    let mission = cText(buffer)
    XCTAssertTrue(mission.hasPrefix("pick up the "), mission)
    XCTAssertTrue(mission.hasSuffix(" ball"), mission)
    XCTAssertEqual(csim_vec_env_mission(h.handle, 2, &buffer, buffer.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    let wordle = try BatchHarness(wordleID, count: 1)
    wordle.reset()
    XCTAssertEqual(csim_vec_env_mission(wordle.handle, 0, &buffer, buffer.count, nil), CSIM_OK)
    XCTAssertTrue(cText(buffer).contains("five-letter word"))
  }

  func testActionNames() throws {
    let h = try make(gridID, count: 1)
    var buffer = [CChar](repeating: 0, count: 64)
    XCTAssertEqual(csim_vec_env_action_name(h.handle, 2, &buffer, buffer.count, nil), CSIM_OK)
    XCTAssertFalse(cText(buffer).isEmpty)
    XCTAssertEqual(csim_vec_env_action_name(h.handle, 7, &buffer, buffer.count, nil), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(h.lastError.contains("0...6"), h.lastError)
  }

  func testInfoColumnsAreNamed() throws {
    let h = try make(gridID, count: 1)
    XCTAssertEqual(String(cString: csim_vec_env_info_name(h.handle, 0)!), "success")
    XCTAssertEqual(String(cString: csim_vec_env_info_name(h.handle, 2)!), "event")
    for c in 0..<h.spec.info_dim { XCTAssertNotNil(csim_vec_env_info_name(h.handle, c)) }
    XCTAssertNil(csim_vec_env_info_name(h.handle, h.spec.info_dim))
    XCTAssertEqual(String(cString: csim_vec_env_event_name(h.handle, 0)!), "")
  }

  /// Info and event names by id (no batch needed, so an id whose engine is missing can be
  /// described) are those a batch reports.
  func testInfoAndEventNamesByIDMatchABatch() throws {
    for i in 0..<csim_env_count() {
      let id = String(cString: csim_env_id(i)!)
      var spec = CSimSpec()
      XCTAssertEqual(csim_env_spec(id, &spec), CSIM_OK)
      for c in 0..<spec.info_dim { XCTAssertNotNil(csim_env_info_name(id, c), "\(id) column \(c)") }
      XCTAssertNil(csim_env_info_name(id, spec.info_dim))
      XCTAssertEqual(csim_env_event_name(id, 0).map { String(cString: $0) }, "", id)
      guard case .success(let h) = BatchHarness.make(id, count: 1) else { continue }  // NetHack without its engine
      for c in 0..<spec.info_dim {
        XCTAssertEqual(String(cString: csim_env_info_name(id, c)!), String(cString: csim_vec_env_info_name(h.handle, c)!))
      }
      var e: Int32 = 0
      while let name = csim_vec_env_event_name(h.handle, e) {
        XCTAssertEqual(csim_env_event_name(id, e).map { String(cString: $0) }, String(cString: name), "\(id) event \(e)")
        e += 1
      }
      XCTAssertNil(csim_env_event_name(id, e))
    }
    XCTAssertNil(csim_env_info_name("nope", 0))
    XCTAssertNil(csim_env_event_name(nil, 0))
    XCTAssertNil(csim_env_info_name(gridID, -1))
  }

  /// After creation, stepping (with autoresets) must not touch the heap.
  func testSteppingAllocatesNothing() throws {
    #if !os(Linux)
      throw XCTSkip("the allocation counter interposes glibc only")
    #endif
    for id in [gridID, wordleID] {
      for threads: Int32 in [1, 2] {
        let h = try make(id, count: 64, seed: 1, threads: threads)
        h.reset()
        var random = TestRandom(state: 1)
        let batches = (0..<16).map { _ in random.actions(count: 64, below: Int32(h.spec.num_actions)) }
        // The loop runs twice: the first pass instantiates Swift's lazy generic metadata
        // (a one-time runtime allocation in the test's own code), the second is counted.
        let allocations: UInt64 = h.withBuffers { b -> UInt64 in
          var statuses = [CSimStatus](repeating: CSIM_OK, count: 200)
          var counted: UInt64 = 0
          for pass in 0..<2 {
            if pass == 1 { alloc_counter_start() }
            for s in 0..<200 {
              statuses[s] = batches[s % 16].withUnsafeBufferPointer {
                csim_vec_env_step(h.handle, $0.baseAddress, Int64($0.count), &b)
              }
            }
            if pass == 1 { counted = alloc_counter_stop() }
          }
          XCTAssertTrue(statuses.allSatisfy { $0 == CSIM_OK })
          return counted
        }
        XCTAssertEqual(allocations, 0, "\(id) with \(threads) threads allocated while stepping")
      }
    }
  }
}
