import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// The count modulation counts the part an environment names in its `count_key_part` hint
/// (NetHack: the message, as Motif counts messages) instead of the caption, and refuses a hint
/// that names no part.
final class CountKeyPartTests: XCTestCase {
  /// A different caption every time, as NetHack's are (they say the turn).
  private final class TickingCaptioner: Captioner {
    var calls = 0
    func caption(observation: UnsafeRawBufferPointer, event: Int) throws -> String {
      calls += 1
      return "turn \(calls)"
    }
  }

  /// A two-part uint8 observation: "key" (2 bytes) then "rest" (2 bytes).
  private func spec(hint: String?) -> EnvSpec {
    let parts = [
      ObservationPart(name: "key", offset: 0, shape: [2], elementType: .uint8, bounds: 0...255, categories: nil),
      ObservationPart(name: "rest", offset: 2, shape: [2], elementType: .uint8, bounds: 0...255, categories: nil),
    ]
    return EnvSpec(id: "Hand-v0", observationType: .uint8, observationShape: [4], observationBounds: 0...255,
                   actionSpace: .discrete(count: 2), rewardRange: -1...1, maxEpisodeSteps: 10,
                   infoColumnNames: ["success", "progress", "event", "episode_step"], eventNames: [""],
                   observationParts: parts, learnerHints: hint.map { ["count_key_part": $0] } ?? [:])
  }

  /// Rewards of one step of one env reaching `observation`.
  private func step(_ reward: LearnedReward, _ spec: EnvSpec, _ observation: [UInt8], _ captioner: Captioner) throws -> Float {
    var out: [Float] = [0]
    let info = [Float](repeating: 0, count: spec.infoWidth), environment: [Float] = [0], flags: [UInt8] = [0]
    try observation.withUnsafeBytes { o in
      try environment.withUnsafeBufferPointer { r in
        try flags.withUnsafeBufferPointer { t in
          try info.withUnsafeBufferPointer { i in
            let batch = TransitionBatch(spec: spec, captioner: captioner, count: 1, observations: o, finalObservations: o,
                                        environmentRewards: r, terminated: t, truncated: t, info: i)
            try out.withUnsafeMutableBufferPointer { try reward.rewards(for: batch, into: $0) }
          }
        }
      }
    }
    return out[0]
  }

  private func reward(for spec: EnvSpec, keyParts: [String]? = nil) throws -> LearnedReward {
    let model = try RewardModel(environmentID: spec.id, observationType: "uint8", observationSize: 4, hiddenSizes: [4], seed: 3)
    model.threshold = -.infinity
    return LearnedReward(model: model, label: "m", shape: .countModulated, environmentCount: 1, countKeyParts: keyParts)
  }

  func testKeyPartsChosenInTheRewardReplaceTheHint() throws {
    let spec = spec(hint: "key")
    // key=rest: the hinted part no longer counts, the chosen one does.
    let byRest = try reward(for: spec, keyParts: ["rest"]), captioner = TickingCaptioner()
    XCTAssertEqual(byRest.name, "ai-feedback:m,count,key=rest")
    let first = try step(byRest, spec, [7, 7, 1, 1], captioner)
    XCTAssertNotEqual(first, 0)
    let otherKey = try step(byRest, spec, [8, 8, 1, 1], captioner)
    let otherKeyFresh = try step(try reward(for: spec), spec, [8, 8, 1, 1], TickingCaptioner())
    XCTAssertEqual(otherKey, otherKeyFresh / 8, accuracy: abs(otherKeyFresh) * 1e-5, "same rest: second visit")
    // key=key+rest: both parts together.
    let byBoth = try reward(for: spec, keyParts: ["key", "rest"])
    let a = try step(byBoth, spec, [7, 7, 1, 1], captioner)
    let b = try step(byBoth, spec, [7, 7, 2, 2], captioner)
    let bFresh = try step(try reward(for: spec), spec, [7, 7, 2, 2], TickingCaptioner())
    XCTAssertNotEqual(a, 0)
    XCTAssertEqual(b, bFresh, accuracy: abs(bFresh) * 1e-5, "a new rest is a new key: paid in full")
    XCTAssertEqual(captioner.calls, 0)
    XCTAssertThrowsError(try step(try reward(for: spec, keyParts: ["glyphs"]), spec, [0, 0, 0, 0], captioner)) {
      XCTAssertTrue("\($0)".contains("key= names 'glyphs'") && "\($0)".contains("key, rest"), "\($0)")
    }
  }

  func testTheHintedPartKeysTheCountsWhateverTheCaptionSays() throws {
    let spec = spec(hint: "key")
    let reward = try reward(for: spec), captioner = TickingCaptioner()
    let first = try step(reward, spec, [7, 7, 1, 1], captioner)
    XCTAssertNotEqual(first, 0)
    let again = try step(reward, spec, [7, 7, 1, 1], captioner)
    XCTAssertEqual(again, first / 8, accuracy: abs(first) * 1e-5, "the same key twice pays r̂ / 2³, though the captions differ")
    let otherRest = try step(reward, spec, [7, 7, 2, 2], captioner)
    let otherRestFresh = try step(try self.reward(for: spec), spec, [7, 7, 2, 2], TickingCaptioner())
    XCTAssertEqual(otherRest, otherRestFresh / 27, accuracy: abs(otherRestFresh) * 1e-5, "only the key part counts: third visit")
    XCTAssertEqual(captioner.calls, 0, "with a key part, no caption is made")
  }

  func testWithoutTheHintCaptionsKeyTheCounts() throws {
    let spec = spec(hint: nil)
    let reward = try reward(for: spec), captioner = TickingCaptioner()
    let first = try step(reward, spec, [7, 7, 1, 1], captioner)
    let again = try step(reward, spec, [7, 7, 1, 1], captioner)
    XCTAssertNotEqual(first, 0)
    XCTAssertEqual(again, first, accuracy: abs(first) * 1e-5, "'turn 1' then 'turn 2': new captions pay in full")
    XCTAssertEqual(captioner.calls, 2)
  }

  func testAHintNamingNoPartIsRefusedWithThePartsThereAre() throws {
    let spec = spec(hint: "messages")
    let reward = try reward(for: spec)
    XCTAssertThrowsError(try step(reward, spec, [0, 0, 0, 0], TickingCaptioner())) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("'messages'") && text.contains("key, rest"), text)
    }
  }
}
