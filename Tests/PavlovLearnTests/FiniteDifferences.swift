import XCTest

/// Checks each `gradients[k]` (k in `indices`) against the central difference of `loss` when
/// `parameters[k]` moves by ±`step`.
func assertMatchesFiniteDifferences(_ gradients: [Float], of loss: () throws -> Double,
                                    in parameters: UnsafeMutableBufferPointer<Float>, indices: Range<Int>,
                                    step: Float = 1e-2, accuracy: Double = 2e-3, _ label: String,
                                    file: StaticString = #filePath, line: UInt = #line) rethrows
{
  for k in indices {
    let saved = parameters[k]
    parameters[k] = saved + step
    let up = try loss()
    parameters[k] = saved - step
    let down = try loss()
    parameters[k] = saved
    XCTAssertEqual(Double(gradients[k]), (up - down) / Double(2 * step), accuracy: accuracy, "\(label), parameter \(k)",
                   file: file, line: line)
  }
}
