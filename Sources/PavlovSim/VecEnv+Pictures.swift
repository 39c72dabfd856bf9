internal import CSim

/// RGB pictures of environments that have them (the robot arm): a fixed camera, rendered by the
/// core on its worker threads, never during a step. A person's view: it shows the goal even for
/// goal-hidden ids.
extension VecEnv {
  /// Renders envs `envs` as `envs.count x height x width x 3` bytes of RGB (row-major, top row
  /// first) into `pixels`. Sides from 16 to 512 (64 to 224 are the usual ones).
  public func renderRGB(of envs: Range<Int>, width: Int, height: Int, into pixels: UnsafeMutableBufferPointer<UInt8>)
    throws
  {
    guard let begin = Int32(exactly: envs.lowerBound), let end = Int32(exactly: envs.upperBound),
      let w = Int32(exactly: width), let h = Int32(exactly: height)
    else {
      throw SimulationError.invalidArgument("envs \(envs) or size \(width)x\(height) is out of range")
    }
    try check(csim_vec_env_render_rgb(handle, begin, end, w, h, pixels.baseAddress, Int64(pixels.count)))
  }

  /// Renders envs `envs` and returns `envs.count x height x width x 3` bytes of RGB.
  public func renderRGB(of envs: Range<Int>, width: Int, height: Int) throws -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: max(0, envs.count) * width * height * 3)
    try pixels.withUnsafeMutableBufferPointer { try renderRGB(of: envs, width: width, height: height, into: $0) }
    return pixels
  }
}
