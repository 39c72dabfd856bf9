import PavlovNet
import XCTest

/// Sums of selected inputs (the word-letter head's kernels) against a direct computation.
final class IndexSumTests: XCTestCase {
  private let width = 7
  // Four outputs of three slots; input 2 is read twice by output 1 and by others, input 6 never.
  private let index: [Int32] = [0, 1, 2, 2, 2, 5, 3, 4, 0, 5, 5, 1]
  private let input: [Float] = (0..<14).map { Float($0 % 5) * 0.7 - 1.1 }  // two rows

  func testForwardSumsTheSelectedInputs() throws {
    for perOutput in [3, 5] {  // 5 takes the unrolled path
      let index = perOutput == 3 ? self.index : self.index + [6, 0, 1, 3, 3, 4, 4, 2]
      let outputs = index.count / perOutput
      var output = [Float](repeating: .nan, count: 2 * outputs)
      try input.withUnsafeBufferPointer { x in
        try index.withUnsafeBufferPointer { i in
          try output.withUnsafeMutableBufferPointer {
            try IndexSum.forward(x, rows: 2, inputWidth: width, index: i, perOutput: perOutput, into: $0)
          }
        }
      }
      for row in 0..<2 {
        for o in 0..<outputs {
          let expected = (0..<perOutput).reduce(Float(0)) { $0 + input[row * width + Int(index[o * perOutput + $1])] }
          XCTAssertEqual(output[row * outputs + o], expected, accuracy: 1e-5, "per \(perOutput), row \(row), output \(o)")
        }
      }
    }
  }

  /// The backward pass is the transpose: Σ dOut·out = Σ dIn·in for every input and dOut.
  func testBackwardIsTheTranspose() throws {
    let outputs = index.count / 3
    let dOut: [Float] = (0..<(2 * outputs)).map { Float($0 % 3) - 0.5 }
    var dIn = [Float](repeating: .nan, count: 2 * width)
    try dOut.withUnsafeBufferPointer { g in
      try index.withUnsafeBufferPointer { i in
        try dIn.withUnsafeMutableBufferPointer {
          try IndexSum.backward(g, rows: 2, index: i, perOutput: 3, inputWidth: width, into: $0)
        }
      }
    }
    for row in 0..<2 {
      for j in 0..<width {
        var expected: Float = 0
        for (k, target) in index.enumerated() where Int(target) == j { expected += dOut[row * outputs + k / 3] }
        XCTAssertEqual(dIn[row * width + j], expected, accuracy: 1e-5, "row \(row), input \(j)")
      }
    }
    XCTAssertEqual(dIn[6], 0, "an input no output reads gets zero, not what was there")
  }

  func testAnIndexOutsideTheInputIsRefusedNamingIt() {
    let bad: [Int32] = [0, 1, 7]
    var output = [Float](repeating: 0, count: 2)
    XCTAssertThrowsError(try input.withUnsafeBufferPointer { x in
      try bad.withUnsafeBufferPointer { i in
        try output.withUnsafeMutableBufferPointer {
          try IndexSum.forward(x, rows: 2, inputWidth: width, index: i, perOutput: 3, into: $0)
        }
      }
    }) { error in
      XCTAssertTrue("\(error)".contains("index[0, 2] = 7"), "\(error)")
    }
  }
}
