import CSim
import XCTest

/// Info columns of the arm environments (the common four, then the arm's extras).
enum ArmColumn: Int {
  case success = 0, progress, event, episodeStep, nearObject, grasped, graspReward, inPlaceReward, objToTarget, fault, stagedProgress
}

/// Arm conveniences on the shared harness (C ABI only): float observations and actions.
extension BatchHarness {
  /// Steps every env with continuous actions (num_envs x 4 floats).
  @discardableResult
  func step(continuous actions: [Float]) -> CSimStatus {
    actions.withUnsafeBufferPointer { a in
      withBuffers { csim_vec_env_step(handle, a.baseAddress, Int64(a.count), &$0) }
    }
  }

  /// The scripted expert's actions for every env; a failing call fails the calling test.
  func expertActions(file: StaticString = #filePath, line: UInt = #line) -> [Float] {
    var actions = [Float](repeating: 0, count: count * Int(spec.action_dim))
    let status = actions.withUnsafeMutableBufferPointer {
      csim_vec_env_expert_actions(handle, $0.baseAddress, Int64($0.count))
    }
    XCTAssertEqual(status, CSIM_OK, lastError, file: file, line: line)
    return actions
  }

  /// Env `env`'s observation as floats.
  func floats(_ env: Int = 0) -> [Float] {
    observation(env).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
  }

  /// Every observation as floats.
  var allFloats: [Float] { observations.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } }

  func armInfo(_ c: ArmColumn, _ env: Int = 0) -> Float { info(env, c.rawValue) }
}

extension TestRandom {
  /// Uniform actions in [-1.2, 1.2]: a few fall outside the box, so clipping is exercised.
  mutating func continuous(count: Int) -> [Float] {
    (0..<count).map { _ in Float(next() >> 40) / Float(1 << 24) * 2.4 - 1.2 }
  }
}
