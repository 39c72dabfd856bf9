import CSim
import XCTest

/// Arm batches that run out of memory while being built: ODE does not survive a failed
/// allocation, so the arm must report CSIM_ERROR_OUT_OF_MEMORY before ODE ever sees one.
/// Runs in capped child processes, like the rest of CreationLimitTests.
extension CreationLimitTests {
  func testArmCreationRunningOutOfMemoryGivesAStatusNotASegfault() {
    // The case scaled down (arm/push, 1,000,000 envs, a 3 GB cap): allowances from
    // nothing up make memory run out at different stages of building a batch, inside ODE
    // too (a body, a geom, a joint). The child may also fill holes in the heap it inherited,
    // so a batch far larger than any allowance makes sure that memory does run out.
    for (k, mebibytes) in [0, 1, 2, 3, 4, 6, 8, 16].enumerated() {
      let id = k % 2 == 0 ? "arm/push" : "arm/peg-insert-side"
      let outcome = createInChild(id, count: 1_000_000, threads: 1, headroom: mebibytes << 20)
      XCTAssertEqual(outcome.end, failure(CSIM_ERROR_OUT_OF_MEMORY), "\(id), \(mebibytes) MiB: \(outcome)")
      XCTAssertTrue(outcome.report.contains("1000000"), outcome.report)
    }
  }
}
