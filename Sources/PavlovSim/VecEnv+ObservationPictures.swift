internal import CSim

/// Pictures of stored observations: what a vision judge is shown. The scene is posed from the
/// observation alone, so the picture shows nothing the observation does not (no goal marker for
/// a goal-hidden id), and no env's state is read or changed.
extension VecEnv {
  /// Draws one stored observation (`spec.observationByteCount` bytes, e.g. from a label store)
  /// as `height x width x 3` RGB bytes, row-major, top row first. Sides from 16 to 512; no
  /// reset needed. Throws for an observation no env could have written, and for environments
  /// that cannot draw one (`spec.frameSide` is nil for them).
  public func renderRGB<T>(observation: [T], width: Int, height: Int) throws -> [UInt8] {
    guard let w = Int32(exactly: width), let h = Int32(exactly: height) else {
      throw SimulationError.invalidArgument("size \(width)x\(height) is out of range")
    }
    let needed = spec.observationByteCount
    return try observation.withUnsafeBytes { raw in
      guard raw.count >= needed, let base = raw.baseAddress else {
        throw SimulationError.bufferTooSmall(
          "observation has \(raw.count) bytes; one \(spec.id) observation needs \(needed)")
      }
      var pixels = [UInt8](repeating: 0, count: max(0, width) * max(0, height) * 3)
      try pixels.withUnsafeMutableBufferPointer {
        try check(csim_vec_env_render_observation_rgb(handle, base, w, h, $0.baseAddress, Int64($0.count)))
      }
      return pixels
    }
  }
}

extension EnvSpec {
  /// The side in pixels of the pictures of stored observations a judge is shown by default
  /// (the "frame_size" hint); nil where the environment cannot draw stored observations.
  public var frameSide: Int? { learnerHints["frame_size"].flatMap { Int($0) } }
}
