import CSim
import XCTest

/// Staged progress (CSim/src/arm/arm_staged.hpp), what the SIMULATED teacher `scripted:staged`
/// compares: reach the object, be at it, then hold or move it, each stage above the ones
/// before. It must rise along the scripted expert's way on every task it applies to, stay
/// put where the state does, and tell reaching apart where the task's progress is silent.
final class ArmStagedProgressTests: XCTestCase {
  private let stagedTasks = ["sweep-into", "soccer", "door-open", "drawer-open", "push", "button-press-topdown"]

  private func stage(_ value: Float) -> Int { value < 1.0 / 3.0 ? 0 : (value < 0.6 ? 1 : 2) }

  func testTheColumnIsNamedForTheTeacher() throws {
    let h = try BatchHarness("arm/sweep-into", count: 1, seed: 1)
    XCTAssertEqual(String(cString: csim_vec_env_info_name(h.handle, Int32(ArmColumn.stagedProgress.rawValue))!),
                   "staged_progress")
    XCTAssertEqual(Int(h.spec.info_dim), ArmColumn.stagedProgress.rawValue + 1)
  }

  /// Along each expert episode up to its first success: it starts in the reaching stage, passes
  /// the stages in order, ends at 1, and never falls by more than a few hundredths (the hand's
  /// first move up and over the object, a grip that settles).
  func testRisesAlongTheExpertsWay() throws {
    for task in stagedTasks {
      let h = try BatchHarness("arm/\(task)", count: 8, seed: 11, threads: 0)
      h.reset()
      var paths = (0..<8).map { [h.armInfo(.stagedProgress, $0)] }
      var done = [Bool](repeating: false, count: 8)
      for _ in 0..<500 where !done.allSatisfy({ $0 }) {
        XCTAssertEqual(h.step(continuous: h.expertActions()), CSIM_OK, h.lastError)
        for env in 0..<8 where !done[env] {
          paths[env].append(h.armInfo(.stagedProgress, env))
          if h.armInfo(.success, env) > 0.5 { done[env] = true }
        }
      }
      XCTAssertGreaterThanOrEqual(done.filter { $0 }.count, 7, "\(task): the expert solves")
      for (env, path) in paths.enumerated() where done[env] {
        XCTAssertLessThan(path[0], 1.0 / 3.0, "\(task) env \(env) starts reaching")
        XCTAssertEqual(path.last!, 1, "\(task) env \(env) ends solved")
        let stages = path.map(stage)
        let firstAt = stages.firstIndex(of: 1), firstHeld = stages.firstIndex(of: 2)!
        if let firstAt { XCTAssertLessThan(firstAt, firstHeld, "\(task) env \(env): at the object before holding it") }
        var peak: Float = 0, worst: Float = 0
        for v in path {
          peak = max(peak, v)
          worst = max(worst, peak - v)
        }
        XCTAssertLessThan(worst, 0.05, "\(task) env \(env): the largest fall below the best so far, path \(path)")
        XCTAssertGreaterThan(path.last! - path[0], 0.7, "\(task) env \(env)")
      }
    }
  }

  /// A hand held still over an object at rest gives the same value step after step (ties only
  /// where nothing changes); the hand moving towards the object raises it, while the task's
  /// progress stays 0 the whole way (the tie the staged teacher breaks).
  func testStillStatesTieAndReachingCounts() throws {
    let h = try BatchHarness("arm/sweep-into", count: 4, seed: 5)
    h.reset()
    let still: [Float] = (0..<16).map { $0 % 4 == 3 ? -1 : 0 }
    for _ in 0..<10 { h.step(continuous: still) }  // the fingers open, the cube settles
    let settled = (0..<4).map { h.armInfo(.stagedProgress, $0) }
    for _ in 0..<5 {
      h.step(continuous: still)
      XCTAssertEqual((0..<4).map { h.armInfo(.stagedProgress, $0) }, settled)
    }
    var previous = settled
    for _ in 0..<8 {
      var actions = [Float]()
      for env in 0..<4 {
        let o = h.floats(env)
        // Towards a point 5 cm above the cube, at half speed, fingers open.
        let toward: [Float] = [o[4] - o[0], o[5] - o[1], o[6] + 0.05 - o[2]]
        let length = max(1e-6, (toward[0] * toward[0] + toward[1] * toward[1] + toward[2] * toward[2]).squareRoot())
        actions += toward.map { 0.5 * $0 / length }
        actions.append(-1)
      }
      h.step(continuous: actions)
      for env in 0..<4 {
        let now = h.armInfo(.stagedProgress, env)
        XCTAssertGreaterThan(now, previous[env], "env \(env): a hand closer to the cube ranks higher")
        // Not exactly 0: the resting cube shifts by femtometres, which is all the old oracle sees.
        XCTAssertLessThan(h.armInfo(.progress, env), 1e-6, "env \(env): the task's progress is silent while reaching")
        previous[env] = now
      }
    }
  }

  /// Reach has no object to reach for: its progress is the hand's own, and staged progress is it.
  func testReachIsItsOwnProgress() throws {
    let h = try BatchHarness("arm/reach", count: 4, seed: 3)
    h.reset()
    var random = TestRandom(state: 7)
    for _ in 0..<50 {
      h.step(continuous: random.continuous(count: 16))
      for env in 0..<4 { XCTAssertEqual(h.armInfo(.stagedProgress, env), h.armInfo(.progress, env)) }
    }
  }
}
