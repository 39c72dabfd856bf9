import CSim
import XCTest

/// Captions of stored observations that no environment could have produced: an error that
/// names the bad element, never text built from an undefined float-to-integer conversion
/// (a NaN once read "-9223372036854775808 cm") nor a table read past its end.
final class CaptionInputTests: XCTestCase {
  private func armObservation(_ value: Float, at index: Int) -> [UInt8] {
    var o = [Float](repeating: 0, count: 39)
    o[1] = 0.6
    o[5] = 0.6
    o[7] = 1
    o[index] = value
    return o.withUnsafeBytes { Array($0) }
  }

  func testNonFiniteArmObservationsAreRefused() throws {
    let h = try BatchHarness("arm/push", count: 1)
    for (value, index) in [(Float.nan, 0), (-Float.nan, 4), (Float.infinity, 3), (-Float.infinity, 36)] {
      let (status, text) = h.caption(observation: armObservation(value, at: index), event: 0)
      XCTAssertEqual(status, CSIM_ERROR_INVALID_ARGUMENT, "\(value) at \(index) gave '\(text)'")
      XCTAssertTrue(h.lastError.contains("element \(index)"), h.lastError)
      XCTAssertTrue(h.lastError.contains("finite"), h.lastError)
    }
  }

  func testArmObservationsOutsideTheSpecBoundsAreRefused() throws {
    let h = try BatchHarness("arm/reach", count: 1)
    for value: Float in [1e30, -1e30, 3e9, 10.5] {
      let (status, text) = h.caption(observation: armObservation(value, at: 36), event: 0)
      XCTAssertEqual(status, CSIM_ERROR_INVALID_ARGUMENT, "\(value) gave '\(text)'")
      XCTAssertTrue(h.lastError.contains("[-10, 10]"), h.lastError)
    }
    // The bounds themselves are fine.
    XCTAssertEqual(h.caption(observation: armObservation(10, at: 36), event: 0).0, CSIM_OK, h.lastError)
  }

  func testEveryByteValueInGridAndWordleObservationsIsHandled() throws {
    // Out-of-range bytes in every position: a status, never a crash or garbage text.
    for id in ["MiniGrid-DoorKey-8x8-v0", "Wordle-v0"] {
      let h = try BatchHarness(id, count: 1)
      XCTAssertEqual(h.reset(), CSIM_OK)
      let good = h.observation(0)
      for position in 0..<good.count {
        for value: UInt8 in [11, 200, 255] {
          var o = good
          o[position] = value
          let (status, text) = h.caption(observation: o, event: 0)
          XCTAssertTrue(status == CSIM_OK || status == CSIM_ERROR_INVALID_ARGUMENT, "\(id) byte \(position) = \(value)")
          if status == CSIM_OK { XCTAssertFalse(text.isEmpty) } else { XCTAssertFalse(h.lastError.isEmpty) }
        }
      }
    }
  }
}
