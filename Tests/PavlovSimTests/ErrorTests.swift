import XCTest
@testable import PavlovSim

final class ErrorTests: XCTestCase {
  func testUnknownIDListsValidIDs() throws {
    let id = try anyEnvID()
    let error = expectSimulationError { _ = try VecEnv(id: "NoSuchEnv-v9", count: 1) }
    guard case .unknownEnvironment(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("NoSuchEnv-v9"), message)
    XCTAssertTrue(message.contains(id), "the message should list valid ids: \(message)")
    XCTAssertTrue(error!.description.contains(id))
  }

  func testSpecForUnknownIDThrows() {
    let error = expectSimulationError { _ = try VecEnv.spec(for: "NoSuchEnv-v9") }
    guard case .unknownEnvironment? = error else { return XCTFail("got \(String(describing: error))") }
  }

  func testZeroAndNegativeCountsAreRejected() throws {
    let id = try anyEnvID()
    for count in [0, -1, Int(Int32.max) + 1] {
      let error = expectSimulationError { _ = try VecEnv(id: id, count: count) }
      guard case .invalidArgument(let message)? = error else { return XCTFail("count \(count): \(String(describing: error))") }
      XCTAssertTrue(message.contains("\(count)"), message)
    }
  }

  func testNegativeThreadCountIsRejected() throws {
    let id = try anyEnvID()
    let error = expectSimulationError { _ = try VecEnv(id: id, count: 1, options: .init(threadCount: -2)) }
    guard case .invalidArgument? = error else { return XCTFail("got \(String(describing: error))") }
  }

  func testThreadCountAboveTheLimitIsRejected() throws {
    let id = try anyEnvID()
    for threads in [VecEnv.Options.maxThreadCount + 1, 100_000, Int.max] {
      let error = expectSimulationError { _ = try VecEnv(id: id, count: 1, options: .init(threadCount: threads)) }
      guard case .invalidArgument(let message)? = error else { return XCTFail("\(threads): \(String(describing: error))") }
      XCTAssertTrue(message.contains("\(VecEnv.Options.maxThreadCount)"), message)
    }
    let capped = try VecEnv(id: id, count: 3, options: .init(threadCount: VecEnv.Options.maxThreadCount))
    XCTAssertLessThanOrEqual(capped.threadCount, 3)
  }

  func testSteppingBeforeResetThrows() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 2, options: .init(threadCount: 1))
    let error = expectSimulationError { try vec.step([0, 0]) }
    guard case .invalidArgument(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("reset"), message)
  }

  func testOutOfRangeActionNamesEnvAndValueAndStepsNothing() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 3, seed: 7, options: .init(threadCount: 1))
    try vec.reset()
    try vec.step([0, 0, 0])
    let before = Array(vec.observations)
    let rewardsBefore = Array(vec.rewards)
    let stepsBefore = (0..<3).map { vec.info(of: $0)[InfoColumn.episodeStep] }
    let bad = Int32(vec.spec.discreteActionCount)
    let error = expectSimulationError { try vec.step([0, bad, 0]) }
    guard case .invalidAction(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("env 1"), message)
    XCTAssertTrue(message.contains("\(bad)"), message)
    XCTAssertTrue(Array(vec.observations) == before, "nothing may be stepped")
    XCTAssertEqual(Array(vec.rewards), rewardsBefore)
    XCTAssertEqual((0..<3).map { vec.info(of: $0)[InfoColumn.episodeStep] }, stepsBefore)
    let negative = expectSimulationError { try vec.step([-1, 0, 0]) }
    guard case .invalidAction(let m)? = negative else { return XCTFail("got \(String(describing: negative))") }
    XCTAssertTrue(m.contains("env 0") && m.contains("-1"), m)
  }

  func testShortActionBufferIsRejected() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 4, options: .init(threadCount: 1))
    try vec.reset()
    let error = expectSimulationError { try vec.step([0, 0]) }
    guard case .bufferTooSmall? = error else { return XCTFail("got \(String(describing: error))") }
  }

  func testContinuousActionsOnADiscreteEnvAreRejected() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 1, options: .init(threadCount: 1))
    try vec.reset()
    let error = expectSimulationError { try vec.step([Float(0)]) }
    guard case .invalidArgument(let message)? = error else { return XCTFail("got \(String(describing: error))") }
    XCTAssertTrue(message.contains("discrete"), message)
  }

  func testBadRangesAndIndicesAreRejected() throws {
    let vec = try VecEnv(id: try anyEnvID(), count: 4, options: .init(threadCount: 1))
    try vec.reset()
    let actions = [Int32](repeating: 0, count: 4)
    actions.withUnsafeBufferPointer { a in
      let error = expectSimulationError { try vec.step(range: 2..<5, actions: a) }
      guard case .invalidArgument? = error else { return XCTFail("got \(String(describing: error))") }
    }
    for index in [-1, 4] {
      let caption = expectSimulationError { _ = try vec.caption(of: index) }
      guard case .invalidArgument? = caption else { return XCTFail("got \(String(describing: caption))") }
      let render = expectSimulationError { _ = try vec.renderText(of: index) }
      guard case .invalidArgument? = render else { return XCTFail("got \(String(describing: render))") }
    }
    let name = expectSimulationError { _ = try vec.actionName(vec.spec.discreteActionCount) }
    guard case .invalidArgument? = name else { return XCTFail("got \(String(describing: name))") }
    let stored = Array(vec.observationBytes(of: 0))
    let event = expectSimulationError { _ = try vec.caption(observation: stored, event: vec.spec.eventNames.count) }
    guard case .invalidArgument? = event else { return XCTFail("got \(String(describing: event))") }
    let short = expectSimulationError { _ = try vec.caption(observation: [UInt8](), event: 0) }
    guard case .bufferTooSmall? = short else { return XCTFail("got \(String(describing: short))") }
  }

  func testEveryErrorDescribesItself() {
    let errors: [SimulationError] = [
      .unknownEnvironment("a"), .invalidArgument("b"), .missingBuffer("c"), .bufferTooSmall("d"),
      .invalidAction("e"), .outOfMemory("f"), .internalError("g"), .abiMismatch(expected: 1, found: 2),
    ]
    for error in errors {
      XCTAssertFalse(error.message.isEmpty)
      XCTAssertTrue(error.description.contains(error.message))
    }
  }
}
