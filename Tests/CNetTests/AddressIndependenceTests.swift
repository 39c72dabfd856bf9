import CNet
import Foundation
import XCTest

/// The kernels give the same bits wherever their buffers (the caller's, and their own per-thread
/// workspaces) happen to lie. Eigen peels a buffer's unaligned head off its vector loops and runs
/// it through scalar code (libm's exp instead of its own polynomial, another summation order), so
/// a result that depends on the address changes with the heap's layout and with which thread
/// runs the call: same-seed Wordle training differed from run to run.
final class AddressIndependenceTests: XCTestCase {
  /// Wordle's 2,315 answers: rows wide enough for many vector packets and an unaligned tail.
  private static let batch = 3, actions = 2315

  private struct HeadResult: Equatable {
    var statuses: [CNetStatus]
    var logP: [UInt32], entropy: [UInt32], dLogits: [UInt32], sampled: [Int32], sampledLogP: [UInt32]

    /// What differs from `other`, for a failure message ("" when nothing does).
    func differences(from other: HeadResult) -> String {
      func count<T: Equatable>(_ a: [T], _ b: [T]) -> Int { a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : -1 }
      return [("status", statuses == other.statuses ? 0 : 1), ("log_probs", count(logP, other.logP)),
              ("entropy", count(entropy, other.entropy)), ("d_logits", count(dLogits, other.dLogits)),
              ("sampled actions", count(sampled, other.sampled)),
              ("sampled log_probs", count(sampledLogP, other.sampledLogP))]
        .filter { $0.1 != 0 }.map { "\($0.0): \($0.1) differ" }.joined(separator: ", ")
    }
  }

  private static func inputs() -> (logits: [Float], chosen: [Int32], weights: [Float], uniforms: [Float]) {
    var rng = TestRandom(seed: 2315)
    return (rng.floats(batch * actions, -4, 4), (0..<batch).map { Int32($0 * 701 % actions) },
            rng.floats(2 * batch, -1, 1), rng.floats(batch, 0, 1))
  }

  /// Both calls of the head, with the logits and the logit gradient `offset` floats past a
  /// 64-byte boundary. No XCTest calls: other threads run it.
  private static func head(offset: Int) -> HeadResult {
    let (logits, chosen, weights, uniforms) = inputs()
    let cells = batch * actions
    let place = UnsafeMutableRawPointer.allocate(byteCount: 4 * (2 * cells + 64), alignment: 64)
    defer { place.deallocate() }
    let shifted = place.bindMemory(to: Float.self, capacity: 2 * cells + 64) + offset
    let rows = UnsafeMutableBufferPointer(start: shifted, count: cells)
    let gradient = UnsafeMutableBufferPointer(start: shifted + cells + 16, count: cells)
    _ = rows.update(fromContentsOf: logits)
    gradient.update(repeating: .nan)
    var logP = [Float](repeating: .nan, count: batch), entropy = logP, sampledLogP = logP
    var sampled = [Int32](repeating: -1, count: batch)
    let evaluated = cnet_categorical_evaluate(
      rows.baseAddress, Int64(cells), Int32(batch), Int32(actions), chosen, Int64(batch), &logP, Int64(batch),
      &entropy, Int64(batch), Array(weights[0..<batch]), Int64(batch), Array(weights[batch...]), Int64(batch),
      gradient.baseAddress, Int64(cells))
    let sampledStatus = cnet_categorical_sample(rows.baseAddress, Int64(cells), Int32(batch), Int32(actions), uniforms,
                                                Int64(batch), &sampled, Int64(batch), &sampledLogP, Int64(batch))
    return HeadResult(statuses: [evaluated, sampledStatus], logP: logP.map(\.bitPattern), entropy: entropy.map(\.bitPattern),
                      dLogits: gradient.map(\.bitPattern), sampled: sampled, sampledLogP: sampledLogP.map(\.bitPattern))
  }

