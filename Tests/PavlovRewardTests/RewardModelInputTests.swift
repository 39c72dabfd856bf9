import Foundation
import PavlovSim
import XCTest
@testable import PavlovReward

/// A reward model reads the observation or the learner's one-hot view (issue 14): the choice is
/// stored in its file, observation models keep their old file, a changed view is refused.
final class RewardModelInputTests: XCTestCase {
  private var directory: URL!
  private let environment = "MiniGrid-DoorKey-8x8-v0"

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Pairs of valid DoorKey observations (each element within its categories) that differ in one
  /// element only (the rest is drawn per pair), the observation holding code `middle` there
  /// preferred to the one holding a neighbouring code: a preference no function monotone in the
  /// element's value can express, but a one-hot of it can.
  private func middleCategoryPairs(count: Int, seed: UInt64) throws
    -> (examples: [PreferenceExample], observations: [UInt8], element: Int, middle: UInt8)
  {
    let spec = try VecEnv.spec(for: environment)
    let counts = try XCTUnwrap(spec.categoryCountsPerElement)
    let element = try XCTUnwrap(counts.firstIndex { $0 >= 5 })
    let middle = UInt8(counts[element] / 2)
    var generator = SplitMix64(seed: seed)
    var examples: [PreferenceExample] = [], observations: [UInt8] = []
    for i in 0..<count {
      var good = counts.map { UInt8(generator.next() % UInt64($0)) }, bad = good
      good[element] = middle
      bad[element] = generator.next() % 2 == 0 ? middle - 1 : middle + 1
      let goodFirst = generator.next() % 2 == 0
      examples.append(PreferenceExample(pairID: i, first: goodFirst ? good : bad, second: goodFirst ? bad : good,
                                        preference: goodFirst ? 1 : 0, firstProgress: goodFirst ? 1 : 0,
                                        secondProgress: goodFirst ? 0 : 1))
      observations += good + bad
    }
    return (examples, observations, element, middle)
  }

  private func fit(_ input: RewardModelInput, _ data: (examples: [PreferenceExample], observations: [UInt8]),
                   hidden: [Int], epochs: Int) throws -> RewardModel {
    var fit = BradleyTerryFit()
    fit.hiddenSizes = hidden
    fit.epochs = epochs
    fit.validationFraction = 0.25
    fit.input = input
    let spec = try VecEnv.spec(for: environment)
    return try fit.fit(data.examples, labeller: "synthetic", environmentID: environment,
                       observationType: spec.observationType.rawValue, observationSize: spec.observationSize,
                       normalisation: data.observations)
  }

  private func header(of path: String) throws -> (line: String, fields: [String: Any]) {
    let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
    let newline = try XCTUnwrap(data.firstIndex(of: UInt8(ascii: "\n")))
    let fields = try XCTUnwrap(JSONSerialization.jsonObject(with: data[(newline + 1)...]) as? [String: Any])
    return (String(decoding: data[..<newline], as: UTF8.self), fields)
  }

  func testOnlyTheLearnerViewSeparatesAMiddleCategory() throws {
    let data = try middleCategoryPairs(count: 800, seed: 5)
    // One hidden unit: over the standardised observation the reward is monotone in one linear
    // projection, so "code m beats m − 1 and m + 1" is out of reach (one of the two, about half the
    // pairs); over the one-hot it is one weight row above two others.
    let raw = try XCTUnwrap(try fit(.observation, (data.examples, data.observations), hidden: [1], epochs: 30).report)
    let view = try XCTUnwrap(try fit(.learnerView, (data.examples, data.observations), hidden: [1], epochs: 30).report)
    print("middle category, held-out accuracy: observation \(raw.validationAccuracy), learner view \(view.validationAccuracy)")
    XCTAssertEqual(view.validationDecisivePairs, 200)
    XCTAssertGreaterThan(view.validationAccuracy, 0.95)
    XCTAssertLessThan(raw.validationAccuracy, 0.8)
  }

