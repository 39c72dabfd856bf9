internal import CSim

extension VecEnv {
  // MARK: Reset

  /// Starts a new episode in every env; results go to `results`.
  public func reset() throws {
    try reset(into: results.buffers)
  }

  /// Starts a new episode in every env, writing first observations (and info, if given)
  /// into caller memory; rewards and flags, if given, are zeroed.
  public func reset(into buffers: StepBuffers) throws {
    var raw = rawBuffers(buffers)
    try check(csim_vec_env_reset(handle, &raw))
  }

  // MARK: Discrete actions

  /// Steps every env with one action each (`count` values); results go to `results`.
  /// An invalid action throws `invalidAction` naming the env and value; nothing is stepped.
  public func step(_ actions: UnsafeBufferPointer<Int32>) throws {
    try step(actions, into: results.buffers)
  }

  /// Steps every env with one action each; results go to `results`.
  public func step(_ actions: [Int32]) throws {
    try actions.withUnsafeBufferPointer { try step($0) }
  }

  /// Steps every env, writing results into caller memory (for example a rollout slot).
  public func step(_ actions: UnsafeBufferPointer<Int32>, into buffers: StepBuffers) throws {
    try requireDiscrete()
    try stepRaw(UnsafeRawPointer(actions.baseAddress), actions.count, buffers, range: nil)
  }

  /// Steps envs `range` only, on the calling thread; `actions` and the results are the
  /// full-batch ones, indexed by env. Re-entrant: threads may step disjoint ranges of
  /// one batch at once (nothing else may use the batch meanwhile).
  public func step(range: Range<Int>, actions: UnsafeBufferPointer<Int32>) throws {
    try step(range: range, actions: actions, into: results.buffers)
  }

  /// `step(range:actions:)` writing into caller memory.
  public func step(range: Range<Int>, actions: UnsafeBufferPointer<Int32>, into buffers: StepBuffers) throws {
    try requireDiscrete()
    try stepRaw(UnsafeRawPointer(actions.baseAddress), actions.count, buffers, range: range)
  }

  // MARK: Continuous actions

  /// Steps every env with `count x dimension` floats, env-major; the core clips them to the
  /// action bounds and rejects non-finite values.
  public func step(_ actions: UnsafeBufferPointer<Float>) throws {
    try step(actions, into: results.buffers)
  }

  /// Steps every env with `count x dimension` floats, env-major.
  // Disfavoured so that `step([0, 1])`, whose literals fit both element types, picks the
  // discrete overload instead of failing as ambiguous; `[Float]` values still come here.
  @_disfavoredOverload
  public func step(_ actions: [Float]) throws {
    try actions.withUnsafeBufferPointer { try step($0) }
  }

  public func step(_ actions: UnsafeBufferPointer<Float>, into buffers: StepBuffers) throws {
    try requireContinuous()
    try stepRaw(UnsafeRawPointer(actions.baseAddress), actions.count, buffers, range: nil)
  }

  public func step(range: Range<Int>, actions: UnsafeBufferPointer<Float>) throws {
    try step(range: range, actions: actions, into: results.buffers)
  }

  public func step(range: Range<Int>, actions: UnsafeBufferPointer<Float>, into buffers: StepBuffers) throws {
    try requireContinuous()
    try stepRaw(UnsafeRawPointer(actions.baseAddress), actions.count, buffers, range: range)
  }

  // MARK: Plumbing

  private func stepRaw(
    _ actions: UnsafeRawPointer?, _ length: Int, _ buffers: StepBuffers, range: Range<Int>?
  ) throws {
    var raw = rawBuffers(buffers)
    guard let range else {
      try check(csim_vec_env_step(handle, actions, Int64(length), &raw))
      return
    }
    // Out-of-Int32 bounds become values the core rejects with its own message.
    let status = csim_vec_env_step_range(
      handle, clampedInt32(range.lowerBound), clampedInt32(range.upperBound), actions, Int64(length), &raw)
    try check(status)
  }

  private func requireDiscrete() throws {
    if case .continuous(let dimension, _) = spec.actionSpace {
      throw SimulationError.invalidArgument(
        "\(spec.id) takes continuous actions (\(dimension) Float per env); pass [Float], not [Int32]")
    }
  }

  private func requireContinuous() throws {
    if case .discrete(let n) = spec.actionSpace {
      throw SimulationError.invalidArgument(
        "\(spec.id) takes discrete actions (one Int32 in 0..<\(n) per env); pass [Int32], not [Float]")
    }
  }

  /// The core's view of caller buffers, with lengths in elements.
  func rawBuffers(_ b: StepBuffers) -> CSimStepBuffers {
    let width = spec.observationType.byteWidth
    return CSimStepBuffers(
      observations: b.observations.baseAddress,
      observations_length: Int64(b.observations.count / width),
      rewards: b.rewards.baseAddress, rewards_length: Int64(b.rewards.count),
      terminated: b.terminated.baseAddress, terminated_length: Int64(b.terminated.count),
      truncated: b.truncated.baseAddress, truncated_length: Int64(b.truncated.count),
      final_observations: b.finalObservations?.baseAddress,
      final_observations_length: Int64((b.finalObservations?.count ?? 0) / width),
      info: b.info?.baseAddress, info_length: Int64(b.info?.count ?? 0),
      reset_info: b.resetInfo?.baseAddress, reset_info_length: Int64(b.resetInfo?.count ?? 0))
  }
}
