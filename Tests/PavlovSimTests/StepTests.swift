import XCTest
@testable import PavlovSim

final class StepTests: XCTestCase {
  func testZeroCopyViewsReflectEachStep() throws {
    let id = try anyEnvID()
    let vec = try VecEnv(id: id, count: 4, seed: 3, options: .init(threadCount: 1))
    let view = vec.observations  // taken once: it must alias the live buffer
    let stepColumn = vec.results.info!
    try vec.reset()
    XCTAssertEqual(view.baseAddress, vec.observations.baseAddress)
    XCTAssertEqual(view.count, 4 * vec.spec.observationByteCount)
    XCTAssertEqual(vec.rewards.count, 4)
    let afterReset = Array(view)
    let actions = randomActions(count: 4, actions: vec.spec.discreteActionCount, steps: 1, seed: 1)[0]
    try vec.step(actions)
    for env in 0..<4 where !vec.results.isDone(env) {
      XCTAssertEqual(stepColumn[env * vec.spec.infoWidth + InfoColumn.episodeStep], 1, "the info view saw the step")
    }
    XCTAssertEqual(Array(vec.observationBytes(of: 2)), Array(view[(2 * vec.spec.observationByteCount)...].prefix(vec.spec.observationByteCount)))
    // Some observation (or info) must have changed after 20 steps of random actions.
    var changed = Array(view) != afterReset
    for step in randomActions(count: 4, actions: vec.spec.discreteActionCount, steps: 20, seed: 2) where !changed {
      try vec.step(step)
      changed = Array(view) != afterReset
    }
    XCTAssertTrue(changed, "observations never changed; the view may not alias the step buffer")
  }

  func testSameSeedGivesSameTrajectoryForOneAndTwoThreads() throws {
    for id in TestIDs.all {
      try requireEnv(id)
      let one = try trajectory(id, threads: 1)
      let two = try trajectory(id, threads: 2)
      XCTAssertTrue(one == two, "\(id): trajectories differ for threads 1 vs 2")
    }
  }

  func testDifferentSeedsDiffer() throws {
    // DoorKey places the agent, key and door at random (Empty's layout is fixed).
    try requireEnv(TestIDs.doorKey)
    let a = try trajectory(TestIDs.doorKey, threads: 1, seed: 1)
    let b = try trajectory(TestIDs.doorKey, threads: 1, seed: 2)
    XCTAssertTrue(a != b, "seeds 1 and 2 gave identical DoorKey trajectories")
  }

  func testRangeHalvesMatchAFullStep() throws {
    let id = try anyEnvID()
    let count = 9
    let full = try VecEnv(id: id, count: count, seed: 11, options: .init(threadCount: 2))
    let split = try VecEnv(id: id, count: count, seed: 11, options: .init(threadCount: 1))
    try full.reset()
    try split.reset()
    for actions in randomActions(count: count, actions: full.spec.discreteActionCount, steps: 40, seed: 5) {
      try full.step(actions)
      try actions.withUnsafeBufferPointer { a in
        try split.step(range: 0..<4, actions: a)
        try split.step(range: 4..<count, actions: a)
      }
      XCTAssertTrue(Array(full.observations) == Array(split.observations), "observations differ")
      XCTAssertEqual(Array(full.rewards), Array(split.rewards))
      XCTAssertEqual(Array(full.terminated), Array(split.terminated))
      XCTAssertEqual(Array(full.truncated), Array(split.truncated))
    }
  }

  func testConcurrentRangeSchedulerMatchesTheCorePool() throws {
    let id = try anyEnvID()
    let count = 33
    let core = try VecEnv(id: id, count: count, seed: 4, options: .init(threadCount: 2))
    let host = try VecEnv(id: id, count: count, seed: 4, options: .init(threadCount: 1))
    try core.reset()
    try host.reset()
    for actions in randomActions(count: count, actions: core.spec.discreteActionCount, steps: 40, seed: 9) {
      try core.step(actions)
      try actions.withUnsafeBufferPointer { try host.stepConcurrently($0, chunkCount: 4) }
      XCTAssertTrue(Array(core.observations) == Array(host.observations), "observations differ")
      XCTAssertEqual(Array(core.rewards), Array(host.rewards))
    }
  }

