import CNet
import XCTest

/// The diagonal-Gaussian head against the closed form, its gradients against central
/// differences, and reparameterised sampling from caller-supplied normals.
final class GaussianTests: XCTestCase {
  private let batch = 4, dim = 3

  private func closedForm(_ mean: [Float], _ logStd: [Float], _ actions: [Float], _ i: Int) -> (Double, Double) {
    var logP = 0.0, entropy = 0.0
    for k in 0..<dim {
      let sigma = exp(Double(logStd[k])), x = Double(actions[i * dim + k]), mu = Double(mean[i * dim + k])
      logP += -0.5 * pow((x - mu) / sigma, 2) - log(sigma) - 0.5 * log(2 * Double.pi)
      entropy += 0.5 * log(2 * Double.pi * M_E * sigma * sigma)
    }
    return (logP, entropy)
  }

  private func data() -> (mean: [Float], logStd: [Float], actions: [Float]) {
    var rng = TestRandom(seed: 99)
    return (rng.floats(batch * dim), rng.floats(dim, -1, 0.5), rng.floats(batch * dim, -2, 2))
  }

  func testLogProbAndEntropyMatchClosedForm() {
    let (mean, logStd, actions) = data()
    var logP = [Float](repeating: .nan, count: batch), entropy = logP
    XCTAssertEqual(cnet_gaussian_evaluate(mean, Int64(mean.count), Int32(batch), Int32(dim), logStd, Int64(dim),
                                          actions, Int64(actions.count), &logP, Int64(batch), &entropy,
                                          Int64(batch), nil, 0, nil, 0, nil, 0, nil, 0), CNET_OK, lastError())
    for i in 0..<batch {
      let (wantLogP, wantEntropy) = closedForm(mean, logStd, actions, i)
      XCTAssertEqual(Double(logP[i]), wantLogP, accuracy: 1e-5)
      XCTAssertEqual(Double(entropy[i]), wantEntropy, accuracy: 1e-5)
    }
  }

  func testGradientsMatchFiniteDifferences() {
    var (mean, logStd, actions) = data()
    var rng = TestRandom(seed: 6)
    let w1 = rng.floats(batch, -2, 2), w2 = rng.floats(batch, -2, 2)
    var dMean = [Float](repeating: .nan, count: batch * dim)
    var dLogStd: [Float] = [0.5, 0.5, 0.5]  // d_log_std accumulates: start from a known offset
    XCTAssertEqual(cnet_gaussian_evaluate(mean, Int64(mean.count), Int32(batch), Int32(dim), logStd, Int64(dim),
                                          actions, Int64(actions.count), nil, 0, nil, 0, w1, Int64(batch), w2,
                                          Int64(batch), &dMean, Int64(dMean.count), &dLogStd, Int64(dim)),
                   CNET_OK, lastError())
    func objective() -> Double {
      (0..<batch).reduce(0.0) { sum, i in
        let (logP, entropy) = closedForm(mean, logStd, actions, i)
        return sum + Double(w1[i]) * logP + Double(w2[i]) * entropy
      }
    }
    let step: Float = 1e-3
    func central(_ nudge: (Float) -> Void) -> Double {
      nudge(step)
      let plus = objective()
      nudge(-2 * step)
      let minus = objective()
      nudge(step)
      return (plus - minus) / (2 * Double(step))
    }
    let numericMean = (0..<mean.count).map { j in central { mean[j] += $0 } }
    let numericLogStd = (0..<dim).map { k in central { logStd[k] += $0 } }
    assertGradientsMatch(dMean.map(Double.init), numericMean, relative: 1e-3, absolute: 1e-3, "gaussian d_mean")
    assertGradientsMatch(dLogStd.map { Double($0) - 0.5 }, numericLogStd, relative: 1e-3, absolute: 1e-3,
                         "gaussian d_log_std")
  }

  func testSamplingIsMeanPlusStdTimesNormal() {
    let (mean, logStd, _) = data()
    var rng = TestRandom(seed: 12)
    let normals = rng.floats(batch * dim, -2, 2)
    var actions = [Float](repeating: .nan, count: batch * dim), logP = [Float](repeating: .nan, count: batch)
    XCTAssertEqual(cnet_gaussian_sample(mean, Int64(mean.count), Int32(batch), Int32(dim), logStd, Int64(dim), normals,
                                        Int64(normals.count), &actions, Int64(actions.count), &logP, Int64(batch)),
                   CNET_OK, lastError())
    for i in 0..<batch {
      for k in 0..<dim {
        XCTAssertEqual(actions[i * dim + k], mean[i * dim + k] + exp(logStd[k]) * normals[i * dim + k], accuracy: 1e-5)
      }
      XCTAssertEqual(Double(logP[i]), closedForm(mean, logStd, actions, i).0, accuracy: 1e-4)
    }
  }

  func testBadInput() {
    let (mean, logStd, actions) = data()
    var out = [Float](repeating: 0, count: batch * dim)
    XCTAssertEqual(cnet_gaussian_evaluate(mean, 12, 4, 0, logStd, 3, actions, 12, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0,
                                          nil, 0), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_gaussian_evaluate(mean, 12, 4, 3, nil, 3, actions, 12, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0,
                                          nil, 0), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_gaussian_evaluate(mean, 12, 4, 3, logStd, 2, actions, 12, nil, 0, nil, 0, nil, 0, nil, 0, nil, 0,
                                          nil, 0), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertTrue(lastError().contains("log_std"), lastError())
    XCTAssertEqual(cnet_gaussian_evaluate(mean, 12, 4, 3, logStd, 3, actions, 12, nil, 0, nil, 0, nil, 0, nil, 0, &out,
                                          11, nil, 0), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_gaussian_sample(mean, 12, 4, 3, logStd, 3, actions, 11, &out, 12, nil, 0),
                   CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_gaussian_sample(mean, 12, 4, 3, logStd, 3, actions, 12, nil, 12, nil, 0),
                   CNET_ERROR_NULL_POINTER)
  }
}
