import Foundation
import PavlovLearn
import XCTest

/// `pavlov train --config FILE`: a valid JSON file with a wrong value is reported as that
/// value (not as "not valid JSON"), and a key given twice is refused rather than half-read.
final class ConfigFileTests: XCTestCase {
  private func message(_ json: String) -> String? {
    do {
      _ = try PPOConfig.decode(Data(json.utf8), over: PPOConfig())
      return nil
    } catch let error as TrainingError {
      return error.description
    } catch {
      return "\(error)"
    }
  }

  private func assertMessage(_ json: String, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
    guard let text = message(json) else { return XCTFail("\(json) was accepted", file: file, line: line) }
    XCTAssertFalse(text.contains("not valid JSON"), text, file: file, line: line)
    for word in words { XCTAssertTrue(text.contains(word), "\(word) in: \(text)", file: file, line: line) }
  }

  func testOutOfRangeNumbersNameTheKeyTheValueAndTheRange() {
    assertMessage(#"{"num_envs": 1e300}"#, mentions: ["num_envs", "1e300", "[1, 65536]"])
    assertMessage(#"{"hidden_size": 99999999999999999999}"#, mentions: ["hidden_size", "99999999999999999999", "4096"])
    assertMessage(#"{"seed": -1}"#, mentions: ["seed", "-1", "18446744073709551615"])
    assertMessage(#"{"learning_rate": 1e39}"#, mentions: ["learning_rate", "1e39", "positive and finite"])
    assertMessage(#"{"num_steps": 2.5}"#, mentions: ["num_steps", "2.5", "[1, 100000]"])
  }

  func testDuplicateKeysAreRefusedByName() {
    assertMessage(#"{"num_envs": 8, "ent_coef": 0.1, "num_envs": 64}"#, mentions: ["num_envs", "more than once"])
    // Nested objects are not the config's keys; only the top level counts.
    XCTAssertNotNil(message(#"{"num_envs": 8, "target_kl": {"a": 1, "a": 2}}"#))
  }

  func testValidFilesStillDecode() throws {
    let config = try PPOConfig.decode(Data(#" { "num_envs" : 8 , "seed": 18446744073709551615, "target_kl": null } "#.utf8),
                                      over: PPOConfig())
    XCTAssertEqual(config.numEnvs, 8)
    XCTAssertEqual(config.seed, .max)
    XCTAssertNil(config.targetKL)
    XCTAssertNotNil(message("{\"num_envs\": }"))
    XCTAssertNotNil(message("[1, 2]"))
  }
}
