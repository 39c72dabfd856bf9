import CSim
import XCTest

/// A hand that presses on what it cannot move (a door against its hinge stop, a button at the
/// bottom of its travel, a drawer or window at its end) is what learned SAC policies do, and
/// what made the physics blow up before the mocap target was held within 5 cm of the hand.
final class ArmPressingTests: XCTestCase {
  /// A pressing policy: saturated moves towards a point near the task's object that changes
  /// every 25 steps, with jitter and random gripper effort. Here the unleashed target faulted 9
  /// times (a hand or finger at 20-55 m/s) and the leashed one 0; with 64 envs x 500 steps per
  /// task, 160 times against 1.
  func testPressingIntoJointedBodiesKeepsThePhysicsSane() throws {
    let tasks = ["door-open", "button-press-topdown", "drawer-open", "window-open"]
    let envs = 12
    var faults: [String: Int64] = [:]
    for (n, task) in tasks.enumerated() {
      let h = try BatchHarness("arm/\(task)", count: Int32(envs), seed: UInt64(40 + n), threads: 2)
      h.reset()
      var random = TestRandom(state: UInt64(7 + n))
      var offsets = [Float](repeating: 0, count: envs * 3)
      for step in 0..<250 {
        if step % 25 == 0 { offsets = random.continuous(count: envs * 3).map { $0 * 0.125 } }
        let jitter = random.continuous(count: envs * 4)
        var actions = [Float](repeating: 0, count: envs * 4)
        for env in 0..<envs {
          let o = h.floats(env)
          for k in 0..<3 {
            let towards = 20 * (o[4 + k] + offsets[env * 3 + k] - o[k]) + 0.3 * jitter[env * 4 + k]
            actions[env * 4 + k] = min(1, max(-1, towards))
          }
          actions[env * 4 + 3] = jitter[env * 4 + 3]
        }
        XCTAssertEqual(h.step(continuous: actions), CSIM_OK, task)
        XCTAssertTrue(h.allFloats.allSatisfy { $0.isFinite && abs($0) <= 10 }, task)
      }
      faults[task] = csim_vec_env_fault_count(h.handle)
    }
    // Chaotic contact dynamics leave a rare fault possible (1 in 32,000 pressing steps on the
    // door, where a kinematic link pushes it against its hinge).
    XCTAssertLessThanOrEqual(faults.values.reduce(0, +), 1, "faults per task: \(faults)")
  }

  /// The target leads a blocked hand by at most 5 cm: after 60 steps pushing the closed door
  /// away (its hinge stop holds it), 8 steps of the opposite action bring the hand back 2 cm.
  /// An unleashed target would have run on to the mocap box's edge, 14-18 cm past the hand, and
  /// the hand would not have moved yet.
  func testABlockedHandAnswersTheOppositeActionAtOnce() throws {
    let envs = 4
    let h = try BatchHarness("arm/door-open", count: Int32(envs), seed: 3)
    h.reset()
    func step(_ action: (Int) -> [Float]) {
      XCTAssertEqual(h.step(continuous: (0..<envs).flatMap(action)), CSIM_OK)
    }
    // In front of the door's middle, at its height.
    for _ in 0..<40 {
      step { env in
        let o = h.floats(env)
        let goal: [Float] = [o[4] - 0.1, 0.7, 0.15]
        return (0..<3).map { min(1, max(-1, 50 * (goal[$0] - o[$0]))) } + [-1]
      }
    }
    for _ in 0..<60 { step { _ in [0, 1, 0, -1] } }
    let pressed = (0..<envs).map { h.floats($0)[1] }
    XCTAssertTrue(pressed.allSatisfy { $0 > 0.8 && $0 < 0.95 }, "the hand against the door: y \(pressed)")
    for _ in 0..<8 { step { _ in [0, -1, 0, -1] } }
    for env in 0..<envs {
      XCTAssertLessThan(h.floats(env)[1], pressed[env] - 0.015, "env \(env) still pressed")
    }
    XCTAssertEqual(csim_vec_env_fault_count(h.handle), 0)
  }
}
