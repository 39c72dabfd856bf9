import XCTest
@testable import PavlovSim
final class PlaceholderTests: XCTestCase { func testX() { XCTAssertEqual(Placeholder.abi(), 1) } }
