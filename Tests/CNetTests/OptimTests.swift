import CNet
import XCTest

/// Adam against a hand-computed two-step update, and global gradient-norm clipping.
final class OptimTests: XCTestCase {
  func testDefaultsArePyTorchs() {
    var options = CNetAdamOptions()
    cnet_adam_options_default(&options)
    XCTAssertEqual(options.learning_rate, 1e-3)
    XCTAssertEqual(options.beta1, 0.9)
    XCTAssertEqual(options.beta2, 0.999)
    XCTAssertEqual(options.epsilon, 1e-8)
  }

  /// Two steps by hand (torch.optim.Adam's formulas), with lr 0.1 so the moves are visible.
  func testAdamTwoStepsByHand() {
    var options = CNetAdamOptions()
    cnet_adam_options_default(&options)
    options.learning_rate = 0.1
    var parameters: [Float] = [1.0, -2.0, 0.5]
    var m = [Float](repeating: 0, count: 3), v = m
    let gradients: [[Float]] = [[0.5, -1.0, 0.0], [0.1, 2.0, -3.0]]
    var expected = parameters.map(Double.init)
    var em = [Double](repeating: 0, count: 3), ev = em
    for (index, g) in gradients.enumerated() {
      let t = Double(index + 1)
      for i in 0..<3 {
        em[i] = 0.9 * em[i] + 0.1 * Double(g[i])
        ev[i] = 0.999 * ev[i] + 0.001 * Double(g[i]) * Double(g[i])
        let mHat = em[i] / (1 - pow(0.9, t)), vHat = ev[i] / (1 - pow(0.999, t))
        expected[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
      }
      XCTAssertEqual(cnet_adam_step(&parameters, g, &m, &v, 3, Int64(index + 1), &options), CNET_OK, lastError())
    }
    // Step 1 moves every nonzero-gradient entry by lr exactly: 1.0 - 0.1, -2.0 + 0.1; then step 2.
    for i in 0..<3 { XCTAssertEqual(Double(parameters[i]), expected[i], accuracy: 1e-6) }
    XCTAssertEqual(Double(m[1]), em[1], accuracy: 1e-7)
    XCTAssertEqual(Double(v[2]), ev[2], accuracy: 1e-4 * ev[2])  // 1 - β2 is inexact in float
  }

  /// The scaled step equals the plain step on scaled gradients, bit for bit, on every instruction
  /// set (fused multiply-adds are off in the Adam loop), also over a length the vector width does not divide.
  func testScaledAdamMatchesPlainAdamOnScaledGradients() {
    var random = TestRandom(seed: 7)
    let count = 37
    let start = random.floats(count), gradients = random.floats(count, -3, 3)
    var options = CNetAdamOptions()
    cnet_adam_options_default(&options)
    options.learning_rate = 0.01
    options.epsilon = 1e-5
    let scale: Float = 0.37
    var reference = start, rm = random.floats(count, -0.1, 0.1), rv = random.floats(count, 0, 0.2)
    let m0 = rm, v0 = rv
    XCTAssertEqual(cnet_set_simd(CNET_SIMD_BASELINE), CNET_OK)
    XCTAssertEqual(cnet_adam_step(&reference, gradients.map { $0 * scale }, &rm, &rv, Int64(count), 5, &options), CNET_OK)
    let original = cnet_simd()
    defer { _ = cnet_set_simd(original) }
    for simd in [CNET_SIMD_BASELINE, CNET_SIMD_AVX2_FMA, CNET_SIMD_AVX512] where cnet_set_simd(simd) == CNET_OK {
      var parameters = start, m = m0, v = v0
      // In two ranges, as two threads would.
      let status = parameters.withUnsafeMutableBufferPointer { p in
        m.withUnsafeMutableBufferPointer { m in
          v.withUnsafeMutableBufferPointer { v in
            gradients.withUnsafeBufferPointer { g in
              [0..<20, 20..<count].map { r in
                cnet_adam_step_scaled(p.baseAddress! + r.lowerBound, g.baseAddress! + r.lowerBound, scale,
                                      m.baseAddress! + r.lowerBound, v.baseAddress! + r.lowerBound, Int64(r.count), 5,
                                      &options)
              }
            }
          }
        }
      }
      XCTAssertEqual(status, [CNET_OK, CNET_OK], lastError())
      XCTAssertEqual(parameters, reference, "\(simd)")
      XCTAssertEqual(m, rm, "\(simd)")
      XCTAssertEqual(v, rv, "\(simd)")
    }
  }

  func testGradientSumAddsSourcesAndReturnsSquares() {
    var target: [Float] = [1, 2, 3]
    var squares = -1.0
    let a: [Float] = [0.5, 0, -1], b: [Float] = [0, 1, 1]
    let status = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        cnet_gradient_sum(&target, [a.baseAddress, b.baseAddress], 2, 3, &squares)
      }
    }
    XCTAssertEqual(status, CNET_OK, lastError())
    XCTAssertEqual(target, [1.5, 3, 3])
    XCTAssertEqual(squares, 2.25 + 9 + 9)
    XCTAssertEqual(cnet_gradient_sum(&target, nil, 0, 3, &squares), CNET_OK)
    XCTAssertEqual(target, [1.5, 3, 3])
    XCTAssertEqual(cnet_gradient_sum(&target, nil, 1, 3, &squares), CNET_ERROR_NULL_POINTER)
  }

  func testAdamBadInput() {
    var p: [Float] = [1], m: [Float] = [0], v: [Float] = [0]
    XCTAssertEqual(cnet_adam_step(&p, [1], &m, &v, 1, 0, nil), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_adam_step(&p, [1], &m, &v, 0, 1, nil), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_adam_step(&p, nil, &m, &v, 1, 1, nil), CNET_ERROR_NULL_POINTER)
    var options = CNetAdamOptions()
    cnet_adam_options_default(&options)
    options.beta2 = 1
    XCTAssertEqual(cnet_adam_step(&p, [1], &m, &v, 1, 1, &options), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(lastError().contains("beta"), lastError())
    XCTAssertEqual(p, [1])  // nothing moved on failure
  }

  private func clip(_ buffers: inout [[Float]], maxNorm: Float) -> (CNetStatus, Float) {
    var norm: Float = -1
    let lengths = buffers.map { Int64($0.count) }
    var copies = buffers.map { buffer -> UnsafeMutablePointer<Float> in
      let p = UnsafeMutablePointer<Float>.allocate(capacity: max(buffer.count, 1))
      p.initialize(from: buffer, count: buffer.count)
      return p
    }
    defer { copies.forEach { $0.deallocate() } }
    let status = copies.withUnsafeMutableBufferPointer { pointers in
      pointers.withMemoryRebound(to: UnsafeMutablePointer<Float>?.self) {
        cnet_clip_grad_norm($0.baseAddress, lengths, Int32(buffers.count), maxNorm, &norm)
      }
    }
    for k in buffers.indices { buffers[k] = Array(UnsafeBufferPointer(start: copies[k], count: buffers[k].count)) }
    copies = []
    return (status, norm)
  }

  func testClippingScalesOnlyAboveTheLimit() {
    // Norm over both buffers: sqrt(9 + 16 + 144) = 13.
    var buffers: [[Float]] = [[3, 4], [12]]
    var (status, norm) = clip(&buffers, maxNorm: 26)
    XCTAssertEqual(status, CNET_OK)
    XCTAssertEqual(norm, 13, accuracy: 1e-5)
    XCTAssertEqual(buffers, [[3, 4], [12]])  // under the limit: untouched
    (status, norm) = clip(&buffers, maxNorm: 6.5)
    XCTAssertEqual(norm, 13, accuracy: 1e-5)  // the norm before clipping
    let scale = 6.5 / (13 + 1e-6)
    XCTAssertEqual(Double(buffers[0][0]), 3 * scale, accuracy: 1e-5)
    XCTAssertEqual(Double(buffers[0][1]), 4 * scale, accuracy: 1e-5)
    XCTAssertEqual(Double(buffers[1][0]), 12 * scale, accuracy: 1e-5)
    var empty: [[Float]] = [[0, 0], []]
    (status, norm) = clip(&empty, maxNorm: 1)
    XCTAssertEqual(status, CNET_OK)
    XCTAssertEqual(norm, 0)
  }

  func testClippingBadInput() {
    var buffers: [[Float]] = [[1]]
    XCTAssertEqual(clip(&buffers, maxNorm: 0).0, CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(clip(&buffers, maxNorm: .nan).0, CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_clip_grad_norm(nil, [1], 1, 1, nil), CNET_ERROR_NULL_POINTER)
    var none: [UnsafeMutablePointer<Float>?] = [nil]
    XCTAssertEqual(cnet_clip_grad_norm(&none, [1], 1, 1, nil), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_clip_grad_norm(&none, [-1], 1, 1, nil), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_clip_grad_norm(&none, [1], 0, 1, nil), CNET_ERROR_INVALID_ARGUMENT)
  }
}
