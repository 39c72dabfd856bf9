import Foundation
import PavlovSim
import XCTest
@testable import PavlovReward

/// Every field of a reward model file is checked on load, and a bad one is named: a negative
/// standard deviation used to invert the reward, an unknown activation was ignored
/// (issue 12, item 9).
final class RewardModelFileValidationTests: XCTestCase {
  private var directory: URL!
  private let environment = "MiniGrid-DoorKey-8x8-v0"

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// A small valid model file of DoorKey-8x8, its fields as JSON values, and its path.
  private func validFile(observationSize: Int? = nil) throws -> (fields: [String: Any], path: String) {
    let spec = try VecEnv.spec(for: environment)
    let model = try RewardModel(environmentID: environment, observationType: spec.observationType.rawValue,
                                observationSize: observationSize ?? spec.observationSize,
                                eventCount: spec.eventNames.count, hiddenSizes: [4], seed: 1)
    let path = directory.appendingPathComponent("\(UUID().uuidString).reward").path
    try model.write(to: path)
    let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
    let newline = try XCTUnwrap(data.firstIndex(of: UInt8(ascii: "\n")))
    let fields = try XCTUnwrap(JSONSerialization.jsonObject(with: data[(newline + 1)...]) as? [String: Any])
    return (fields, path)
  }

  private func write(_ fields: [String: Any], to path: String) throws {
    var data = Data("pavlov-reward-model 2\n".utf8)
    data.append(try JSONSerialization.data(withJSONObject: fields))
    try data.write(to: URL(fileURLWithPath: path))
  }

  /// Loads the valid file with `change` applied; the load must fail naming `field`.
  private func assertRefused(_ field: String, mentions: [String] = [], file: StaticString = #filePath,
                             line: UInt = #line, _ change: (inout [String: Any]) -> Void) throws {
    var (fields, path) = try validFile()
    change(&fields)
    try write(fields, to: path)
    XCTAssertThrowsError(try RewardModel(contentsOf: path), field, file: file, line: line) { error in
      for word in [field] + mentions {
        XCTAssertTrue("\(error)".contains(word), "'\(error)' should mention \(word)", file: file, line: line)
      }
    }
  }

  func testAnUntouchedFileLoads() throws {
    let (fields, path) = try validFile()
    try write(fields, to: path)
    XCTAssertEqual(try RewardModel(contentsOf: path).hiddenSizes, [4])
  }

  func testNormalisationThatWouldInvertOrBlowUpTheRewardIsRefused() throws {
    try assertRefused("rewardStandardDeviation", mentions: ["-1", "greater than 0"]) { $0["rewardStandardDeviation"] = -1 }
    try assertRefused("rewardStandardDeviation", mentions: ["greater than 0"]) { $0["rewardStandardDeviation"] = 0 }
    try assertRefused("inputScale", mentions: ["[3]", "0 or more"]) { fields in
      var scale = fields["inputScale"] as! [Double]
      scale[3] = -2
      fields["inputScale"] = scale
    }
    try assertRefused("inputMean", mentions: ["3 values"]) { $0["inputMean"] = [0, 0, 0] }
    try assertRefused("thresholdQuantile", mentions: ["0...1"]) { $0["thresholdQuantile"] = 7 }
  }

  func testAnUnknownActivationOrTypeIsRefused() throws {
    try assertRefused("activation", mentions: ["'relu'", "tanh"]) { $0["activation"] = "relu" }
    try assertRefused("observationType", mentions: ["'float16'"]) { $0["observationType"] = "float16" }
  }

  func testDimensionsAreCheckedBeforeAnyNetworkIsBuilt() throws {
    try assertRefused("hiddenSizes", mentions: ["[4, 0]"]) { $0["hiddenSizes"] = [4, 0] }
    try assertRefused("hiddenSizes", mentions: ["4096"]) { $0["hiddenSizes"] = [1_000_000] }
    try assertRefused("hiddenSizes", mentions: ["at least one"]) { $0["hiddenSizes"] = [Int]() }
    try assertRefused("parameters", mentions: ["5 values"]) { $0["parameters"] = [1, 2, 3, 4, 5] }
    try assertRefused("eventCount", mentions: ["99"]) { $0["eventCount"] = 99 }
    try assertRefused("environmentID", mentions: ["'Bogus-v0'"]) { $0["environmentID"] = "Bogus-v0" }
  }

  func testAModelOfTheWrongObservationSizeForItsEnvironmentIsRefused() throws {
    // Consistent with itself (10 inputs, 10 means, the right parameter count), not with DoorKey.
    let (_, path) = try validFile(observationSize: 10)
    XCTAssertThrowsError(try RewardModel(contentsOf: path)) { error in
      XCTAssertTrue("\(error)".contains("observationSize"), "\(error)")
      XCTAssertTrue("\(error)".contains("10"), "\(error)")
    }
  }

  func testAFileThatIsNotAModelIsRefusedByName() throws {
    let directoryPath = directory.path
    XCTAssertThrowsError(try RewardModel(contentsOf: directoryPath)) { error in
      XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
    }
    let missing = directory.appendingPathComponent("typo.reward").path
    XCTAssertThrowsError(try RewardModel(contentsOf: missing)) { error in
      XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
  }
}
