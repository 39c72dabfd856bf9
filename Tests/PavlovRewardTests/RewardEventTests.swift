import Foundation
import PavlovReward
import PavlovSim
import XCTest

/// The event one-hot beside the observation: it changes the reward, survives the model file,
/// and an out-of-range code counts as 0, no event.
final class RewardEventTests: XCTestCase {
  func testEventsFeedTheModelAndRoundTrip() throws {
    // Sized as DoorKey's observations and events: a model file must match its environment.
    let spec = try VecEnv.spec(for: "MiniGrid-DoorKey-8x8-v0")
    let size = spec.observationSize
    let model = try RewardModel(environmentID: spec.id, observationType: "uint8",
                                observationSize: size, eventCount: spec.eventNames.count, hiddenSizes: [8], seed: 2)
    let row = (0..<size).map { UInt8($0 % 5) }
    let observation = row + row + row
    let withEvents = try model.rewards(observationBytes: observation, normalized: false, events: [0, 1, 2])
    XCTAssertNotEqual(withEvents[0], withEvents[1])
    XCTAssertNotEqual(withEvents[1], withEvents[2])
    let none = try model.rewards(observationBytes: row, normalized: false)
    let outOfRange = try model.rewards(observationBytes: row, normalized: false, events: [9999])
    XCTAssertEqual(none, outOfRange, "an unknown code counts as 0, no event")
    // One row against three: the kernels may sum in another order, so not bit for bit.
    XCTAssertEqual(none[0], withEvents[0], accuracy: 1e-5, "no events given means event 0 everywhere")

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).reward").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try model.write(to: path)
    let loaded = try RewardModel(contentsOf: path)
    XCTAssertEqual(loaded.eventCount, spec.eventNames.count)
    XCTAssertEqual(try loaded.rewards(observationBytes: observation, normalized: false, events: [0, 1, 2]), withEvents)
  }
}