  func testALearnerViewModelRoundTripsThroughItsFile() throws {
    let data = try middleCategoryPairs(count: 60, seed: 6)
    let model = try fit(.learnerView, (data.examples, data.observations), hidden: [8, 4], epochs: 2)
    XCTAssertEqual(model.input, .learnerView)
    let path = directory.appendingPathComponent("view.reward").path
    try model.write(to: path)
    let (line, fields) = try header(of: path)
    XCTAssertEqual(line, "pavlov-reward-model 3")
    XCTAssertEqual(fields["input"] as? String, "learner-view")
    XCTAssertEqual(fields["viewName"] as? String, "one-hot")
    XCTAssertEqual((fields["viewCategoryCounts"] as? [Int])?.count, 148)
    XCTAssertEqual((fields["inputMean"] as? [Double])?.count, 0)

    let loaded = try RewardModel(contentsOf: path)
    XCTAssertEqual(loaded.input, .learnerView)
    XCTAssertEqual(loaded.hiddenSizes, [8, 4])
    XCTAssertEqual(loaded.parameterCount, model.parameterCount)
    XCTAssertEqual(loaded.threshold, model.threshold)
    XCTAssertEqual(try loaded.rewards(observationBytes: data.observations), try model.rewards(observationBytes: data.observations))
    // The float API has no raw codes to read: refused, not misread.
    var out: [Float] = [0]
    XCTAssertThrowsError(try [Float](repeating: 0, count: 148).withUnsafeBufferPointer { x in
      try out.withUnsafeMutableBufferPointer { try loaded.rewards(observations: x, count: 1, into: $0) }
    }) { XCTAssertTrue("\($0)".contains("learner view"), "\($0)") }
    // A code outside its element's categories is refused with the element.
    var bad = Array(data.observations.prefix(148))
    bad[data.element] = 200
    XCTAssertThrowsError(try loaded.rewards(observationBytes: bad)) {
      XCTAssertTrue("\($0)".contains("element \(data.element)"), "\($0)")
    }
  }

