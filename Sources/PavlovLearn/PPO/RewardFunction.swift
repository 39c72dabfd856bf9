import PavlovSim

/// What a reward function may ask of an environment: an observation put into words. A reward
/// function gets this instead of the environment itself, so it can neither step nor reset the
/// batch the learner owns, and a test or another learner can hand it any captioner.
public protocol Captioner {
  /// The caption of one stored observation (`spec.observationByteCount` bytes) with the event
  /// code recorded with it (0 for none).
  func caption(observation: UnsafeRawBufferPointer, event: Int) throws -> String
}

/// A batch captions its observations through the core, the same text the labellers saw.
extension VecEnv: Captioner {}

/// The transitions of one step of every env, as a reward function sees them: observations,
/// events, the environment's reward and flags, and a captioner.
///
/// For an env whose episode ended this step, `observations` already holds the first
/// observation of its next episode; the observation the transition reached is its row of
/// `finalObservations`. `reachedObservation(of:)` picks the right one.
public struct TransitionBatch {
  public let spec: EnvSpec
  /// Puts observations into words (`caption(of:)`), e.g. for counting captions.
  public let captioner: any Captioner
  public let count: Int
  /// (count × observationByteCount) after the step and any autoreset.
  public let observations: UnsafeRawBufferPointer
  /// (count × observationByteCount); rows valid only where the episode ended.
  public let finalObservations: UnsafeRawBufferPointer
  /// (count) the environment's own reward.
  public let environmentRewards: UnsafeBufferPointer<Float>
  public let terminated: UnsafeBufferPointer<UInt8>
  public let truncated: UnsafeBufferPointer<UInt8>
  /// (count × spec.infoWidth) privileged info of the step: for scripted teachers and logging.
  public let info: UnsafeBufferPointer<Float>

  public init(spec: EnvSpec, captioner: any Captioner, count: Int, observations: UnsafeRawBufferPointer,
              finalObservations: UnsafeRawBufferPointer, environmentRewards: UnsafeBufferPointer<Float>,
              terminated: UnsafeBufferPointer<UInt8>, truncated: UnsafeBufferPointer<UInt8>,
              info: UnsafeBufferPointer<Float>) {
    self.spec = spec
    self.captioner = captioner
    self.count = count
    self.observations = observations
    self.finalObservations = finalObservations
    self.environmentRewards = environmentRewards
    self.terminated = terminated
    self.truncated = truncated
    self.info = info
  }

  /// Whether env `index`'s episode ended this step.
  public func ended(_ index: Int) -> Bool { terminated[index] != 0 || truncated[index] != 0 }

  /// The event code of env `index`'s step (0 for none): what its caption reports.
  public func event(of index: Int) -> Int { Int(info[index * spec.infoWidth + InfoColumn.event]) }

  /// The bytes of the observation env `index` reached with this step.
  public func reachedObservation(of index: Int) -> UnsafeRawBufferPointer {
    let width = spec.observationByteCount
    let source = ended(index) ? finalObservations : observations
    return UnsafeRawBufferPointer(rebasing: source[(index * width)..<((index + 1) * width)])
  }

  /// The caption of the observation env `index` reached, with the event of its step.
  public func caption(of index: Int) throws -> String {
    try captioner.caption(observation: reachedObservation(of: index), event: event(of: index))
  }
}

/// Where the reward a learner trains on comes from: a batch of transitions in, one reward per
/// env out. PPO calls it after every step and knows nothing else about it, so rewards from a
/// language model or a learned reward model plug in here. The environment's own return and
/// success rate are logged whatever the training reward is.
public protocol RewardFunction: AnyObject {
  /// A short name for logs and metrics, e.g. "env" or "ai-feedback:model.bin".
  var name: String { get }
  /// Writes one reward per env (`batch.count`) for the step just taken.
  func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws
  /// Told after each rollout-and-update iteration (`iteration` counts from 1), so a reward that
  /// learns while training (continual re-labelling) can refit between rollouts, never within one.
  /// An error stops the training run.
  func iterationEnded(_ iteration: Int) throws
}

extension RewardFunction {
  /// Most rewards do not change between iterations.
  public func iterationEnded(_ iteration: Int) throws {}
}

/// The environment's own reward: the first `RewardFunction`.
public final class EnvironmentReward: RewardFunction {
  public init() {}
  public var name: String { "env" }
  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) {
    _ = rewards.update(fromContentsOf: batch.environmentRewards)
  }
}
