import Foundation
import PavlovNet
import PavlovSim
import XCTest

@testable import PavlovLearn

/// The encoder is chosen from the spec's parts and hints, never from the id; for MiniGrid and
/// Wordle it must be exactly the encoding that was hard-coded per id before (same networks,
/// same tuple rows, same learning).
final class ObservationEncodingTests: XCTestCase {
  /// The category counts ObservationEncoding.automatic hard-coded for MiniGrid- ids.
  private let oldGridCounts = Array(Array(repeating: [11, 6, 3], count: 49).joined()) + [4]
  /// ... and for Wordle- ids without the knowledge view.
  private let oldWordleCounts =
    Array(Array(repeating: [27, 4], count: 30).joined()) + Array(repeating: 4, count: 26) + [7]
  /// ... and WordleKnowledge.categoryCounts.
  private let oldKnowledgeCounts = Array(repeating: 3, count: 130) + Array(repeating: 4, count: 26) + [7]

  func testGridAndWordleEncodingsAreTheFormerHardCodedOnes() throws {
    for id in VecEnv.availableIDs where id.hasPrefix("MiniGrid-") {
      XCTAssertEqual(ObservationEncoding.automatic(for: try VecEnv.spec(for: id)), .oneHot(categoryCounts: oldGridCounts), id)
    }
    for id in ["Wordle-v0", "Wordle-Answers-v0"] {
      let spec = try VecEnv.spec(for: id)
      XCTAssertEqual(ObservationEncoding.automatic(for: spec, preferredView: false), .oneHot(categoryCounts: oldWordleCounts))
      XCTAssertEqual(ObservationEncoding.automatic(for: spec),
                     .view(name: "wordle-knowledge", categoryCounts: oldKnowledgeCounts))
    }
    XCTAssertEqual(ObservationEncoding.automatic(for: try VecEnv.spec(for: "arm/reach")), .continuous)
  }

  /// MiniGrid's (object, colour, state) triples are what OneHotTuples groups: same counts, same groups.
  func testGridTupleRowsAreUnchanged() throws {
    let counts = try XCTUnwrap(ObservationEncoding.automatic(for: try VecEnv.spec(for: "MiniGrid-DoorKey-8x8-v0"))
      .categoryCounts)
    let now = OneHotTuples(categoryCounts: counts), before = OneHotTuples(categoryCounts: oldGridCounts)
    XCTAssertEqual(now.groupCount, before.groupCount)
    XCTAssertEqual(now.groupCount, 50)
  }

  /// The word-letter head comes from the env's action tokens, as it came from the action names.
  func testLetterHeadComesFromTheActionTokens() throws {
    let env = try VecEnv(id: "Wordle-Answers-v0", count: 1)
    var fromNames = [UInt8]()
    for name in try env.actionNames() { fromNames += name.lowercased().utf8.map { $0 - 97 } }
    let tokens = try XCTUnwrap(env.spec.actionTokens)
    XCTAssertEqual(PolicyHead.wordLetters(from: tokens), .wordLetters(letters: fromNames))
    XCTAssertNil(try VecEnv.spec(for: "MiniGrid-DoorKey-8x8-v0").actionTokens)
  }

  /// Every view an environment names exists here and fits its parts; every hint that names a
  /// config field applies cleanly, and no hint is unknown to the learner.
  func testEveryEnvironmentsHintsAreUnderstood() throws {
    for id in VecEnv.availableIDs {
      let spec = try VecEnv.spec(for: id)
      if let view = spec.learnerHints["observation_view"] {
        if view == ElementTableLayout.viewName {
          XCTAssertNoThrow(try ElementTableLayout(spec: spec), id)
        } else {
          XCTAssertNoThrow(try ObservationViews.make(view, for: spec), id)
        }
      }
      XCTAssertNoThrow(try PPOConfig().applyingHints(of: spec), id)
      for key in spec.learnerHints.keys {
        XCTAssertTrue(PPOConfig.fieldNames.contains(key) || ["observation_view", OneHotParts.partsHint, "frame_size", "count_key_part",
                                                                                   "reward_model_input"].contains(key)
                        || key.hasSuffix("_action_offset"),
                      "\(id): unknown hint \(key)")
      }
    }
  }

  func testDefaultsComeFromTheHints() throws {
    let spec = try VecEnv.spec(for: "Wordle-v0")
    let config = PPOConfig.defaults(for: spec)
    XCTAssertEqual(config.learningRate, 1e-3)
    XCTAssertEqual(config.rewardKind, 2)
    // A spec with the same observation and no hints gets CleanRL's defaults.
    let plain = EnvSpec(id: "Some-Board-v0", observationType: .uint8, observationShape: spec.observationShape,
                        observationBounds: spec.observationBounds, actionSpace: spec.actionSpace,
                        rewardRange: spec.rewardRange, maxEpisodeSteps: 6, infoColumnNames: spec.infoColumnNames,
                        eventNames: spec.eventNames, observationParts: spec.observationParts)
    XCTAssertEqual(PPOConfig.defaults(for: plain).learningRate, 2.5e-4)
    XCTAssertEqual(ObservationEncoding.automatic(for: plain), .oneHot(categoryCounts: oldWordleCounts))
    // ... and a spec whose hints say so gets them, whatever its id.
    let hinted = EnvSpec(id: "Other-v0", observationType: .uint8, observationShape: spec.observationShape,
                         observationBounds: spec.observationBounds, actionSpace: spec.actionSpace,
                         rewardRange: spec.rewardRange, maxEpisodeSteps: 6, infoColumnNames: spec.infoColumnNames,
                         eventNames: spec.eventNames, observationParts: spec.observationParts,
                         learnerHints: ["learning_rate": "0.002", "observation_view": "wordle-knowledge"])
    XCTAssertEqual(PPOConfig.defaults(for: hinted).learningRate, 0.002)
    XCTAssertEqual(ObservationEncoding.automatic(for: hinted).categoryCounts, oldKnowledgeCounts)
    let bad = EnvSpec(id: "Bad-v0", observationType: .uint8, observationShape: [1], observationBounds: 0...1,
                      actionSpace: .discrete(count: 2), rewardRange: 0...1, maxEpisodeSteps: 6, infoColumnNames: [],
                      eventNames: [""], learnerHints: ["learning_rate": "fast"])
    XCTAssertThrowsError(try PPOConfig().applyingHints(of: bad))
  }

  /// Checkpoints written before views had names stored the knowledge view as "wordleKnowledge".
  func testOldCheckpointEncodingsStillDecode() throws {
    let old = try JSONDecoder().decode(ObservationEncoding.self, from: Data(#"{"wordleKnowledge":{}}"#.utf8))
    XCTAssertEqual(old, .view(name: "wordle-knowledge", categoryCounts: oldKnowledgeCounts))
    for encoding in [ObservationEncoding.continuous, .oneHot(categoryCounts: [2, 3]), old] {
      let data = try JSONEncoder().encode(encoding)
      XCTAssertEqual(try JSONDecoder().decode(ObservationEncoding.self, from: data), encoding)
    }
    // The synthesised format the checkpoints already on disk use.
    XCTAssertEqual(try JSONDecoder().decode(ObservationEncoding.self, from: Data(#"{"continuous":{}}"#.utf8)), .continuous)
    XCTAssertEqual(try JSONDecoder().decode(ObservationEncoding.self,
                                            from: Data(#"{"oneHot":{"categoryCounts":[4]}}"#.utf8)),
                   .oneHot(categoryCounts: [4]))
    XCTAssertThrowsError(try JSONDecoder().decode(ObservationEncoding.self, from: Data(#"{}"#.utf8)))
  }
}
