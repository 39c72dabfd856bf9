/// The gradients among `gradients[k]` (k in `indices`) that differ by more than `accuracy` from
/// the central difference of `loss` when `parameters[k]` moves by ±`step`, one line each; empty
/// when all agree. Plain Swift, not XCTest, so that every test target can share it:
/// `XCTAssertEqual(try finiteDifferenceMismatches(…), [])` prints the lines that disagree.
public func finiteDifferenceMismatches(_ gradients: [Float], of loss: () throws -> Double,
                                       in parameters: UnsafeMutableBufferPointer<Float>, indices: some Sequence<Int>,
                                       step: Float = 1e-2, accuracy: Double = 2e-3) rethrows -> [String]
{
  var mismatches: [String] = []
  for k in indices {
    let saved = parameters[k]
    parameters[k] = saved + step
    let up = try loss()
    parameters[k] = saved - step
    let down = try loss()
    parameters[k] = saved
    let difference = (up - down) / Double(2 * step)
    if !(abs(Double(gradients[k]) - difference) <= accuracy) {
      mismatches.append("parameter \(k): gradient \(gradients[k]), central difference \(difference)")
    }
  }
  return mismatches
}