  func testObservationModelsKeepTheirOldFiles() throws {
    let data = try middleCategoryPairs(count: 60, seed: 7)
    let model = try fit(.observation, (data.examples, data.observations), hidden: [4], epochs: 2)
    let path = directory.appendingPathComponent("observation.reward").path
    try model.write(to: path)
    var (line, fields) = try header(of: path)
    XCTAssertEqual(line, "pavlov-reward-model 2", "an observation model is still written as version 2")
    XCTAssertNil(fields["input"])
    XCTAssertEqual(try RewardModel(contentsOf: path).input, .observation)

    // A version 1 file (no event count) of a model without events loads and scores the same.
    fields["eventCount"] = nil
    var v1 = Data("pavlov-reward-model 1\n".utf8)
    v1.append(try JSONSerialization.data(withJSONObject: fields))
    try v1.write(to: URL(fileURLWithPath: path))
    let loaded = try RewardModel(contentsOf: path)
    XCTAssertEqual(loaded.input, .observation)
    XCTAssertEqual(try loaded.rewards(observationBytes: data.observations), try model.rewards(observationBytes: data.observations))

    // Naming an input is a version 3 field: an older header with it is refused.
    fields["input"] = "learner-view"
    var mislabelled = Data("pavlov-reward-model 2\n".utf8)
    mislabelled.append(try JSONSerialization.data(withJSONObject: fields))
    try mislabelled.write(to: URL(fileURLWithPath: path))
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("version 2"), "\($0)") }
  }

  func testAModelOfAnotherViewIsRefused() throws {
    let data = try middleCategoryPairs(count: 40, seed: 8)
    let model = try fit(.learnerView, (data.examples, data.observations), hidden: [4], epochs: 1)
    let path = directory.appendingPathComponent("view.reward").path
    try model.write(to: path)
    let (_, fields) = try header(of: path)
    func rewrite(_ change: (inout [String: Any]) -> Void) throws {
      var changed = fields
      change(&changed)
      var file = Data("pavlov-reward-model 3\n".utf8)
      file.append(try JSONSerialization.data(withJSONObject: changed))
      try file.write(to: URL(fileURLWithPath: path))
    }
    // Same number of parameters, other categories: the environment's view is not the fitted one.
    try rewrite { fields in
      var counts = fields["viewCategoryCounts"] as! [Int]
      counts[0] += 1
      counts[1] -= 1
      fields["viewCategoryCounts"] = counts
    }
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("refit"), "\($0)") }
    try rewrite { $0["viewName"] = "wordle-knowledge" }
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("wordle-knowledge"), "\($0)") }
    try rewrite { $0["viewCategoryCounts"] = nil }
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("viewCategoryCounts"), "\($0)") }
    try rewrite { $0["inputMean"] = [0.0] }
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("inputMean"), "\($0)") }
    try rewrite { $0["input"] = "pixels" }
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("malformed"), "\($0)") }
  }

  func testTheDefaultComesFromTheSpec() throws {
    XCTAssertEqual(try RewardModelInput.automatic(for: VecEnv.spec(for: environment)), .observation)
    XCTAssertEqual(try RewardModelInput.automatic(for: VecEnv.spec(for: "Wordle-v0")), .observation)
    XCTAssertEqual(try RewardModelInput.automatic(for: VecEnv.spec(for: "NetHackStaircase-v0")), .learnerView)
    let hinted = { (value: String) in
      EnvSpec(id: "Hand-v0", observationType: .uint8, observationShape: [4], observationBounds: 0...3,
              actionSpace: .discrete(count: 2), rewardRange: -1...1, maxEpisodeSteps: 10,
              infoColumnNames: ["success", "progress", "event", "episode_step"], eventNames: [""],
              learnerHints: [RewardModelInput.hint: value])
    }
    XCTAssertEqual(try RewardModelInput.automatic(for: hinted("learner-view")), .learnerView)
    XCTAssertThrowsError(try RewardModelInput.automatic(for: hinted("pixels"))) {
      XCTAssertTrue("\($0)".contains("allowed: observation, learner-view"), "\($0)")
    }
    // An observation read as numbers has no one-hot view to read.
    let arm = try VecEnv.spec(for: "arm/reach")
    XCTAssertThrowsError(try RewardModel(environmentID: arm.id, observationType: arm.observationType.rawValue,
                                         observationSize: arm.observationSize, input: .learnerView)) {
      XCTAssertTrue("\($0)".contains("no one-hot learner view"), "\($0)")
    }
  }

  func testTheNetHackViewReadsItsCropClassesAndStatusBins() throws {
    let spec = try VecEnv.spec(for: "NetHackStaircase-v0")
    let model = try RewardModel(environmentID: spec.id, observationType: spec.observationType.rawValue,
                                observationSize: spec.observationSize, eventCount: spec.eventNames.count,
                                hiddenSizes: [64, 64], input: .learnerView)
    // 81 crop classes of 32 codes, 13 status bins of 16, the event: 2,800 + events rows of 64.
    XCTAssertEqual(model.parameterCount, (81 * 32 + 13 * 16 + spec.eventNames.count + 1) * 64 + 64 * 64 + 64 + 64 + 1)
    var row = [Int32](repeating: 0, count: spec.observationSize)
    let crop = try XCTUnwrap(spec.observationPart(named: "crop_classes"))
    row[crop.offset + 40] = 11   // stairs down under the hero's square, in class codes
    let bytes = row.withUnsafeBytes { Array($0) }
    XCTAssertEqual(try model.rewards(observationBytes: bytes, normalized: false).count, 1)
    row[crop.offset] = 32
    XCTAssertThrowsError(try model.rewards(observationBytes: row.withUnsafeBytes { Array($0) })) {
      XCTAssertTrue("\($0)".contains("element \(crop.offset)"), "\($0)")
    }
  }
}
