import Dispatch

extension VecEnv {
  /// Steps every env by splitting the batch into `chunkCount` contiguous ranges and stepping
  /// them on Dispatch's worker threads with `step(range:)`: the host-side alternative to
  /// the core's own thread pool (create the batch with `threadCount: 1` so that pool stays
  /// idle). `pavlov bench --scheduler swift` compares the two.
  ///
  /// Throws the error of the first failing range. The core validates actions per range, so
  /// when one range throws `invalidAction`, the other ranges may already have stepped.
  public func stepConcurrently(_ actions: UnsafeBufferPointer<Int32>, chunkCount: Int) throws {
    let chunks = max(1, min(chunkCount, count))
    if chunks == 1 {
      try step(range: 0..<count, actions: actions)
      return
    }
    var failures = [SimulationError?](repeating: nil, count: chunks)
    failures.withUnsafeMutableBufferPointer { failures in
      let job = RangeJob(env: self, actions: actions, buffers: results.buffers, failures: failures, chunks: chunks)
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in job.run(chunk) }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
  }
}

/// What each Dispatch iteration needs, made `@unchecked Sendable` on purpose: iterations
/// step disjoint env ranges (which the core declares re-entrant), read the shared actions,
/// write disjoint rows of the shared buffers and each its own `failures` slot, and touch no
/// Swift state of the `VecEnv` besides immutable properties. The caller blocks until every
/// iteration returns, so nothing outlives the borrowed pointers.
private struct RangeJob: @unchecked Sendable {
  let env: VecEnv
  let actions: UnsafeBufferPointer<Int32>
  let buffers: StepBuffers
  let failures: UnsafeMutableBufferPointer<SimulationError?>
  let chunks: Int

  func run(_ chunk: Int) {
    let begin = env.count * chunk / chunks
    let end = env.count * (chunk + 1) / chunks
    do {
      try env.step(range: begin..<end, actions: actions, into: buffers)
    } catch {
      failures[chunk] = (error as? SimulationError) ?? .internalError("\(error)")
    }
  }
}
