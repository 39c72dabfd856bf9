import CSim
import CSimTesting
import XCTest

/// The C boundary's one exception guard, driven through the test hook csim_testing_throw:
/// each kind of C++ exception becomes the same status and message whichever entry point it
/// escapes from, on a handle (read back with csim_vec_env_last_error) and at creation (the
/// caller's error buffer).
final class GuardTests: XCTestCase {
  static let cases: [(CSimTestingException, CSimStatus, String)] = [
    (CSIM_TESTING_BAD_ALLOC, CSIM_ERROR_OUT_OF_MEMORY, "out of memory in testing_throw"),
    (CSIM_TESTING_INVALID_ARGUMENT, CSIM_ERROR_INVALID_ARGUMENT, "the option is out of range (thrown by a test)"),
    (CSIM_TESTING_THREAD_START, CSIM_ERROR_OUT_OF_MEMORY,
     "the system refused a thread (thrown by a test); ask for fewer threads with num_threads (0 means one per core)"),
    (CSIM_TESTING_RUNTIME_ERROR, CSIM_ERROR_INTERNAL, "internal error in testing_throw: a bug (thrown by a test)"),
    (CSIM_TESTING_NOT_AN_EXCEPTION, CSIM_ERROR_INTERNAL, "unexpected C++ exception in testing_throw"),
  ]

  func testExceptionsOnAHandleBecomeAStatusAndItsLastError() throws {
    let batch = try BatchHarness("MiniGrid-Empty-5x5-v0")
    for (exception, status, message) in Self.cases {
      XCTAssertEqual(csim_testing_throw(batch.handle, Int32(exception.rawValue), nil, 0), status, message)
      XCTAssertEqual(String(cString: csim_vec_env_last_error(batch.handle)), message)
    }
    batch.reset()
    XCTAssertEqual(batch.step([0]), CSIM_OK, "the handle still works after the guard caught exceptions")
  }

  func testExceptionsWithoutAHandleGoToTheCallersBuffer() {
    for (exception, status, message) in Self.cases {
      var error = [CChar](repeating: 0x7F, count: 256)
      XCTAssertEqual(csim_testing_throw(nil, Int32(exception.rawValue), &error, error.count), status, message)
      XCTAssertEqual(cText(error), message)
    }
    var short = [CChar](repeating: 0x7F, count: 9)
    XCTAssertEqual(csim_testing_throw(nil, Int32(CSIM_TESTING_BAD_ALLOC.rawValue), &short, short.count),
                   CSIM_ERROR_OUT_OF_MEMORY)
    XCTAssertEqual(cText(short), "out of m", "cut to the buffer and NUL-terminated")
    XCTAssertEqual(csim_testing_throw(nil, Int32(CSIM_TESTING_RUNTIME_ERROR.rawValue), nil, 0), CSIM_ERROR_INTERNAL)
  }

  func testAnUnknownKindIsRefusedWithoutThrowing() throws {
    let batch = try BatchHarness("MiniGrid-Empty-5x5-v0")
    XCTAssertEqual(csim_testing_throw(batch.handle, 99, nil, 0), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(String(cString: csim_vec_env_last_error(batch.handle)).contains("out of range"))
  }
}
