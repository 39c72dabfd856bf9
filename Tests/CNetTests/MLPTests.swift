import AllocCounter
import CNet
import XCTest

/// The MLP through the C ABI: layout, forward against a naive reference, gradients against
/// central finite differences, orthogonal initialisation, determinism, no allocation.
final class MLPTests: XCTestCase {
  func testVersionAndLayout() throws {
    XCTAssertEqual(cnet_abi_version(), CNET_ABI_VERSION)
    let mlp = try MLPHarness([5, 4, 3, 2])
    XCTAssertEqual(cnet_mlp_num_sizes(mlp.handle), 4)
    XCTAssertEqual(cnet_mlp_layer_size(mlp.handle, 0), 5)
    XCTAssertEqual(cnet_mlp_layer_size(mlp.handle, 3), 2)
    XCTAssertEqual(cnet_mlp_layer_size(mlp.handle, 4), 0)
    XCTAssertEqual(cnet_mlp_max_batch(mlp.handle), 16)
    XCTAssertEqual(mlp.parameterCount, 5 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2)
    XCTAssertTrue(mlp.gradients.allSatisfy { $0 == 0 })
  }

  /// Naive loops over the documented layout: W (out x in) row-major, then b, layer by layer.
  private func reference(_ mlp: MLPHarness, _ input: [Float], batch: Int, relu: Bool) -> [Double] {
    let p = mlp.parameters.map(Double.init)
    var a = input.map(Double.init), offset = 0
    for l in 0..<(mlp.sizes.count - 1) {
      let inSize = Int(mlp.sizes[l]), outSize = Int(mlp.sizes[l + 1])
      let biasOffset = offset + inSize * outSize
      var z = [Double](repeating: 0, count: batch * outSize)
      for i in 0..<batch {
        for o in 0..<outSize {
          var s = p[biasOffset + o]
          for k in 0..<inSize { s += p[offset + o * inSize + k] * a[i * inSize + k] }
          let hidden = l < mlp.sizes.count - 2
          z[i * outSize + o] = hidden ? (relu ? max(s, 0) : tanh(s)) : s
        }
      }
      a = z
      offset = biasOffset + outSize
    }
    return a
  }

  func testForwardMatchesReference() throws {
    for (activation, relu) in [(CNET_ACTIVATION_TANH, false), (CNET_ACTIVATION_RELU, true)] {
      let mlp = try MLPHarness([6, 8, 7, 3], activation: activation, seed: 3)
      var rng = TestRandom(seed: 11)
      // Nonzero biases so their use is checked too.
      for i in 0..<mlp.parameterCount { mlp.parameters[i] += rng.uniform(-0.1, 0.1) }
      let batch = 5
      let input = rng.floats(batch * 6)
      let got = mlp.forward(input, batch: batch)
      let want = reference(mlp, input, batch: batch, relu: relu)
      for (g, w) in zip(got, want) { XCTAssertEqual(Double(g), w, accuracy: 1e-5) }
    }
  }

  /// Runs `body` once per instruction set this CPU offers for the matrix products, then restores the default.
  private func forEachSimd(_ body: (CNetSimd) throws -> Void) rethrows {
    let original = cnet_simd()
    defer { _ = cnet_set_simd(original) }
    for simd in [CNET_SIMD_BASELINE, CNET_SIMD_AVX2_FMA, CNET_SIMD_AVX512] where cnet_set_simd(simd) == CNET_OK {
      XCTAssertEqual(cnet_simd(), simd)
      try body(simd)
    }
  }

  /// Parameter gradients of L = sum(r ⊙ output) against central differences, on every SIMD path.
  private func checkParameterGradients(_ activation: CNetActivation, step: Float) throws {
    try forEachSimd { simd in try checkParameterGradients(activation, step: step, simd: simd) }
  }