  func testConcurrentSchedulerReportsAnInvalidAction() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 8, options: .init(threadCount: 1))
    try vec.reset()
    var actions = [Int32](repeating: 0, count: 8)
    actions[6] = -5
    let error = expectSimulationError { try actions.withUnsafeBufferPointer { try vec.stepConcurrently($0, chunkCount: 3) } }
    guard case .invalidAction(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("env 6"), message)
  }

  func testStepIntoCallerBuffersWritesThereAndNotIntoResults() throws {
    let id = try anyEnvID()
    let count = 5
    let reference = try VecEnv(id: id, count: count, seed: 21, options: .init(threadCount: 1))
    let vec = try VecEnv(id: id, count: count, seed: 21, options: .init(threadCount: 1))
    // A caller-owned two-slot "rollout": each step writes straight into slot t.
    let slots = (0..<2).map { _ in StepBatch(spec: vec.spec, count: count, keepsFinalObservations: false) }
    try reference.reset()
    try vec.reset(into: slots[0].buffers)
    XCTAssertTrue(Array(slots[0].observations) == Array(reference.observations))
    XCTAssertTrue(vec.observations.allSatisfy { $0 == 0 }, "results untouched by reset(into:)")
    let actions = randomActions(count: count, actions: vec.spec.discreteActionCount, steps: 1, seed: 3)[0]
    try reference.step(actions)
    try actions.withUnsafeBufferPointer { try vec.step($0, into: slots[1].buffers) }
    XCTAssertTrue(Array(slots[1].observations) == Array(reference.observations))
    XCTAssertEqual(Array(slots[1].rewards), Array(reference.rewards))
    XCTAssertEqual(Array(slots[1].info!), Array(reference.results.info!))
    XCTAssertNil(slots[1].finalObservationBytes(of: 0))
  }

  func testShortCallerBufferIsRejected() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 4, options: .init(threadCount: 1))
    let small = StepBatch(spec: vec.spec, count: 3)
    let error = expectSimulationError { try vec.reset(into: small.buffers) }
    guard case .bufferTooSmall(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("observations"), message)
  }

  func testEpisodesEndWithFlagsFinalObservationAndAutoreset() throws {
    let id = try anyEnvID()
    let vec = try VecEnv(id: id, count: 2, seed: 8, options: .init(threadCount: 1, maxEpisodeSteps: 3))
    try vec.reset()
    var ended = false
    for actions in randomActions(count: 2, actions: vec.spec.discreteActionCount, steps: 3, seed: 1) {
      try vec.step(actions)
      ended = vec.results.isDone(0)
    }
    XCTAssertTrue(ended, "a 3-step limit must end env 0 by step 3")
    let final = try XCTUnwrap(vec.finalObservationBytes(of: 0))
    XCTAssertEqual(final.count, vec.spec.observationByteCount)
    XCTAssertFalse(final.allSatisfy { $0 == 0 }, "the final observation was written")
    XCTAssertEqual(vec.results.observations(as: UInt8.self).count, 2 * vec.spec.observationSize)
    // Autoreset: the row now shows a new episode, whose step counter restarted.
    XCTAssertEqual(vec.info(of: 0)[InfoColumn.episodeStep], 3, "info describes the step that ended the episode")
    try vec.step([0, 0])
    XCTAssertEqual(vec.info(of: 0)[InfoColumn.episodeStep], 1, "the next step is the new episode's first")
  }

  /// Observations, rewards and flags of 30 steps of random actions, concatenated.
  private func trajectory(_ id: String, threads: Int, seed: UInt64 = 42) throws -> [UInt8] {
    let count = 16
    let vec = try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: threads))
    try vec.reset()
    var out = Array(vec.observations)
    for actions in randomActions(count: count, actions: vec.spec.discreteActionCount, steps: 30, seed: 99) {
      try vec.step(actions)
      out += vec.observations
      out += vec.terminated
      out += vec.truncated
      for reward in vec.rewards { withUnsafeBytes(of: reward.bitPattern) { out += $0 } }
    }
    return out
  }
}
