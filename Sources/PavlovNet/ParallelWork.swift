import Dispatch

/// Runs `body(worker)` for worker 0..<count on Dispatch's threads and waits for all; the
/// first error thrown (in worker order) is rethrown. Workers must touch disjoint state.
package func runParallel(_ count: Int, _ body: (Int) throws -> Void) throws {
  if count == 1 {
    try body(0)
    return
  }
  let failures = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: count)
  failures.initialize(repeating: nil)
  defer {
    failures.deinitialize()
    failures.deallocate()
  }
  withoutActuallyEscaping(body) { body in
    let job = ParallelJob(body: body, failures: failures)
    DispatchQueue.concurrentPerform(iterations: count) { worker in job.run(worker) }
  }
  if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
}

/// `@unchecked Sendable` on purpose: each iteration writes only its own `failures` slot, the
/// caller's body promises disjoint work per worker, and `runParallel` blocks until every
/// iteration has returned, so nothing outlives the borrowed closure and buffer.
private struct ParallelJob: @unchecked Sendable {
  let body: (Int) throws -> Void
  let failures: UnsafeMutableBufferPointer<(any Error)?>

  func run(_ worker: Int) {
    do { try body(worker) } catch { failures[worker] = error }
  }
}

/// The `part`-th of `parts` contiguous pieces of 0..<total (sizes differ by at most one).
package func share(_ total: Int, part: Int, of parts: Int) -> Range<Int> {
  (total * part / parts)..<(total * (part + 1) / parts)
}