  private func checkParameterGradients(_ activation: CNetActivation, step: Float, simd: CNetSimd) throws {
    let mlp = try MLPHarness([4, 6, 5, 3], activation: activation, seed: 5)
    var rng = TestRandom(seed: 21)
    for i in 0..<mlp.parameterCount { mlp.parameters[i] += rng.uniform(-0.2, 0.2) }
    let batch = 4
    let input = rng.floats(batch * 4, -2, 2)
    let weights = rng.floats(batch * 3)
    _ = mlp.forward(input, batch: batch)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, weights, Int64(weights.count), nil, 0), CNET_OK, lastError())
    let analytic = mlp.gradients.map(Double.init)
    var numeric = [Double]()
    for i in 0..<mlp.parameterCount {
      let saved = mlp.parameters[i]
      mlp.parameters[i] = saved + step
      let plus = mlp.loss(input, batch: batch, weights: weights)
      mlp.parameters[i] = saved - step
      let minus = mlp.loss(input, batch: batch, weights: weights)
      mlp.parameters[i] = saved
      numeric.append((plus - minus) / (2 * Double(step)))
    }
    assertGradientsMatch(analytic, numeric, "parameter gradients (\(activation), \(simd))")
  }

  func testParameterGradientsTanh() throws { try checkParameterGradients(CNET_ACTIVATION_TANH, step: 1e-2) }

  // ReLU is piecewise linear: a small step rarely crosses a kink, and differences are exact between kinks.
  func testParameterGradientsReLU() throws { try checkParameterGradients(CNET_ACTIVATION_RELU, step: 1e-3) }

  func testInputGradients() throws {
    try forEachSimd { simd in try checkInputGradients(simd) }
  }

  private func checkInputGradients(_ simd: CNetSimd) throws {
    for activation in [CNET_ACTIVATION_TANH, CNET_ACTIVATION_RELU] {
      let mlp = try MLPHarness([5, 7, 2], activation: activation, seed: 9)
      mlp.checkInputGradient("input gradients (\(activation), \(simd))") { weights, dInput in
        cnet_mlp_backward(mlp.handle, weights, Int64(weights.count), &dInput, Int64(dInput.count))
      }
    }
  }

  /// Backward adds to the gradients: two passes give twice one pass; zeroing clears them.
  func testGradientsAccumulateAndZero() throws {
    let mlp = try MLPHarness([3, 4, 2], seed: 2)
    var rng = TestRandom(seed: 4)
    let input = rng.floats(2 * 3), weights = rng.floats(2 * 2)
    _ = mlp.forward(input, batch: 2)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, weights, 4, nil, 0), CNET_OK)
    let once = Array(mlp.gradients)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, weights, 4, nil, 0), CNET_OK)
    for (twice, one) in zip(mlp.gradients, once) { XCTAssertEqual(twice, 2 * one, accuracy: 1e-6) }
    cnet_mlp_zero_gradients(mlp.handle)
    XCTAssertTrue(mlp.gradients.allSatisfy { $0 == 0 })
  }

  /// W Wᵀ = gain² I when out <= in (orthonormal rows), Wᵀ W = gain² I when out >= in; biases 0.
  func testOrthogonalInitialisation() throws {
    let gain: Float = 0.01
    let mlp = try MLPHarness([10, 64, 64, 3], activation: CNET_ACTIVATION_TANH, outputGain: gain, seed: 42)
    var offset = 0
    for l in 0..<3 {
      let inSize = Int(mlp.sizes[l]), outSize = Int(mlp.sizes[l + 1])
      let g = Double(l == 2 ? gain : Float(2).squareRoot())
      let w = (0..<(inSize * outSize)).map { Double(mlp.parameters[offset + $0]) }
      let rowsOrthonormal = outSize <= inSize
      let n = rowsOrthonormal ? outSize : inSize
      for a in 0..<n {
        for b in 0..<n {
          var dot = 0.0
          if rowsOrthonormal {
            for k in 0..<inSize { dot += w[a * inSize + k] * w[b * inSize + k] }
          } else {
            for k in 0..<outSize { dot += w[k * inSize + a] * w[k * inSize + b] }
          }
          XCTAssertEqual(dot, a == b ? g * g : 0, accuracy: 1e-5 * max(1, g * g), "layer \(l) (\(a), \(b))")
        }
      }
      XCTAssertTrue((0..<outSize).allSatisfy { mlp.parameters[offset + inSize * outSize + $0] == 0 })
      offset += inSize * outSize + outSize
    }
  }

  /// Both instruction sets compute the same forward and gradients up to float rounding
  /// (FMA rounds once), on sizes that exercise the blocked kernels' edges.
  func testSimdPathsAgree() throws {
    let mlp = try MLPHarness([37, 64, 53, 5], activation: CNET_ACTIVATION_TANH, outputGain: 1, seed: 8, maxBatch: 70)
    var rng = TestRandom(seed: 3)
    let input = rng.floats(70 * 37), weights = rng.floats(70 * 5)
    var results = [[Float]]()
    forEachSimd { _ in
      cnet_mlp_zero_gradients(mlp.handle)
      let output = mlp.forward(input, batch: 70)
      XCTAssertEqual(cnet_mlp_backward(mlp.handle, weights, Int64(weights.count), nil, 0), CNET_OK)
      results.append(output + Array(mlp.gradients))
    }
    if results.count == 2 {
      for (a, b) in zip(results[0], results[1]) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(a))) }
    } else {
      print("CNet: AVX2+FMA path unavailable here; only the baseline was checked")
    }
    XCTAssertEqual(cnet_set_simd(CNetSimd(rawValue: 9)), CNET_ERROR_INVALID_ARGUMENT)
  }

  func testSameSeedSameParameters() throws {
    let a = try MLPHarness([8, 64, 64, 4], seed: 123)
    let b = try MLPHarness([8, 64, 64, 4], seed: 123)
    let c = try MLPHarness([8, 64, 64, 4], seed: 124)
    XCTAssertEqual(Array(a.parameters), Array(b.parameters))
    XCTAssertNotEqual(Array(a.parameters), Array(c.parameters))
    // Resetting re-draws exactly what creation drew.
    for i in 0..<a.parameterCount { a.parameters[i] = 0 }
    XCTAssertEqual(cnet_mlp_reset_parameters(a.handle, 1, 123), CNET_OK)
    XCTAssertEqual(Array(a.parameters), Array(b.parameters))
  }

  func testForwardAndBackwardDoNotAllocate() throws {
    try forEachSimd { _ in try checkNoAllocation() }
  }

  private func checkNoAllocation() throws {
    let mlp = try MLPHarness([16, 64, 64, 4], seed: 1, maxBatch: 64)
    var rng = TestRandom(seed: 8)
    let input = rng.floats(64 * 16), dOut = rng.floats(64 * 4)
    var output = [Float](repeating: 0, count: 64 * 4), dInput = [Float](repeating: 0, count: 64 * 16)
    var counted: UInt64 = 0
    input.withUnsafeBufferPointer { x in
      dOut.withUnsafeBufferPointer { d in
        output.withUnsafeMutableBufferPointer { y in
          dInput.withUnsafeMutableBufferPointer { dx in
            for pass in 0..<2 {  // the first pass warms up anything lazy outside the library
              if pass == 1 { alloc_counter_start() }
              _ = cnet_mlp_forward(mlp.handle, x.baseAddress, 64 * 16, 64, y.baseAddress, 64 * 4)
              _ = cnet_mlp_backward(mlp.handle, d.baseAddress, 64 * 4, dx.baseAddress, 64 * 16)
              if pass == 1 { counted = alloc_counter_stop() }
            }
          }
        }
      }
    }
    XCTAssertEqual(counted, 0)
  }

  func testBadInputIsAnErrorNotACrash() throws {
    var out: OpaquePointer?
    var message = [CChar](repeating: 0, count: 256)
    let cases: [([Int32], Int32, CNetStatus)] = [
      ([4, 0, 2], 3, CNET_ERROR_INVALID_ARGUMENT), ([4, -1, 2], 3, CNET_ERROR_INVALID_ARGUMENT),
      ([4], 1, CNET_ERROR_INVALID_ARGUMENT), ([4, 2], 2, CNET_ERROR_INVALID_ARGUMENT),  // max_batch 0 below
    ]
    for (index, (sizes, count, expected)) in cases.enumerated() {
      let maxBatch: Int32 = index == 3 ? 0 : 8
      let status = cnet_mlp_create(sizes, count, CNET_ACTIVATION_TANH, 1, 0, maxBatch, &out, &message, message.count)
      XCTAssertEqual(status, expected, "case \(index)")
      XCTAssertNil(out)
      XCTAssertFalse(text(message).isEmpty)
    }
    XCTAssertEqual(cnet_mlp_create(nil, 2, CNET_ACTIVATION_TANH, 1, 0, 8, &out, nil, 0), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_create([2, 2], 2, CNetActivation(rawValue: 7), 1, 0, 8, &out, nil, 0),
                   CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_mlp_create([2, 2], 2, CNET_ACTIVATION_RELU, .nan, 0, 8, &out, nil, 0),
                   CNET_ERROR_INVALID_ARGUMENT)

    let mlp = try MLPHarness([3, 4, 2], maxBatch: 4)
    var output = [Float](repeating: 0, count: 8)
    let input = [Float](repeating: 0.5, count: 12)
    // Backward before any forward.
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, output, 8, nil, 0), CNET_ERROR_INVALID_STATE)
    XCTAssertTrue(lastError().contains("forward"), lastError())
    XCTAssertEqual(cnet_mlp_forward(nil, input, 12, 4, &output, 8), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, nil, 12, 4, &output, 8), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 11, 4, &output, 8), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertTrue(lastError().contains("input"), lastError())
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 12, 4, &output, 7), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 12, 5, &output, 8), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 12, 0, &output, 8), CNET_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 12, 4, &output, 8), CNET_OK)
    var dInput = [Float](repeating: 0, count: 12)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, output, 7, nil, 0), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, output, 8, &dInput, 11), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_mlp_backward(mlp.handle, nil, 8, nil, 0), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_reset_parameters(nil, 1, 0), CNET_ERROR_NULL_POINTER)
    // NULL handles are harmless in the accessors.
    XCTAssertEqual(cnet_mlp_parameter_count(nil), 0)
    XCTAssertNil(cnet_mlp_parameters(nil))
    cnet_mlp_zero_gradients(nil)
    cnet_mlp_destroy(nil)
    XCTAssertEqual(String(cString: cnet_status_name(CNET_ERROR_BUFFER_TOO_SMALL)), "buffer too small")
  }
}
