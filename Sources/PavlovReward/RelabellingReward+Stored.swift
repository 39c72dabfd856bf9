import PavlovLearn

/// SAC relabels its replay buffer with each refit model (PEBBLE). Only the plain shape scores a
/// transition alone: count modulation and potentials depend on the rest of the episode.
extension RelabellingReward: StoredTransitionReward {
  public var generation: Int { refits.count }

  public var scoresStoredTransitions: Bool { reward.shape == .plain }

  public func rewards(reachedObservations: UnsafeRawBufferPointer, events: UnsafeBufferPointer<Int32>, count: Int,
                      into rewards: UnsafeMutableBufferPointer<Float>) throws
  {
    try reward.model.rewards(observationBytes: reachedObservations, count: count, into: rewards, events: events)
  }
}
