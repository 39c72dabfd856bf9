import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// Reward functions see observations, events and a captioner, never the environment: a
/// learned reward with the count modulation runs on a batch built by hand, with captions from
/// a captioner that is no `VecEnv` (issue 11, item 3).
final class RewardCaptionerTests: XCTestCase {
  /// Captions by the observation's first byte, and remembers the events it was asked with.
  private final class ByteCaptioner: Captioner {
    var requests: [(first: UInt8, event: Int)] = []
    func caption(observation: UnsafeRawBufferPointer, event: Int) throws -> String {
      requests.append((observation[0], event))
      return "first byte \(observation[0])"
    }
  }

  func testCountModulationCountsTheCaptionerCaptionsOfTheReachedObservations() throws {
    let spec = try VecEnv.spec(for: "MiniGrid-DoorKey-5x5-v0")
    let model = try RewardModel(environmentID: spec.id, observationType: "uint8", observationSize: spec.observationSize,
                                eventCount: spec.eventNames.count, hiddenSizes: [4], seed: 3)
    model.threshold = -.infinity
    let reward = LearnedReward(model: model, label: "m", shape: .countModulated, environmentCount: 2)
    let width = spec.observationByteCount
    // Env 0 stays in one state; env 1's episode ends, so its reached observation is the final row.
    var observations = [UInt8](repeating: 1, count: 2 * width)
    observations[width] = 2
    var finals = [UInt8](repeating: 0, count: 2 * width)
    finals[width] = 9
    var info = [Float](repeating: 0, count: 2 * spec.infoWidth)
    info[InfoColumn.event] = 1
    info[spec.infoWidth + InfoColumn.event] = 2
    let environment: [Float] = [0, 0], terminated: [UInt8] = [0, 1], truncated: [UInt8] = [0, 0]
    let captioner = ByteCaptioner()

    func step() throws -> [Float] {
      var out = [Float](repeating: 0, count: 2)
      try observations.withUnsafeBytes { o in
        try finals.withUnsafeBytes { f in
          try environment.withUnsafeBufferPointer { r in
            try terminated.withUnsafeBufferPointer { t in
              try truncated.withUnsafeBufferPointer { u in
                try info.withUnsafeBufferPointer { i in
                  let batch = TransitionBatch(spec: spec, captioner: captioner, count: 2, observations: o,
                                              finalObservations: f, environmentRewards: r, terminated: t,
                                              truncated: u, info: i)
                  XCTAssertEqual(batch.event(of: 1), 2)
                  try out.withUnsafeMutableBufferPointer { try reward.rewards(for: batch, into: $0) }
                }
              }
            }
          }
        }
      }
      return out
    }
    let first = try step(), second = try step()
    XCTAssertEqual(captioner.requests.map(\.first), [1, 9, 1, 9], "env 1 is captioned from its final observation")
    XCTAssertEqual(captioner.requests.map(\.event), [1, 2, 1, 2])
    XCTAssertNotEqual(first[0], 0)
    XCTAssertEqual(second[0], first[0] / 8, accuracy: abs(first[0]) * 1e-5, "the same caption twice pays r̂ / 2³")
    XCTAssertEqual(second[1], first[1], "env 1's episode ended: its counts start again")
  }
}
