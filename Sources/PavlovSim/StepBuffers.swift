/// Where one reset or step writes its results: non-owning views of caller memory.
///
/// The core writes straight into these, so a rollout buffer can hand the views of its
/// slot for time `t` and skip a copy. Lengths must cover the whole batch
/// (`count` envs, env-major); the core checks them and throws `bufferTooSmall`.
/// The memory must stay alive and unaliased for the duration of each call.
public struct StepBuffers {
  /// (count x observationByteCount) bytes, read as `EnvSpec.observationType`.
  public var observations: UnsafeMutableRawBufferPointer
  /// (count) per-step environment rewards.
  public var rewards: UnsafeMutableBufferPointer<Float>
  /// (count) 1 where the task ended the episode (goal, death).
  public var terminated: UnsafeMutableBufferPointer<UInt8>
  /// (count) 1 where the step limit (or a fault) cut the episode.
  public var truncated: UnsafeMutableBufferPointer<UInt8>
  /// (count x observationByteCount), written only for envs whose episode ended this step,
  /// before the autoreset replaced their row in `observations`. Nil to skip the copy.
  public var finalObservations: UnsafeMutableRawBufferPointer?
  /// (count x infoWidth) privileged info: for teachers and analyses, never for policies.
  /// Nil to skip it.
  public var info: UnsafeMutableBufferPointer<Float>?
  /// (count x infoWidth), written only for envs whose episode ended this step: the info of
  /// the first observation of their next episode (`info` keeps the ending step's). Nil to skip.
  public var resetInfo: UnsafeMutableBufferPointer<Float>?

  public init(
    observations: UnsafeMutableRawBufferPointer, rewards: UnsafeMutableBufferPointer<Float>,
    terminated: UnsafeMutableBufferPointer<UInt8>, truncated: UnsafeMutableBufferPointer<UInt8>,
    finalObservations: UnsafeMutableRawBufferPointer? = nil,
    info: UnsafeMutableBufferPointer<Float>? = nil,
    resetInfo: UnsafeMutableBufferPointer<Float>? = nil
  ) {
    self.observations = observations
    self.rewards = rewards
    self.terminated = terminated
    self.truncated = truncated
    self.finalObservations = finalObservations
    self.info = info
    self.resetInfo = resetInfo
  }
}
