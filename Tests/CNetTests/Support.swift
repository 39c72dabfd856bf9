import CNet
import XCTest

/// A tiny deterministic generator for test data (SplitMix64), independent of the library's own.
struct TestRandom {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
  /// Uniform in [low, high).
  mutating func uniform(_ low: Double, _ high: Double) -> Float { Float(low + (high - low) * unit()) }
  mutating func floats(_ count: Int, _ low: Double = -1, _ high: Double = 1) -> [Float] {
    (0..<count).map { _ in uniform(low, high) }
  }
}

/// Owns a CNetMLP for one test; fails the test with the library's message if creation fails.
final class MLPHarness {
  let handle: OpaquePointer
  let sizes: [Int32]
  init(_ sizes: [Int32], activation: CNetActivation = CNET_ACTIVATION_TANH, outputGain: Float = 1,
       seed: UInt64 = 1, maxBatch: Int32 = 16) throws
  {
    var created: OpaquePointer?
    var message = [CChar](repeating: 0, count: 512)
    let status = cnet_mlp_create(sizes, Int32(sizes.count), activation, outputGain, seed, maxBatch, &created,
                                 &message, message.count)
    guard status == CNET_OK, let created else {
      throw NSError(domain: "CNet", code: Int(status.rawValue),
                    userInfo: [NSLocalizedDescriptionKey: text(message)])
    }
    handle = created
    self.sizes = sizes
  }
  deinit { cnet_mlp_destroy(handle) }

  var inputSize: Int { Int(sizes.first!) }
  var outputSize: Int { Int(sizes.last!) }
  var parameterCount: Int { Int(cnet_mlp_parameter_count(handle)) }
  var parameters: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: cnet_mlp_parameters(handle), count: parameterCount)
  }
  var gradients: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: cnet_mlp_gradients(handle), count: parameterCount)
  }

  func forward(_ input: [Float], batch: Int) -> [Float] {
    var output = [Float](repeating: .nan, count: batch * outputSize)
    let status = cnet_mlp_forward(handle, input, Int64(input.count), Int32(batch), &output, Int64(output.count))
    XCTAssertEqual(status, CNET_OK, String(cString: cnet_last_error()))
    return output
  }

  /// Weighted sum of the outputs, in double: the scalar loss whose gradient backward computes.
  func loss(_ input: [Float], batch: Int, weights: [Float]) -> Double {
    zip(forward(input, batch: batch), weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
  }

  /// Checks an input-gradient backward (`backward(weights, dInput)` after a forward) against
  /// central differences, for a batch of 3 random inputs.
  func checkInputGradient(_ what: String, file: StaticString = #filePath, line: UInt = #line,
                          backward: (_ weights: [Float], _ dInput: inout [Float]) -> CNetStatus)
  {
    var rng = TestRandom(seed: 31)
    let batch = 3
    let input = rng.floats(batch * inputSize, -2, 2)
    let weights = rng.floats(batch * outputSize)
    _ = forward(input, batch: batch)
    var dInput = [Float](repeating: .nan, count: batch * inputSize)
    XCTAssertEqual(backward(weights, &dInput), CNET_OK, String(cString: cnet_last_error()), file: file, line: line)
    let numeric = numericInputGradient(input, batch: batch, weights: weights)
    assertGradientsMatch(dInput.map(Double.init), numeric, what, file: file, line: line)
  }

  /// The loss's gradient with respect to the input by central differences (step 1e-3).
  func numericInputGradient(_ input: [Float], batch: Int, weights: [Float]) -> [Double] {
    var input = input
    let step: Float = 1e-3
    return (0..<input.count).map { i in
      let saved = input[i]
      input[i] = saved + step
      let plus = loss(input, batch: batch, weights: weights)
      input[i] = saved - step
      let minus = loss(input, batch: batch, weights: weights)
      input[i] = saved
      return (plus - minus) / (2 * Double(step))
    }
  }
}

/// Asserts analytic and numeric gradients agree entry by entry: |a - n| <= rel * max(|a|, |n|) + abs.
func assertGradientsMatch(_ analytic: [Double], _ numeric: [Double], relative: Double = 1e-2, absolute: Double = 1e-3,
                          _ what: String, file: StaticString = #filePath, line: UInt = #line)
{
  XCTAssertEqual(analytic.count, numeric.count, file: file, line: line)
  var worst = 0.0, worstIndex = -1
  for (i, (a, n)) in zip(analytic, numeric).enumerated() {
    let excess = abs(a - n) - (relative * max(abs(a), abs(n)) + absolute)
    if excess > worst { worst = excess; worstIndex = i }
  }
  if worstIndex >= 0 {
    XCTFail("\(what): entry \(worstIndex) analytic \(analytic[worstIndex]) vs numeric \(numeric[worstIndex])",
            file: file, line: line)
  }
  // The check must not be vacuous: most entries should be clearly nonzero.
  let nonzero = analytic.filter { abs($0) > 10 * absolute }.count
  XCTAssertGreaterThan(nonzero, analytic.count / 4, "\(what): too few nonzero gradients to be a real check",
                       file: file, line: line)
}

func lastError() -> String { String(cString: cnet_last_error()) }

/// The NUL-terminated text in a C character buffer.
func text(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
