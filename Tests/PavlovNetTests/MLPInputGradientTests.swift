import PavlovNet
import XCTest

/// `MLP.backpropagateToInput`: `backward`'s input gradient, bit for bit, with the parameter
/// gradients left alone; short buffers and a missing forward are errors.
final class MLPInputGradientTests: XCTestCase {
  func testEqualsBackwardsInputGradientAndLeavesGradientsAlone() throws {
    let mlp = try MLP(layerSizes: [7, 32, 32, 1], activation: .relu, seed: 3, maxBatchSize: 20)
    let batch = 20
    let input = (0..<(batch * 7)).map { Float(sin(Double($0) * 0.37)) }
    let dOutput = (0..<batch).map { Float(cos(Double($0) * 0.91)) }
    _ = try mlp.forward(input, batchSize: batch)
    var full = [Float](repeating: .nan, count: batch * 7), only = full
    try dOutput.withUnsafeBufferPointer { d in
      try full.withUnsafeMutableBufferPointer { try mlp.backward(d, inputGradient: $0) }
      let gradients = Array(mlp.gradients)
      try only.withUnsafeMutableBufferPointer { try mlp.backpropagateToInput(d, into: $0) }
      XCTAssertEqual(Array(mlp.gradients), gradients)
    }
    XCTAssertEqual(only.map(\.bitPattern), full.map(\.bitPattern))
    XCTAssertTrue(only.contains { $0 != 0 })
  }

  func testBadBuffersThrow() throws {
    let mlp = try MLP(layerSizes: [3, 4, 2], maxBatchSize: 2)
    var dInput = [Float](repeating: 0, count: 6)
    let dOutput = [Float](repeating: 1, count: 4)
    XCTAssertThrowsError(try dOutput.withUnsafeBufferPointer { d in
      try dInput.withUnsafeMutableBufferPointer { try mlp.backpropagateToInput(d, into: $0) }
    }) { error in
      guard case LearnError.invalidState = error else { return XCTFail("\(error)") }
    }
    _ = try mlp.forward([Float](repeating: 0.5, count: 6), batchSize: 2)
    var short = [Float](repeating: 0, count: 5)
    XCTAssertThrowsError(try dOutput.withUnsafeBufferPointer { d in
      try short.withUnsafeMutableBufferPointer { try mlp.backpropagateToInput(d, into: $0) }
    }) { error in
      guard case LearnError.bufferTooSmall(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("d_input"), message)
    }
  }
}
