import CSim
import Foundation
import XCTest

/// Creation when threads or memory run out, and the limit on thread counts: a status and a
/// message, never a hang or a crash. Each case runs in a child process whose address space is
/// capped (threads need stack space, so a cap also limits threads, even for root), so the
/// exhaustion stays inside the child and a regression fails instead of hanging CI.
final class CreationLimitTests: XCTestCase {
  /// Child exit codes: 0 created (within `maxThreads`), 10 + status on failure, 98 when the
  /// child could not use up its threads (then the test proves nothing and fails).
  static let createdTooManyThreads: Int32 = 99
  static let couldNotExhaustThreads: Int32 = 98

  /// Creates `count` envs `id` with `threads` threads in a capped child. The report holds the
  /// core's error message when creation fails.
  func createInChild(_ id: String, count: Int32, threads: Int32, headroom: Int, maxThreads: Int32 = .max,
                     spareThreads: Int? = nil, timeout: Double = 60) -> ChildOutcome
  {
    // Everything the child touches is made before the fork (see runInChild).
    let idText = strdup(id)!
    defer { free(idText) }
    let capacity = 1024
    let message = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    defer { message.deallocate() }
    message.initialize(repeating: 0, count: capacity)
    return runInChild(headroom: headroom, timeout: timeout) { report in
      if let spareThreads, !occupyFreeThreadStacks(leaving: spareThreads) { return Self.couldNotExhaustThreads }
      var options = CSimOptions()
      csim_options_default(&options)
      options.num_threads = threads
      var handle: OpaquePointer?
      let status = csim_vec_env_create(idText, count, 1, &options, &handle, message, capacity)
      guard status == CSIM_OK else {
        writeReport(report, message)
        return 10 + Int32(status.rawValue)
      }
      let used = csim_vec_env_num_threads(handle)
      csim_vec_env_destroy(handle)
      return used <= maxThreads ? 0 : Self.createdTooManyThreads
    }
  }

  func failure(_ status: CSimStatus) -> ChildOutcome.End { .exited(10 + Int32(status.rawValue)) }

  /// Threads `csim_vec_env_step` would use for "all cores".
  private func hardwareThreads() throws -> Int32 {
    let batch = try BatchHarness("MiniGrid-Empty-5x5-v0", count: 1024, threads: 0)
    return csim_vec_env_num_threads(batch.handle)
  }

  func testAThreadThatCannotStartGivesAStatusNotAHang() {
    // Room for two workers of the three asked for: the third fails while two already wait.
    let outcome = createInChild("MiniGrid-Empty-5x5-v0", count: 64, threads: 4, headroom: 12 << 20,
                                spareThreads: 2, timeout: 20)
    XCTAssertEqual(outcome.end, failure(CSIM_ERROR_OUT_OF_MEMORY), outcome.description)
    XCTAssertTrue(outcome.report.contains("thread"), outcome.report)
    XCTAssertTrue(outcome.report.contains("num_threads"), "the message should say what to change: \(outcome.report)")
  }

  func testThreadCountsAboveTheLimitAreRefused() {
    for threads: Int32 in [Int32(CSIM_MAX_THREADS) + 1, 1000, 100_000, .max] {
      let outcome = createInChild("MiniGrid-Empty-5x5-v0", count: 2000, threads: threads, headroom: 64 << 20,
                                  timeout: 20)
      XCTAssertEqual(outcome.end, failure(CSIM_ERROR_INVALID_ARGUMENT), "threads \(threads): \(outcome)")
      XCTAssertTrue(outcome.report.contains("\(threads)"), outcome.report)
      XCTAssertTrue(outcome.report.contains("\(CSIM_MAX_THREADS)"), outcome.report)
    }
  }

  func testThreadsBeyondWhatCanHelpAreCapped() throws {
    let hardware = try hardwareThreads()
    let cap = min(Int32(CSIM_MAX_THREADS), 4 * hardware)
    let outcome = createInChild("MiniGrid-Empty-5x5-v0", count: 1000, threads: Int32(CSIM_MAX_THREADS),
                                headroom: 4 << 30, maxThreads: cap, timeout: 20)
    XCTAssertEqual(outcome.end, .exited(0), outcome.description)
    // Never more threads than envs.
    let few = try BatchHarness("MiniGrid-Empty-5x5-v0", count: 2, threads: 8)
    XCTAssertEqual(csim_vec_env_num_threads(few.handle), min(2, cap))
  }
}
