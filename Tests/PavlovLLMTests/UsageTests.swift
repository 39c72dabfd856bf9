import XCTest
@testable import PavlovLLM

final class UsageTests: XCTestCase {
  func testFLOPsAreTwiceParametersTimesTokens() {
    var usage = Usage(parameterCount: 135e6)
    usage.promptTokens = 100
    usage.completionTokens = 20
    XCTAssertEqual(usage.estimatedFLOPs, 2 * 135e6 * 120)
    XCTAssertNil(Usage().estimatedFLOPs)
    XCTAssertTrue(usage.summary.contains("3.24e10"), usage.summary)
  }
}
