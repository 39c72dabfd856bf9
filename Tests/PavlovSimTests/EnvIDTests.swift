import XCTest
@testable import PavlovSim

/// Environment ids with an embedded NUL: the core reads a C string and would stop at the NUL,
/// silently making "Wordle-v0\0anything" into "Wordle-v0", so Swift refuses them itself.
final class EnvIDTests: XCTestCase {
  private let idsWithNUL = ["Wordle-v0\0", "Wordle-v0\0junk", "\0Wordle-v0", "MiniGrid-DoorKey-8x8-v0\0x"]

  func testCreationRefusesAnIDWithANUL() {
    for id in idsWithNUL {
      let error = expectSimulationError { _ = try VecEnv(id: id, count: 1, options: .init(threadCount: 1)) }
      guard case .invalidArgument(let message)? = error else { return XCTFail("\(id.debugDescription): \(String(describing: error))") }
      XCTAssertTrue(message.contains("NUL"), message)
      XCTAssertTrue(message.contains("Wordle-v0"), "the message should name valid ids: \(message)")
    }
  }

  func testSpecRefusesAnIDWithANUL() {
    for id in idsWithNUL {
      let error = expectSimulationError { _ = try VecEnv.spec(for: id) }
      guard case .invalidArgument? = error else { return XCTFail("\(id.debugDescription): \(String(describing: error))") }
    }
  }
}
