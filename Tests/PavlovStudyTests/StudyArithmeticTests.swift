import XCTest
@testable import PavlovStudy

final class StudyArithmeticTests: XCTestCase {
  func testStandardErrorIsSampleDeviationOverRootN() {
    // values 0.5, 0.7, 0.9: mean 0.7, sample variance 0.04, SE sqrt(0.04 / 3).
    XCTAssertEqual(StudyRow.standardError([0.5, 0.7, 0.9])!, (0.04 / 3).squareRoot(), accuracy: 1e-12)
    XCTAssertNil(StudyRow.standardError([0.5]))
    XCTAssertEqual(StudyRow.standardError([1, 1, 1, 1])!, 0, accuracy: 1e-15)
  }

  func testLearnerFLOPsFollowTheDocumentedFormula() {
    // 2·P·S for the rollouts, 6·P·S per update epoch.
    XCTAssertEqual(LearnerFLOPs.ppo(parameters: 1_000, steps: 10_000, updateEpochs: 4), 2e7 + 6e7 * 4)
    XCTAssertEqual(LearnerFLOPs.rewardModel(parameters: 500, steps: 100), 1e5)
  }
}
