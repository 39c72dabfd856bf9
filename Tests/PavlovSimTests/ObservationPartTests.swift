import XCTest
@testable import PavlovSim

/// `EnvSpec` carries what the environment says about itself: observation parts, action tokens
/// and learner hints, read through the C ABI.
final class ObservationPartTests: XCTestCase {
  func testGridPartsAreTheImageAndTheDirection() throws {
    let spec = try VecEnv.spec(for: TestIDs.doorKey)
    XCTAssertEqual(spec.observationParts.map(\.name), ["image", "direction"])
    let image = try XCTUnwrap(spec.observationPart(named: "image"))
    XCTAssertEqual(image.shape, [7, 7, 3])
    XCTAssertEqual(image.range, 0..<147)
    XCTAssertEqual(image.categories, [11, 6, 3])
    XCTAssertEqual(image.bounds, 0...10)
    XCTAssertEqual(image.categoryCount(ofElement: 4), 6)
    let direction = try XCTUnwrap(spec.observationPart(named: "direction"))
    XCTAssertEqual(direction.shape, [])
    XCTAssertEqual(direction.range, 147..<148)
    XCTAssertEqual(direction.bounds, 0...3)
    XCTAssertEqual(spec.categoryCountsPerElement, Array(Array(repeating: [11, 6, 3], count: 49).joined()) + [4])
    XCTAssertNil(spec.actionTokens)
    XCTAssertEqual(spec.learnerHints, [:])
  }

  func testWordleDeclaresItsBoardItsLettersAndItsHints() throws {
    let spec = try VecEnv.spec(for: "Wordle-Answers-v0")
    XCTAssertEqual(spec.observationParts.map(\.name), ["board", "keyboard", "guesses"])
    XCTAssertEqual(spec.observationParts.map(\.offset), [0, 60, 86])
    XCTAssertEqual(spec.categoryCountsPerElement,
                   Array(Array(repeating: [27, 4], count: 30).joined()) + Array(repeating: 4, count: 26) + [7])
    let tokens = try XCTUnwrap(spec.actionTokens)
    XCTAssertEqual(tokens.tokensPerAction, 5)
    XCTAssertEqual(tokens.tokenValues, 26)
    XCTAssertEqual(tokens.actionCount, 2315)
    let env = try VecEnv(id: "Wordle-Answers-v0", count: 1)
    let names = try env.actionNames()
    for a in [0, 1000, 2314] {
      let word = String(decoding: tokens.table[(5 * a)..<(5 * a + 5)].map { UInt8($0) + 97 }, as: UTF8.self)
      XCTAssertEqual(word, names[a].lowercased())
    }
    XCTAssertEqual(spec.learnerHints["learning_rate"], "0.001")
    XCTAssertEqual(spec.learnerHints["reward_kind"], "2")
    XCTAssertEqual(spec.learnerHints["observation_view"], "wordle-knowledge")
  }

  func testArmPartsAreNumbers() throws {
    let spec = try VecEnv.spec(for: "arm/reach")
    XCTAssertEqual(spec.observationParts.last?.name, "goal")
    XCTAssertTrue(spec.observationParts.allSatisfy { !$0.isCategorical && $0.elementType == .float32 })
    XCTAssertNil(spec.categoryCountsPerElement)
    XCTAssertNil(spec.actionTokens)
  }

  func testEveryEnvironmentsPartsCoverItsObservation() throws {
    for id in VecEnv.availableIDs {
      let spec = try VecEnv.spec(for: id)
      XCTAssertEqual(spec.observationParts.map(\.size).reduce(0, +), spec.observationSize, id)
      XCTAssertEqual(Set(spec.observationParts.map(\.name)).count, spec.observationParts.count, id)
    }
  }

  /// A spec built in Swift without a description gets one numeric part over the whole observation.
  func testASpecWithoutPartsIsOnePartOfNumbers() {
    let spec = EnvSpec(id: "test", observationType: .float32, observationShape: [2, 3], observationBounds: -1...1,
                       actionSpace: .discrete(count: 2), rewardRange: 0...1, maxEpisodeSteps: 5,
                       infoColumnNames: [], eventNames: [""])
    XCTAssertEqual(spec.observationParts.count, 1)
    XCTAssertEqual(spec.observationParts[0].range, 0..<6)
    XCTAssertNil(spec.categoryCountsPerElement)
  }
}
