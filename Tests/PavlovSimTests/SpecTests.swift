import XCTest
@testable import PavlovSim

final class SpecTests: XCTestCase {
  func testABIVersionMatches() throws {
    XCTAssertNoThrow(try Library.checkCompatibility())
  }

  func testAvailableIDsAreUniqueAndNonEmptyStrings() {
    let ids = VecEnv.availableIDs
    XCTAssertEqual(Set(ids).count, ids.count)
    XCTAssertFalse(ids.contains(""))
  }

  func testGridSpecMapsEveryField() throws {
    try requireEnv(TestIDs.doorKey)
    let spec = try VecEnv.spec(for: TestIDs.doorKey)
    XCTAssertEqual(spec.id, TestIDs.doorKey)
    XCTAssertEqual(spec.observationType, .uint8)
    XCTAssertFalse(spec.observationShape.isEmpty)
    XCTAssertEqual(spec.observationSize, spec.observationShape.reduce(1, *))
    XCTAssertEqual(spec.observationByteCount, spec.observationSize)
    XCTAssertGreaterThan(spec.discreteActionCount, 0)
    XCTAssertEqual(spec.actionSpace.width, 1)
    XCTAssertGreaterThan(spec.maxEpisodeSteps, 0)
    XCTAssertLessThanOrEqual(spec.rewardRange.lowerBound, spec.rewardRange.upperBound)
    XCTAssertEqual(Array(spec.infoColumnNames.prefix(4)), ["success", "progress", "event", "episode_step"])
    XCTAssertEqual(spec.eventNames.first, "", "event 0 means no event")
  }

  func testSpecForEachRegisteredIDMatchesABatchSpec() throws {
    for id in VecEnv.availableIDs {
      let spec = try VecEnv.spec(for: id)
      let vec: VecEnv
      do {
        vec = try VecEnv(id: id, count: 2, seed: 1, options: .init(threadCount: 1))
      } catch SimulationError.unavailable(let why) {
        print("skipping \(id): \(why)")  // an optional engine (NetHack) is not installed
        continue
      }
      XCTAssertEqual(spec, vec.spec, id)
    }
  }

  func testMaxEpisodeStepsOptionOverridesTheSpec() throws {
    let id = try anyEnvID()
    let vec = try VecEnv(id: id, count: 1, options: .init(threadCount: 1, maxEpisodeSteps: 3))
    XCTAssertEqual(vec.spec.maxEpisodeSteps, 3)
  }

  func testInfoColumnConstantsMatchTheNames() throws {
    let spec = try VecEnv.spec(for: try anyEnvID())
    XCTAssertEqual(spec.infoColumnNames[InfoColumn.success], "success")
    XCTAssertEqual(spec.infoColumnNames[InfoColumn.progress], "progress")
    XCTAssertEqual(spec.infoColumnNames[InfoColumn.event], "event")
    XCTAssertEqual(spec.infoColumnNames[InfoColumn.episodeStep], "episode_step")
  }

  func testWordleSpec() throws {
    try requireEnv(TestIDs.wordle)
    let spec = try VecEnv.spec(for: TestIDs.wordle)
    XCTAssertEqual(spec.observationType, .uint8)
    XCTAssertGreaterThan(spec.discreteActionCount, 2000, "every allowed guess is an action")
    XCTAssertEqual(spec.maxEpisodeSteps, 6)
  }
}
