internal import CSim

/// Starting an episode from a given state: how an instance exported from a reference
/// implementation (a MiniWob task in Chromium) is replayed natively.
extension VecEnv {
  /// Starts a new episode in env `index` from `json`, a state in the family's shape
  /// (docs/miniwob.md for the web tasks), and writes its first observation and info row into
  /// `results`. Needs a reset first. A bad document or state throws (invalid argument, naming
  /// what was wrong) and leaves the episode as it was; so do environments that load no states.
  public func setState(json: String, of index: Int) throws {
    let buffers = results.buffers
    let rowBytes = spec.observationByteCount
    let infoWidth = spec.infoWidth
    // Out-of-range indices go to the core, which names the allowed range; no pointer is formed.
    guard index >= 0, index < count, let base = buffers.observations.baseAddress else {
      try check(csim_vec_env_set_state_json(handle, Int32(clamping: index), json, nil, 0, nil, 0))
      return
    }
    let observation = base + index * rowBytes
    let elements = Int64(rowBytes / spec.observationType.byteWidth)
    let info = buffers.info.map { $0.baseAddress! + index * infoWidth }
    try check(
      csim_vec_env_set_state_json(handle, Int32(index), json, observation, elements, info, Int64(info == nil ? 0 : infoWidth)))
  }
}
