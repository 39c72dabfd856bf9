import CNet
import XCTest

/// The categorical head against a direct softmax computation, its gradients against central
/// differences, and inverse-CDF sampling from caller-supplied uniforms.
final class CategoricalTests: XCTestCase {
  private let batch = 5, actions = 4

  /// log p(action) and entropy of one row, computed directly in double.
  private func reference(_ row: ArraySlice<Float>, _ action: Int32) -> (logP: Double, entropy: Double) {
    let z = row.map(Double.init)
    let total = z.map { exp($0) }.reduce(0, +)
    let p = z.map { exp($0) / total }
    return (log(p[Int(action)]), -p.map { $0 * log($0) }.reduce(0, +))
  }

  private func evaluate(_ logits: [Float], _ chosen: [Int32], logPWeights: [Float]? = nil,
                        entropyWeights: [Float]? = nil) -> (logP: [Float], entropy: [Float], dLogits: [Float])
  {
    var logP = [Float](repeating: .nan, count: batch), entropy = logP
    var dLogits = [Float](repeating: .nan, count: batch * actions)
    let status = cnet_categorical_evaluate(
      logits, Int64(logits.count), Int32(batch), Int32(actions), chosen, Int64(chosen.count), &logP, Int64(batch),
      &entropy, Int64(batch), logPWeights, Int64(logPWeights?.count ?? 0), entropyWeights,
      Int64(entropyWeights?.count ?? 0), &dLogits, Int64(dLogits.count))
    XCTAssertEqual(status, CNET_OK, lastError())
    return (logP, entropy, dLogits)
  }

  private func data() -> (logits: [Float], chosen: [Int32]) {
    var rng = TestRandom(seed: 77)
    return (rng.floats(batch * actions, -3, 3), (0..<batch).map { Int32($0 % actions) })
  }

  func testLogProbAndEntropyMatchReference() {
    let (logits, chosen) = data()
    let got = evaluate(logits, chosen)
    for i in 0..<batch {
      let want = reference(logits[(i * actions)..<((i + 1) * actions)], chosen[i])
      XCTAssertEqual(Double(got.logP[i]), want.logP, accuracy: 1e-5)
      XCTAssertEqual(Double(got.entropy[i]), want.entropy, accuracy: 1e-5)
    }
    // Huge logits must not overflow (log-sum-exp is shifted by the row maximum).
    var big = [Float](repeating: 1000, count: batch * actions)
    big[0] = 1001
    let stable = evaluate(big, chosen)
    XCTAssertTrue(stable.logP.allSatisfy { $0.isFinite } && stable.entropy.allSatisfy { $0.isFinite })
  }

  /// d/dlogits of sum_i (w1_i log p_i + w2_i H_i), against central differences of the reference.
  func testGradientMatchesFiniteDifferences() {
    var (logits, chosen) = data()
    var rng = TestRandom(seed: 5)
    let w1 = rng.floats(batch, -2, 2), w2 = rng.floats(batch, -2, 2)
    let analytic = evaluate(logits, chosen, logPWeights: w1, entropyWeights: w2).dLogits.map(Double.init)
    func objective() -> Double {
      (0..<batch).reduce(0.0) { sum, i in
        let r = reference(logits[(i * actions)..<((i + 1) * actions)], chosen[i])
        return sum + Double(w1[i]) * r.logP + Double(w2[i]) * r.entropy
      }
    }
    var numeric = [Double]()
    let step: Float = 1e-3
    for j in 0..<logits.count {
      let saved = logits[j]
      logits[j] = saved + step
      let plus = objective()
      logits[j] = saved - step
      let minus = objective()
      logits[j] = saved
      numeric.append((plus - minus) / (2 * Double(step)))
    }
    assertGradientsMatch(analytic, numeric, relative: 1e-3, absolute: 1e-4, "categorical d_logits")
    // Each weight alone: log-prob gradients sum to zero per row (softmax is shift-invariant).
    let onlyLogP = evaluate(logits, chosen, logPWeights: w1).dLogits
    for i in 0..<batch {
      XCTAssertEqual(onlyLogP[(i * actions)..<((i + 1) * actions)].reduce(0, +), 0, accuracy: 1e-5)
    }
  }

  func testSamplingInvertsTheCDF() {
    // Row probabilities 0.1, 0.2, 0.3, 0.4 (log-probabilities as logits).
    let p: [Float] = [0.1, 0.2, 0.3, 0.4]
    let uniforms: [Float] = [0.0, 0.05, 0.15, 0.35, 0.65, 0.999]
    let expected: [Int32] = [0, 0, 1, 2, 3, 3]
    let logits = (0..<uniforms.count).flatMap { _ in p.map { log($0) } }
    var sampled = [Int32](repeating: -1, count: uniforms.count)
    var logP = [Float](repeating: .nan, count: uniforms.count)
    XCTAssertEqual(cnet_categorical_sample(logits, Int64(logits.count), Int32(uniforms.count), 4, uniforms,
                                           Int64(uniforms.count), &sampled, Int64(sampled.count), &logP,
                                           Int64(logP.count)), CNET_OK, lastError())
    XCTAssertEqual(sampled, expected)
    for (l, a) in zip(logP, sampled) { XCTAssertEqual(l, log(p[Int(a)]), accuracy: 1e-5) }
    // A zero-probability action is never picked, even at the end of the CDF.
    let masked: [Float] = [0, 0, -.infinity, -.infinity]
    var one: [Int32] = [-1]
    XCTAssertEqual(cnet_categorical_sample(masked, 4, 1, 4, [0.9999999], 1, &one, 1, nil, 0), CNET_OK)
    XCTAssertEqual(one, [1])
  }

  func testBadInput() {
    let (logits, chosen) = data()
    var out = [Float](repeating: 0, count: batch * actions)
    let n = Int64(batch)
    XCTAssertEqual(cnet_categorical_evaluate(logits, Int64(logits.count), 0, 4, chosen, n, nil, 0, nil, 0, nil, 0,
                                             nil, 0, nil, 0), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_categorical_evaluate(logits, Int64(logits.count), 5, -4, chosen, n, nil, 0, nil, 0, nil, 0,
                                             nil, 0, nil, 0), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_categorical_evaluate(nil, 0, 5, 4, chosen, n, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0),
                   CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_categorical_evaluate(logits, 19, 5, 4, chosen, n, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0),
                   CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertTrue(lastError().contains("logits"), lastError())
    XCTAssertEqual(cnet_categorical_evaluate(logits, 20, 5, 4, chosen, n, &out, 4, nil, 0, nil, 0, nil, 0, nil, 0),
                   CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_categorical_evaluate(logits, 20, 5, 4, chosen, n, nil, 0, nil, 0, nil, 0, nil, 0, &out, 19),
                   CNET_ERROR_BUFFER_TOO_SMALL)
    var badActions = chosen
    badActions[2] = 4
    XCTAssertEqual(cnet_categorical_evaluate(logits, 20, 5, 4, badActions, n, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0),
                   CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(lastError().contains("actions[2]"), lastError())
    var sampled = [Int32](repeating: 0, count: batch)
    XCTAssertEqual(cnet_categorical_sample(logits, 20, 5, 4, [0, 0, 1, 0, 0], 5, &sampled, 5, nil, 0),
                   CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_categorical_sample(logits, 20, 5, 4, [0, 0, 0, 0], 4, &sampled, 5, nil, 0),
                   CNET_ERROR_BUFFER_TOO_SMALL)
  }
}
