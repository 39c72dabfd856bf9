/// SAC's replay memory: a ring of transitions, allocated once at its full capacity.
///
/// Each row holds an observation, the action taken (in the environment's units), the reward
/// trained on, the observation reached (the episode's last one where it ended, not the
/// autoreset's first) and whether the episode terminated; a truncated episode is not
/// terminated, so its value is still bootstrapped, as CleanRL's `real_next_obs` does.
/// Once full, each new row overwrites the oldest. The memory is reserved at creation but not
/// written, so the system commits it only as rows fill (a 1M-row buffer for a short run costs
/// the rows it holds); no row is read before it is written.
final class ReplayBuffer {
  let capacity: Int
  let observationSize: Int
  let actionSize: Int
  let observations: UnsafeMutableBufferPointer<Float>
  let nextObservations: UnsafeMutableBufferPointer<Float>
  let actions: UnsafeMutableBufferPointer<Float>
  let rewards: UnsafeMutableBufferPointer<Float>
  /// 1 where the episode terminated with this transition, else 0.
  let terminated: UnsafeMutableBufferPointer<Float>
  /// The event code of the step (what a caption of the reached observation reports): a
  /// relabelling reward model reads it. Stored as a float, exact for codes below 2^24.
  let events: UnsafeMutableBufferPointer<Float>
  /// Rows filled (at most `capacity`).
  private(set) var count = 0
  /// The row the next transition goes to.
  private(set) var position = 0

  init(capacity: Int, observationSize: Int, actionSize: Int) {
    precondition(capacity > 0 && observationSize > 0 && actionSize > 0)
    self.capacity = capacity
    self.observationSize = observationSize
    self.actionSize = actionSize
    observations = .allocate(capacity: capacity * observationSize)
    nextObservations = .allocate(capacity: capacity * observationSize)
    actions = .allocate(capacity: capacity * actionSize)
    rewards = .allocate(capacity: capacity)
    terminated = .allocate(capacity: capacity)
    events = .allocate(capacity: capacity)
  }

  deinit {
    for buffer in [observations, nextObservations, actions, rewards, terminated, events] { buffer.deallocate() }
  }

  /// Appends one transition; `observation` and `nextObservation` are `observationSize` floats,
  /// `action` `actionSize`.
  func add(observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>, reward: Float,
           nextObservation: UnsafeBufferPointer<Float>, terminated done: Bool, event: Int = 0)
  {
    let o = position * observationSize, a = position * actionSize
    for j in 0..<observationSize {
      observations[o + j] = observation[j]
      nextObservations[o + j] = nextObservation[j]
    }
    for j in 0..<actionSize { actions[a + j] = action[j] }
    rewards[position] = reward
    terminated[position] = done ? 1 : 0
    events[position] = Float(event)
    position = (position + 1) % capacity
    count = min(count + 1, capacity)
  }

  /// `rows` indices drawn uniformly, with replacement, from the filled rows (as SB3's buffer
  /// that CleanRL uses): the same stream gives the same batch.
  func sampleIndices(_ rows: Int, random: inout RandomStream, into indices: UnsafeMutableBufferPointer<Int>) {
    precondition(count > 0)
    for i in 0..<rows { indices[i] = random.below(count) }
  }

  /// The filled rows in storage order, each field as one array (for a checkpoint).
  func contents() -> [[Float]] {
    [Array(observations.prefix(count * observationSize)), Array(nextObservations.prefix(count * observationSize)),
     Array(actions.prefix(count * actionSize)), Array(rewards.prefix(count)), Array(terminated.prefix(count)),
     Array(events.prefix(count))]
  }

  /// Refills the buffer from `contents()` of a buffer of the same shape, with its write position.
  func restore(_ fields: [[Float]], count saved: Int, position savedPosition: Int) throws(TrainingError) {
    let expected = [saved * observationSize, saved * observationSize, saved * actionSize, saved, saved, saved]
    guard saved <= capacity, savedPosition >= 0, savedPosition < capacity,
          saved == capacity || savedPosition == saved % capacity,
          fields.map(\.count) == expected else {
      throw .checkpoint("the checkpoint's replay buffer (\(saved) rows, next row \(savedPosition), fields of "
                        + "\(fields.map(\.count)) floats) does not fit this run's buffer of \(capacity) rows")
    }
    for (buffer, values) in zip([observations, nextObservations, actions, rewards, terminated, events], fields) {
      _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<values.count]).update(fromContentsOf: values)
    }
    count = saved
    position = savedPosition
  }
}
