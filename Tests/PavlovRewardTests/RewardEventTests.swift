import Foundation
import PavlovReward
import XCTest

/// The event one-hot beside the observation: it changes the reward, survives the model file,
/// and an out-of-range code counts as 0, no event.
final class RewardEventTests: XCTestCase {
  func testEventsFeedTheModelAndRoundTrip() throws {
    let model = try RewardModel(environmentID: "MiniGrid-DoorKey-8x8-v0", observationType: "uint8",
                                observationSize: 4, eventCount: 3, hiddenSizes: [8], seed: 2)
    let observation: [UInt8] = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]
    let withEvents = try model.rewards(observationBytes: observation, normalized: false, events: [0, 1, 2])
    XCTAssertNotEqual(withEvents[0], withEvents[1])
    XCTAssertNotEqual(withEvents[1], withEvents[2])
    let none = try model.rewards(observationBytes: Array(observation[0..<4]), normalized: false)
    let outOfRange = try model.rewards(observationBytes: Array(observation[0..<4]), normalized: false, events: [99])
    XCTAssertEqual(none, outOfRange, "an unknown code counts as 0, no event")
    XCTAssertEqual(none[0], withEvents[0], "no events given means event 0 everywhere")

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).reward").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try model.write(to: path)
    let loaded = try RewardModel(contentsOf: path)
    XCTAssertEqual(loaded.eventCount, 3)
    XCTAssertEqual(try loaded.rewards(observationBytes: observation, normalized: false, events: [0, 1, 2]), withEvents)
  }
}
