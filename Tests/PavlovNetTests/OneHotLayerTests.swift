import GradientCheck
import PavlovNet
import XCTest

/// The one-hot first layer against a direct computation and finite differences.
final class OneHotLayerTests: XCTestCase {
  private let categories = 9, features = 3, width = 5

  private func reference(_ layer: OneHotLayer, _ indices: [Int32], rows: Int) -> [Float] {
    let p = layer.parameters, bias = categories * width
    var out = [Float](repeating: 0, count: rows * width)
    for i in 0..<rows {
      for o in 0..<width {
        var z = p[bias + o]
        for j in 0..<features { z += p[Int(indices[i * features + j]) * width + o] }
        out[i * width + o] = Float(Foundation.tanh(Double(z)))
      }
    }
    return out
  }

  func testForwardMatchesTheDenseDefinition() throws {
    let layer = try OneHotLayer(categoryCount: categories, featureCount: features, outputSize: width, seed: 3,
                                maxBatchSize: 4)
    for k in (categories * width)..<layer.parameterCount { layer.parameters[k] = Float(k % 7) * 0.1 - 0.3 }
    let indices: [Int32] = [0, 4, 8, 2, 2, 6]  // a repeated index counts twice
    let output = try indices.withUnsafeBufferPointer { Array(try layer.forward($0, batchSize: 2)) }
    let expected = reference(layer, indices, rows: 2)
    for (a, b) in zip(output, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
  }

  /// Width 5 takes the generic loops, 32 the fixed-width kernels (which sum runs of samples that
  /// share an index before writing: samples 0 and 1 share index 1, samples 1 and 2 index 3).
  func testGradientsMatchFiniteDifferences() throws {
    for width in [5, 32] { try checkGradients(width: width) }
  }

  private func checkGradients(width: Int) throws {
    let layer = try OneHotLayer(categoryCount: categories, featureCount: features, outputSize: width, seed: 4,
                                maxBatchSize: 4)
    let indices: [Int32] = [1, 3, 7, 1, 3, 8, 0, 3, 6]
    let weights: [Float] = (0..<(3 * width)).map { Float($0 % 5) * 0.4 - 0.8 }
    func loss() throws -> Double {
      let y = try indices.withUnsafeBufferPointer { Array(try layer.forward($0, batchSize: 3)) }
      return zip(y, weights).reduce(0) { $0 + Double($1.0 * $1.1) }
    }
    _ = try loss()
    layer.zeroGradients()
    try weights.withUnsafeBufferPointer { try layer.backward($0) }
    XCTAssertEqual(try finiteDifferenceMismatches(Array(layer.gradients), of: loss, in: layer.parameters,
                                                  indices: 0..<layer.parameterCount), [], "width \(width)")
  }

  func testOutOfRangeIndexIsRejected() throws {
    let layer = try OneHotLayer(categoryCount: categories, featureCount: features, outputSize: width)
    let bad: [Int32] = [0, 1, Int32(categories)]
    XCTAssertThrowsError(try bad.withUnsafeBufferPointer { _ = try layer.forward($0, batchSize: 1) }) { error in
      guard case LearnError.invalidArgument(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("indices[0, 2] = 9"), message)
    }
    XCTAssertThrowsError(try [Float](repeating: 0, count: width).withUnsafeBufferPointer {
      try OneHotLayer(categoryCount: 2, featureCount: 1, outputSize: width).backward($0)
    })
  }
}
