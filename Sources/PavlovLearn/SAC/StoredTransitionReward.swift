/// A reward that changes during a run (a reward model refit on new labels) and can score
/// transitions an off-policy learner stored earlier, so the learner relabels its replay buffer
/// whenever it changes — PEBBLE's relabelling (Lee et al. 2021). Without it the buffer would keep
/// the old model's rewards, and the critics would learn from two rewards at once.
public protocol StoredTransitionReward: RewardFunction {
  /// Counts the reward's changes (refits); the learner relabels when it moves.
  var generation: Int { get }
  /// Whether a stored transition can be scored alone: a reward with per-episode state (count
  /// modulation, potential differences) cannot, and an off-policy learner refuses it.
  var scoresStoredTransitions: Bool { get }
  /// Writes the reward of `count` stored transitions from the observations they reached
  /// (`count × observationByteCount` bytes, as the environment wrote them) and the event codes
  /// of their steps.
  func rewards(reachedObservations: UnsafeRawBufferPointer, events: UnsafeBufferPointer<Int32>, count: Int,
               into rewards: UnsafeMutableBufferPointer<Float>) throws
}
