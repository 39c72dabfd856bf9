import Foundation
import XCTest
@testable import PavlovReward

final class BradleyTerryTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-bt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Random DoorKey-8x8 play labelled by the oracle teacher (privileged progress).
  private func oracleStore(steps: Int, pairs: Int) throws -> LabelStore {
    let store = try LabelStore(path: directory.appendingPathComponent("doorkey.db").path, mode: .createIfMissing)
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-8x8-v0", environmentCount: 16, seed: 3)
      .collectRandom(steps: steps, into: store)
    try store.createPairs(upTo: pairs, seed: 4)
    let oracle = try ScriptedTeacher(kind: .oracle)
    let toLabel = try store.unlabelledPairs(labeller: oracle.name, within: pairs, limit: pairs)
    try store.record(toLabel.map { ($0.id, oracle.labelNow($0)) })
    return store
  }

  private func allObservations(_ store: LabelStore) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try store.forEachObservationBatch(batchSize: 4096) { _, b in bytes.append(contentsOf: b) }
    return bytes
  }

  func testFitOnOracleLabelsOfDoorKeyRanksHeldOutStatesAsProgressDoes() throws {
    let store = try oracleStore(steps: 12_000, pairs: 1600)
    var fit = BradleyTerryFit()
    fit.hiddenSizes = [32]
    fit.epochs = 25
    fit.validationFraction = 0.25
    let model = try fit.fit(
      try store.examples(labeller: "scripted:oracle"), labeller: "scripted:oracle",
      environmentID: "MiniGrid-DoorKey-8x8-v0", observationType: "uint8", observationSize: 148,
      normalisation: try allObservations(store))
    let report = try XCTUnwrap(model.report)
    print("BT on oracle labels, DoorKey-8x8: held-out oracle agreement \(report.validationOracleAgreement) "
          + "on \(report.validationOraclePairs) pairs, accuracy \(report.validationAccuracy)")
    XCTAssertGreaterThan(report.validationOraclePairs, 100)
    XCTAssertGreaterThan(report.validationOracleAgreement, 0.85)
    XCTAssertGreaterThan(report.validationAccuracy, 0.85)
    XCTAssertLessThan(report.validationLoss, log(2.0), "no better than chance")

    // Normalised over the collected observations: mean 0, std 1, ε the median.
    let rewards = try model.rewards(observationBytes: try allObservations(store))
    let mean = rewards.reduce(0, +) / Float(rewards.count)
    XCTAssertEqual(mean, 0, accuracy: 1e-3)
    XCTAssertEqual(model.threshold, RewardModel.quantile(rewards, 0.5), accuracy: 1e-3)
  }

  func testModelFileRoundTripsAndRefusesOtherVersions() throws {
    let store = try oracleStore(steps: 2000, pairs: 200)
    var fit = BradleyTerryFit()
    fit.hiddenSizes = [8]
    fit.epochs = 2
    let observations = try allObservations(store)
    let model = try fit.fit(try store.examples(labeller: "scripted:oracle"), labeller: "scripted:oracle",
                            environmentID: "MiniGrid-DoorKey-8x8-v0", observationType: "uint8",
                            observationSize: 148, normalisation: observations)
    let path = directory.appendingPathComponent("model.reward").path
    try model.write(to: path)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp") }, [])
    let loaded = try RewardModel(contentsOf: path)
    let sample = Array(observations.prefix(148 * 50))
    XCTAssertEqual(try loaded.rewards(observationBytes: sample), try model.rewards(observationBytes: sample))
    XCTAssertEqual(loaded.threshold, model.threshold)
    XCTAssertEqual(loaded.report, model.report)

    // The float API gives the same rewards as the byte API (uint8 observations widened).
    let floats = sample.map(Float.init)
    var viaFloats = [Float](repeating: 0, count: 50)
    try floats.withUnsafeBufferPointer { x in
      try viaFloats.withUnsafeMutableBufferPointer { try loaded.rewards(observations: x, count: 50, into: $0) }
    }
    XCTAssertEqual(viaFloats, try loaded.rewards(observationBytes: sample))
    // Short buffers are refused with the sizes.
    XCTAssertThrowsError(try floats.withUnsafeBufferPointer { x in
      try viaFloats.withUnsafeMutableBufferPointer { try loaded.rewards(observations: x, count: 51, into: $0) }
    }) { XCTAssertTrue("\($0)".contains("need 7548"), "\($0)") }

    // Whatever version this Pavlov writes, a header claiming version 9 is refused.
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let body = text[text.index(after: try XCTUnwrap(text.firstIndex(of: "\n")))...]
    try ("pavlov-reward-model 9\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { XCTAssertTrue("\($0)".contains("version 9"), "\($0)") }
  }

  func testSoftLabelGradientMatchesTheLoss() {
    // d/dd of y·softplus(−d) + (1−y)·softplus(d) is σ(d) − y; checked by finite differences.
    for (d, y) in [(0.3, 1.0), (-1.2, 0.5), (2.0, 0.0)] {
      let loss = { (x: Double) in y * softplus(-x) + (1 - y) * softplus(x) }
      let numeric = (loss(d + 1e-5) - loss(d - 1e-5)) / 2e-5
      XCTAssertEqual(numeric, sigmoid(d) - y, accuracy: 1e-6)
    }
  }
}

final class EpisodicCountModulationTests: XCTestCase {
  func testRewardIsGatedByTheThresholdAndDividedByTheCountCubed() {
    var modulation = EpisodicCountModulation<String>(environmentCount: 2, threshold: 0.5)
    XCTAssertEqual(modulation.modulate(2, environment: 0, key: "a"), 2)
    XCTAssertEqual(modulation.modulate(2, environment: 0, key: "a"), 2 / 8)
    XCTAssertEqual(modulation.modulate(2, environment: 0, key: "a"), 2 / 27, accuracy: 1e-6)
    XCTAssertEqual(modulation.modulate(0.4, environment: 0, key: "b"), 0)   // below ε
    XCTAssertEqual(modulation.modulate(2, environment: 1, key: "a"), 2)     // counts are per env
    modulation.endEpisode(environment: 0)
    XCTAssertEqual(modulation.count(of: "a", environment: 0), 0)
    XCTAssertEqual(modulation.modulate(2, environment: 0, key: "a"), 2)
  }

  func testQuantileInterpolates() {
    XCTAssertEqual(RewardModel.quantile([3, 1, 2, 4], 0.5), 2.5)
    XCTAssertEqual(RewardModel.quantile([3, 1, 2], 0), 1)
    XCTAssertEqual(RewardModel.quantile([3, 1, 2], 1), 3)
  }
}
