import XCTest
@testable import PavlovSim

/// The ids the tests use.
enum TestIDs {
  static let empty = "MiniGrid-Empty-5x5-v0"
  static let doorKey = "MiniGrid-DoorKey-8x8-v0"
  static let wordle = "Wordle-v0"
  static let all = [empty, doorKey, wordle]
}

extension XCTestCase {
  /// Fails the test when `id` is not registered: every id the tests name must exist.
  func requireEnv(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
    guard VecEnv.availableIDs.contains(id) else {
      XCTFail("\(id) is not registered (available: \(VecEnv.availableIDs))", file: file, line: line)
      throw MissingEnvironment(id: id)
    }
  }

  /// The first of the test ids; fails when none is registered.
  func anyEnvID() throws -> String {
    try requireEnv(TestIDs.empty)
    return TestIDs.empty
  }

  /// Asserts that `body` throws a SimulationError and returns it.
  func expectSimulationError(
    _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
  ) -> SimulationError? {
    do {
      try body()
      XCTFail("expected a SimulationError", file: file, line: line)
    } catch let error as SimulationError {
      return error
    } catch {
      XCTFail("expected a SimulationError, got \(error)", file: file, line: line)
    }
    return nil
  }
}

struct MissingEnvironment: Error { let id: String }

/// Deterministic pseudo-random discrete actions for `count` envs and `steps` steps.
func randomActions(count: Int, actions: Int, steps: Int, seed: UInt64) -> [[Int32]] {
  var state = seed
  func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  return (0..<steps).map { _ in (0..<count).map { _ in Int32(next() % UInt64(actions)) } }
}

extension EnvSpec {
  var discreteActionCount: Int {
    if case .discrete(let n) = actionSpace { return n }
    return 0
  }
}