  /// Runs `body` under every instruction set this CPU and build have, restoring the default.
  private func forEachInstructionSet(_ body: (CNetSimd) -> Void) {
    let original = cnet_simd()
    defer { _ = cnet_set_simd(original) }
    for simd in [CNET_SIMD_BASELINE, CNET_SIMD_AVX2_FMA, CNET_SIMD_AVX512] where cnet_set_simd(simd) == CNET_OK {
      body(simd)
    }
  }

  func testCategoricalHeadIgnoresWhereTheCallersBuffersLie() {
    forEachInstructionSet { simd in
      let first = Self.head(offset: 0)
      XCTAssertEqual(first.statuses, [CNET_OK, CNET_OK], lastError())
      for offset in 1..<16 {
        let result = Self.head(offset: offset)
        XCTAssertTrue(result == first, "\(simd): buffers \(4 * offset) bytes past 64: \(result.differences(from: first))")
      }
    }
  }

  /// The head's per-thread workspace lies wherever the thread's heap puts it: threads whose
  /// heaps are shifted by 16-byte steps before their first call must still agree bit for bit.
  func testCategoricalHeadIsTheSameOnEveryThread() {
    forEachInstructionSet { simd in sameOnEveryThread(simd) }
  }

  private func sameOnEveryThread(_ simd: CNetSimd) {
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var byThread: [Int: HeadResult] = [:]
    }
    let results = Results(), threads = 8
    let done = DispatchGroup()
    // All alive at once, so that none inherits another's heap (and its workspace) on exit.
    let finish = DispatchSemaphore(value: 0)
    for t in 0..<threads {
      done.enter()
      let thread = Thread {
        let shift = malloc(16 * (t + 1))
        let result = Self.head(offset: 0)
        results.lock.withLock { results.byThread[t] = result }
        done.leave()
        finish.wait()
        free(shift)
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    XCTAssertEqual(done.wait(timeout: .now() + 60), .success, "the threads did not finish within 60 s")
    for _ in 0..<threads { finish.signal() }
    let reference = Self.head(offset: 0)
    XCTAssertEqual(reference.statuses, [CNET_OK, CNET_OK], lastError())
    for t in 0..<threads {
      guard let result = results.lock.withLock({ results.byThread[t] }) else { continue }
      XCTAssertTrue(result == reference, "\(simd): thread \(t): \(result.differences(from: reference))")
    }
  }

  /// tanh in the one-hot layer's output, `offset` floats past a 64-byte boundary.
  private func oneHotTanh(offset: Int) -> [UInt32] {
    let categories: Int32 = 40, out: Int32 = 37, rows: Int32 = 5, perRow: Int32 = 3
    var rng = TestRandom(seed: 37)
    let table = rng.floats(Int(categories * out), -2, 2), bias = rng.floats(Int(out), -1, 1)
    let indices = (0..<Int(rows * perRow)).map { Int32($0 * 7 % Int(categories)) }
    let count = Int(rows * out)
    let place = UnsafeMutableRawPointer.allocate(byteCount: 4 * (count + 16), alignment: 64)
    defer { place.deallocate() }
    let output = place.bindMemory(to: Float.self, capacity: count + 16) + offset
    XCTAssertEqual(cnet_onehot_forward(table, Int64(table.count), bias, Int64(bias.count), categories, out, indices,
                                       Int64(indices.count), rows, perRow, CNET_ACTIVATION_TANH, output, Int64(count)),
                   CNET_OK, lastError())
    return UnsafeBufferPointer(start: output, count: count).map(\.bitPattern)
  }

  func testOneHotTanhIgnoresWhereItsOutputLies() {
    forEachInstructionSet { simd in
      let first = oneHotTanh(offset: 0)
      for offset in 1..<16 {
        XCTAssertEqual(oneHotTanh(offset: offset), first, "\(simd): output \(4 * offset) bytes past 64")
      }
    }
  }
}
