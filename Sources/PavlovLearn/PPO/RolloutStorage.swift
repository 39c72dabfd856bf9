import PavlovSim

/// One rollout of `steps × envs` transitions, time-major, allocated once per run.
///
/// The environment writes each step's observations straight into slot t + 1 of
/// `observations` (`stepBuffers(at:)`), rewards and flags into row t: nothing is copied out of
/// the simulator. Slot `steps` (the observation after the last step) becomes slot 0 of the
/// next rollout. Features (one-hot indices or floats) are encoded once per observation.
final class RolloutStorage {
  let steps: Int
  let envs: Int
  let observationBytes: Int
  let featureCount: Int
  let actionWidth: Int
  let infoWidth: Int
  let isOneHot: Bool
  let isDiscrete: Bool

  /// (steps + 1) × envs × observationBytes.
  let observations: UnsafeMutableRawBufferPointer
  /// (steps + 1) × envs × featureCount, one of the two depending on the encoding.
  let indexFeatures: UnsafeMutableBufferPointer<Int32>
  let floatFeatures: UnsafeMutableBufferPointer<Float>
  /// steps × envs × actionWidth, one of the two depending on the action space.
  let discreteActions: UnsafeMutableBufferPointer<Int32>
  let continuousActions: UnsafeMutableBufferPointer<Float>
  /// steps × envs each.
  let logProbabilities: UnsafeMutableBufferPointer<Float>
  let values: UnsafeMutableBufferPointer<Float>
  /// The reward trained on (after the reward function and any scaling).
  let rewards: UnsafeMutableBufferPointer<Float>
  let environmentRewards: UnsafeMutableBufferPointer<Float>
  let terminated: UnsafeMutableBufferPointer<UInt8>
  let truncated: UnsafeMutableBufferPointer<UInt8>
  /// V(final observation) where a step was truncated (and not terminated), else 0.
  let finalValues: UnsafeMutableBufferPointer<Float>
  let advantages: UnsafeMutableBufferPointer<Float>
  let returns: UnsafeMutableBufferPointer<Float>
  /// One step's worth, reused every step: final observations and privileged info.
  let finalObservations: UnsafeMutableRawBufferPointer
  let info: UnsafeMutableBufferPointer<Float>

  /// `featureCount`: values per encoded row (the encoder's), the observation size by default.
  init(spec: EnvSpec, envs: Int, steps: Int, isOneHot: Bool, featureCount: Int? = nil) {
    self.steps = steps
    self.envs = envs
    observationBytes = spec.observationByteCount
    self.featureCount = featureCount ?? spec.observationSize
    actionWidth = spec.actionSpace.width
    infoWidth = spec.infoWidth
    self.isOneHot = isOneHot
    if case .discrete = spec.actionSpace { isDiscrete = true } else { isDiscrete = false }
    let slots = (steps + 1) * envs, cells = steps * envs
    observations = .allocate(byteCount: slots * observationBytes, alignment: 16)
    observations.initializeMemory(as: UInt8.self, repeating: 0)
    indexFeatures = Self.zeroed(isOneHot ? slots * self.featureCount : 0)
    floatFeatures = Self.zeroed(isOneHot ? 0 : slots * self.featureCount)
    discreteActions = Self.zeroed(isDiscrete ? cells : 0)
    continuousActions = Self.zeroed(isDiscrete ? 0 : cells * actionWidth)
    logProbabilities = Self.zeroed(cells)
    values = Self.zeroed(cells)
    rewards = Self.zeroed(cells)
    environmentRewards = Self.zeroed(cells)
    terminated = Self.zeroed(cells)
    truncated = Self.zeroed(cells)
    finalValues = Self.zeroed(cells)
    advantages = Self.zeroed(cells)
    returns = Self.zeroed(cells)
    finalObservations = .allocate(byteCount: envs * observationBytes, alignment: 16)
    finalObservations.initializeMemory(as: UInt8.self, repeating: 0)
    info = Self.zeroed(envs * infoWidth)
  }

  deinit {
    observations.deallocate()
    finalObservations.deallocate()
    indexFeatures.deallocate()
    floatFeatures.deallocate()
    discreteActions.deallocate()
    continuousActions.deallocate()
    for buffer in [logProbabilities, values, rewards, environmentRewards, finalValues, advantages, returns, info] {
      buffer.deallocate()
    }
    terminated.deallocate()
    truncated.deallocate()
  }

  private static func zeroed<T: Numeric>(_ count: Int) -> UnsafeMutableBufferPointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
    buffer.initialize(repeating: 0)
    return buffer
  }

  /// The raw observations of slot `slot` (0...steps), all envs.
  func observations(at slot: Int) -> UnsafeMutableRawBufferPointer {
    let width = envs * observationBytes
    return UnsafeMutableRawBufferPointer(rebasing: observations[(slot * width)..<((slot + 1) * width)])
  }

  /// Where step t writes: observations into slot t + 1, rewards and flags into row t.
  func stepBuffers(at t: Int) -> StepBuffers {
    StepBuffers(
      observations: observations(at: t + 1), rewards: row(environmentRewards, t), terminated: row(terminated, t),
      truncated: row(truncated, t), finalObservations: finalObservations, info: info)
  }

  /// Where a reset writes: observations into slot 0; rewards and flags (zeroed) into row 0.
  func resetBuffers() -> StepBuffers {
    StepBuffers(
      observations: observations(at: 0), rewards: row(environmentRewards, 0), terminated: row(terminated, 0),
      truncated: row(truncated, 0), info: info)
  }

  /// Row t (envs values) of a steps × envs buffer.
  func row<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ t: Int) -> UnsafeMutableBufferPointer<T> {
    UnsafeMutableBufferPointer(rebasing: buffer[(t * envs)..<((t + 1) * envs)])
  }

  /// Features of envs `range` in slot `slot`.
  func features(slot: Int, envs range: Range<Int>) -> FeatureRows {
    let begin = (slot * envs + range.lowerBound) * featureCount, end = begin + range.count * featureCount
    return isOneHot ? .indices(UnsafeBufferPointer(rebasing: indexFeatures[begin..<end]))
                    : .floats(UnsafeBufferPointer(rebasing: floatFeatures[begin..<end]))
  }

  /// Encodes slot `slot`'s raw observations into its features.
  func encode(slot: Int, with encoder: ObservationEncoder, updateStatistics: Bool) throws(TrainingError) {
    let raw = UnsafeRawBufferPointer(observations(at: slot))
    let begin = slot * envs * featureCount, end = begin + envs * featureCount
    if isOneHot {
      try encoder.encodeIndices(raw, rows: envs, into: UnsafeMutableBufferPointer(rebasing: indexFeatures[begin..<end]))
    } else {
      if updateStatistics { encoder.observe(raw, rows: envs) }
      encoder.encodeFloats(raw, rows: envs, into: UnsafeMutableBufferPointer(rebasing: floatFeatures[begin..<end]))
    }
  }

  /// Moves the observation after the last step (and its features) to slot 0 for the next rollout.
  func rollOver() {
    observations(at: 0).copyMemory(from: UnsafeRawBufferPointer(observations(at: steps)))
    let width = envs * featureCount, last = steps * width
    if isOneHot {
      _ = UnsafeMutableBufferPointer(rebasing: indexFeatures[0..<width])
        .update(fromContentsOf: UnsafeBufferPointer(rebasing: indexFeatures[last..<(last + width)]))
    } else {
      _ = UnsafeMutableBufferPointer(rebasing: floatFeatures[0..<width])
        .update(fromContentsOf: UnsafeBufferPointer(rebasing: floatFeatures[last..<(last + width)]))
    }
  }
}
