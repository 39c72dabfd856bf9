internal import CSim

/// Privileged helpers of environments with physics and scripted experts (the robot arm):
/// the expert's actions and the count of physics faults. Neither is a policy's input.
extension VecEnv {
  /// Writes the scripted expert's action for every env, `count x dimension` floats, env-major,
  /// computed from each env's true state (MetaWorld's scripted policies, in C; the web tasks'
  /// experts, whose discrete actions come as indices in floats). Needs a reset first; throws
  /// for environments without an expert or a buffer that is too short.
  public func expertActions(into actions: UnsafeMutableBufferPointer<Float>) throws {
    try check(csim_vec_env_expert_actions(handle, actions.baseAddress, Int64(actions.count)))
  }

  /// The scripted expert's action for every env, `count x dimension` floats, env-major.
  public func expertActions() throws -> [Float] {
    var actions = [Float](repeating: 0, count: count * spec.actionSpace.width)
    try actions.withUnsafeMutableBufferPointer { try expertActions(into: $0) }
    return actions
  }

  /// Physics faults (NaN state, a body flung away) detected since creation, over the batch.
  /// Each truncated its env's episode, which then reset; no NaN reached an observation.
  public var faultCount: Int { Int(csim_vec_env_fault_count(handle)) }
}
