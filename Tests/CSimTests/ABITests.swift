import XCTest
import CSim
final class ABITests: XCTestCase { func testVersion() { XCTAssertEqual(csim_abi_version(), CSIM_ABI_VERSION) } }
