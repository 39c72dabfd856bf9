import AllocCounter
import CNet
import XCTest

/// `cnet_mlp_backward_input`: the input gradient of the full backward, bit for bit, against
/// finite differences, without touching the parameter gradients; no allocation; bad input refused.
final class MLPInputBackwardTests: XCTestCase {
  /// Runs `body` once per instruction set this CPU offers for the matrix products, then restores the default.
  private func forEachSimd(_ body: (CNetSimd) throws -> Void) rethrows {
    let original = cnet_simd()
    defer { _ = cnet_set_simd(original) }
    for simd in [CNET_SIMD_BASELINE, CNET_SIMD_AVX2_FMA, CNET_SIMD_AVX512] where cnet_set_simd(simd) == CNET_OK {
      try body(simd)
    }
  }

  /// Sizes that reach the blocked kernels' edges, and SAC's critic shape ([obs, action] → 1, ReLU).
  func testInputGradientEqualsFullBackwardsBitForBitAndLeavesGradientsAlone() throws {
    let shapes: [([Int32], CNetActivation, Int)] = [
      ([37, 64, 53, 5], CNET_ACTIVATION_TANH, 70), ([43, 96, 96, 1], CNET_ACTIVATION_RELU, 67),
      ([6, 9, 3], CNET_ACTIVATION_IDENTITY, 5),
    ]
    try forEachSimd { simd in
      for (sizes, activation, batch) in shapes {
        let mlp = try MLPHarness(sizes, activation: activation, seed: 7, maxBatch: Int32(batch))
        var rng = TestRandom(seed: 13)
        for i in 0..<mlp.parameterCount { mlp.parameters[i] += rng.uniform(-0.1, 0.1) }
        let input = rng.floats(batch * mlp.inputSize, -2, 2), dOutput = rng.floats(batch * mlp.outputSize)
        _ = mlp.forward(input, batch: batch)
        var full = [Float](repeating: .nan, count: input.count), only = full
        XCTAssertEqual(cnet_mlp_backward(mlp.handle, dOutput, Int64(dOutput.count), &full, Int64(full.count)), CNET_OK,
                       lastError())
        // A pattern in the gradients that the input-only pass must leave as it is.
        for i in 0..<mlp.parameterCount { mlp.gradients[i] = Float(i % 17) - 8 }
        let before = Array(mlp.gradients)
        XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, dOutput, Int64(dOutput.count), &only, Int64(only.count)),
                       CNET_OK, lastError())
        let what = "\(sizes) \(activation) \(simd)"
        XCTAssertEqual(only.map(\.bitPattern), full.map(\.bitPattern), what)
        XCTAssertTrue(full.contains { $0 != 0 }, what)
        XCTAssertEqual(Array(mlp.gradients), before, what)
      }
    }
  }

  func testInputGradientMatchesFiniteDifferences() throws {
    try forEachSimd { simd in
      for activation in [CNET_ACTIVATION_TANH, CNET_ACTIVATION_RELU] {
        let mlp = try MLPHarness([5, 7, 6, 2], activation: activation, seed: 9)
        mlp.checkInputGradient("input gradients (\(activation), \(simd))") { weights, dInput in
          cnet_mlp_backward_input(mlp.handle, weights, Int64(weights.count), &dInput, Int64(dInput.count))
        }
      }
    }
  }

  func testDoesNotAllocate() throws {
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
              _ = cnet_mlp_forward(mlp.handle, x.baseAddress, 64 * 16, 64, y.baseAddress, 64 * 4)
              if pass == 1 { alloc_counter_start() }
              _ = cnet_mlp_backward_input(mlp.handle, d.baseAddress, 64 * 4, dx.baseAddress, 64 * 16)
              if pass == 1 { counted = alloc_counter_stop() }
            }
          }
        }
      }
    }
    XCTAssertEqual(counted, 0)
  }

  func testBadInputIsAnErrorNotACrash() throws {
    let mlp = try MLPHarness([3, 4, 2], maxBatch: 4)
    var output = [Float](repeating: 0, count: 8), dInput = [Float](repeating: 0, count: 12)
    let input = [Float](repeating: 0.5, count: 12)
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, output, 8, &dInput, 12), CNET_ERROR_INVALID_STATE)
    XCTAssertTrue(lastError().contains("forward"), lastError())
    XCTAssertEqual(cnet_mlp_forward(mlp.handle, input, 12, 4, &output, 8), CNET_OK)
    // d_input is the whole point of this pass: required, unlike cnet_mlp_backward's.
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, output, 8, nil, 0), CNET_ERROR_NULL_POINTER)
    XCTAssertTrue(lastError().contains("d_input"), lastError())
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, output, 8, &dInput, 11), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, output, 7, &dInput, 12), CNET_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, nil, 8, &dInput, 12), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_backward_input(nil, output, 8, &dInput, 12), CNET_ERROR_NULL_POINTER)
    XCTAssertEqual(cnet_mlp_backward_input(mlp.handle, output, 8, &dInput, 12), CNET_OK, lastError())
  }
}
