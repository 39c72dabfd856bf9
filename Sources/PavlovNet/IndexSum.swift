internal import CNet

/// Sums of selected inputs, `output[i, o] = Σ_k input[i, index[o, k]]`, and their transpose (the
/// gradient), on CNet's kernels: the word-letter policy head, where a word's logit is the sum of
/// its five (position, letter) scores.
package enum IndexSum {
  /// `input` is rows × `inputWidth`; `index` is outputs × `perOutput`; writes rows × outputs.
  package static func forward(_ input: UnsafeBufferPointer<Float>, rows: Int, inputWidth: Int,
                      index: UnsafeBufferPointer<Int32>, perOutput: Int,
                      into output: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    try check(cnet_index_sum_forward(
      input.baseAddress, Int64(input.count), Int32(rows), Int32(inputWidth), index.baseAddress, Int64(index.count),
      Int32(index.count / perOutput), Int32(perOutput), output.baseAddress, Int64(output.count)))
  }

  /// Writes `inputGradient` (rows × `inputWidth`) from `outputGradient` (rows × outputs).
  package static func backward(_ outputGradient: UnsafeBufferPointer<Float>, rows: Int, index: UnsafeBufferPointer<Int32>,
                       perOutput: Int, inputWidth: Int,
                       into inputGradient: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    try check(cnet_index_sum_backward(
      outputGradient.baseAddress, Int64(outputGradient.count), Int32(rows), Int32(index.count / perOutput),
      index.baseAddress, Int64(index.count), Int32(perOutput), Int32(inputWidth), inputGradient.baseAddress,
      Int64(inputGradient.count)))
  }
}
