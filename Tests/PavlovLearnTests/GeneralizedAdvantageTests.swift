import PavlovLearn
import XCTest

/// Batched GAE against a naive per-step sum, with terminations and truncations mixed in.
final class GeneralizedAdvantageTests: XCTestCase {
  /// A_t = Σ_k (γλ)^k δ_{t+k}, summed until the episode containing t ends or the rollout does.
  private func naive(rewards: [Float], values: [Float], terminated: [UInt8], truncated: [UInt8],
                     finalValues: [Float], nextValues: [Float], steps: Int, envs: Int, gamma: Float,
                     lambda: Float) -> [Float]
  {
    func delta(_ t: Int, _ e: Int) -> Double {
      let i = t * envs + e
      let next: Double
      if terminated[i] != 0 { next = 0 }
      else if truncated[i] != 0 { next = Double(finalValues[i]) }
      else { next = t + 1 < steps ? Double(values[i + envs]) : Double(nextValues[e]) }
      return Double(rewards[i]) + Double(gamma) * next - Double(values[i])
    }
    var result = [Float](repeating: 0, count: steps * envs)
    for e in 0..<envs {
      for t in 0..<steps {
        var sum = 0.0, factor = 1.0
        for k in t..<steps {
          sum += factor * delta(k, e)
          let i = k * envs + e
          if terminated[i] != 0 || truncated[i] != 0 { break }
          factor *= Double(gamma * lambda)
        }
        result[t * envs + e] = Float(sum)
      }
    }
    return result
  }

  func testMatchesTheNaiveSum() {
    var state: UInt64 = 42
    func next() -> Float {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Float(state >> 40) / Float(1 << 24)
    }
    let steps = 37, envs = 5, gamma: Float = 0.97, lambda: Float = 0.9
    let n = steps * envs
    let rewards = (0..<n).map { _ in next() * 2 - 1 }
    let values = (0..<n).map { _ in next() }
    let terminated = (0..<n).map { _ in UInt8(next() < 0.08 ? 1 : 0) }
    let truncated = (0..<n).map { i in UInt8(terminated[i] == 0 && next() < 0.06 ? 1 : 0) }
    let finalValues = (0..<n).map { i in truncated[i] != 0 ? next() * 3 : 0 }
    let nextValues = (0..<envs).map { _ in next() }
    let (advantages, returns) = gae(rewards, values, terminated, truncated, finalValues, nextValues, steps: steps,
                                    envs: envs, gamma: gamma, lambda: lambda)
    let expected = naive(rewards: rewards, values: values, terminated: terminated, truncated: truncated,
                         finalValues: finalValues, nextValues: nextValues, steps: steps, envs: envs, gamma: gamma,
                         lambda: lambda)
    for i in 0..<n {
      XCTAssertEqual(advantages[i], expected[i], accuracy: 1e-4, "sample \(i)")
      XCTAssertEqual(returns[i], advantages[i] + values[i], accuracy: 1e-6)
    }
    XCTAssertTrue(truncated.contains(1) && terminated.contains(1), "the data must exercise both endings")
  }

  /// One env, three steps: reward 1 each, V = 0.5; truncation after step 1 with V(final) = 10.
  func testTruncationBootstrapsAndTerminationDoesNot() {
    func run(terminatedAt1: Bool) -> [Float] {
      let term: [UInt8] = [0, terminatedAt1 ? 1 : 0, 0], trunc: [UInt8] = [0, terminatedAt1 ? 0 : 1, 0]
      return gae([1, 1, 1], [0.5, 0.5, 0.5], term, trunc, [0, 10, 0], [0.5], steps: 3, envs: 1, gamma: 0.9,
                 lambda: 1).returns
    }
    XCTAssertEqual(run(terminatedAt1: false)[1], 1 + 0.9 * 10, accuracy: 1e-5)
    XCTAssertEqual(run(terminatedAt1: true)[1], 1, accuracy: 1e-5)
    // Step 0's return flows through step 1 but never into step 2 (the next episode).
    XCTAssertEqual(run(terminatedAt1: true)[0], 1 + 0.9 * 1, accuracy: 1e-5)
    XCTAssertEqual(run(terminatedAt1: true)[2], 1 + 0.9 * 0.5, accuracy: 1e-5)
  }

  private func gae(_ rewards: [Float], _ values: [Float], _ terminated: [UInt8], _ truncated: [UInt8],
                   _ finalValues: [Float], _ nextValues: [Float], steps: Int, envs: Int, gamma: Float,
                   lambda: Float) -> (advantages: [Float], returns: [Float])
  {
    var advantages = [Float](repeating: 0, count: steps * envs), returns = advantages
    rewards.withUnsafeBufferPointer { r in values.withUnsafeBufferPointer { v in
      terminated.withUnsafeBufferPointer { te in truncated.withUnsafeBufferPointer { tr in
        finalValues.withUnsafeBufferPointer { f in nextValues.withUnsafeBufferPointer { nv in
          advantages.withUnsafeMutableBufferPointer { a in returns.withUnsafeMutableBufferPointer { ret in
            GeneralizedAdvantage.compute(rewards: r, values: v, terminated: te, truncated: tr, finalValues: f,
                                         nextValues: nv, steps: steps, envs: envs, gamma: gamma, lambda: lambda,
                                         advantages: a, returns: ret)
          } }
        } }
      } }
    } }
    return (advantages, returns)
  }
}
