internal import CSim

extension VecEnv {
  /// A plain-English caption of env `index`'s current observation and of what its last
  /// step changed. Deterministic; never uses privileged state. Not on the hot path: each
  /// call builds a String.
  public func caption(of index: Int) throws -> String {
    let i = try envIndex(index)
    return try text { csim_vec_env_caption(handle, i, $0, $1, $2) }
  }

  /// Captions a stored observation (one env's `observationByteCount` bytes) with the event
  /// code recorded with it (0 for none), e.g. a rollout's observation for a labeller.
  public func caption(observation: UnsafeRawBufferPointer, event: Int) throws -> String {
    guard observation.count >= spec.observationByteCount, let base = observation.baseAddress else {
      throw SimulationError.bufferTooSmall(
        "observation has \(observation.count) bytes; one \(spec.id) observation needs \(spec.observationByteCount)")
    }
    let code = clampedInt32(event)
    return try text { csim_vec_env_caption_observation(handle, base, code, $0, $1, $2) }
  }

  /// `caption(observation:event:)` for an observation held in an array.
  public func caption<T>(observation: [T], event: Int) throws -> String {
    try observation.withUnsafeBytes { try caption(observation: $0, event: event) }
  }

  /// Env `index` drawn as text for a terminal (the map, the board). Shows privileged state:
  /// a person's view, never a policy's input.
  public func renderText(of index: Int) throws -> String {
    let i = try envIndex(index)
    return try text { csim_vec_env_render_text(handle, i, $0, $1, $2) }
  }

  /// Whether the envs keep what `renderText(of:)` shows, from each env's next reset on. Only
  /// NetHack needs it: its picture is its terminal, emulated over every byte the game writes
  /// (about a quarter of a step), so it is off until asked for.
  public func keepScreen(_ keep: Bool = true) throws {
    let status = csim_vec_env_keep_screen(handle, keep ? 1 : 0)
    guard status == CSIM_OK else {
      throw SimulationError(status: status, message: String(cString: csim_vec_env_last_error(handle)))
    }
  }

  /// Env `index`'s mission: the task's instruction in plain English ("pick up the red ball"),
  /// public as in MiniGrid; "" where a task has none.
  public func mission(of index: Int) throws -> String {
    let i = try envIndex(index)
    return try text { csim_vec_env_mission(handle, i, $0, $1, $2) }
  }

  /// The name of discrete action `action`: "forward" in a grid world, the guessed word in
  /// Wordle. Continuous spaces and out-of-range actions throw `invalidArgument`.
  public func actionName(_ action: Int) throws -> String {
    let code = clampedInt32(action)
    return try text { csim_vec_env_action_name(handle, code, $0, $1, $2) }
  }

  /// Every discrete action's name, indexed by action (empty for continuous spaces).
  public func actionNames() throws -> [String] {
    guard case .discrete(let n) = spec.actionSpace else { return [] }
    return try (0..<n).map { try actionName($0) }
  }

  private func envIndex(_ index: Int) throws -> Int32 {
    guard index >= 0, index < count else {
      throw SimulationError.invalidArgument("env index \(index) is not within 0..<\(count)")
    }
    return Int32(index)
  }

  /// Calls a text-writing core function, growing the scratch buffer once if the text does
  /// not fit (the core reports the full length even when it cuts).
  private func text(
    _ write: (UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<Int>) -> CSimStatus
  ) throws -> String {
    for _ in 0..<2 {
      var length = 0
      let status = textScratch.withUnsafeMutableBufferPointer { buffer in
        write(buffer.baseAddress!, buffer.count, &length)
      }
      if status == CSIM_ERROR_BUFFER_TOO_SMALL, length + 1 > textScratch.count {
        textScratch = Array(repeating: 0, count: length + 1)
        continue
      }
      try check(status)
      return textScratch.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
    throw SimulationError.internalError("text length changed between two calls")
  }
}
