/// One finished episode, as logged.
public struct EpisodeRecord: Sendable, Equatable {
  /// The environment's own return (what CleanRL logs as charts/episodic_return).
  public var environmentReturn: Double
  /// The return under the reward trained on (equal to the above for the env reward).
  public var trainingReturn: Double
  public var length: Int
  /// The privileged success flag was 1 on some step of the episode.
  public var succeeded: Bool
}

/// Accumulates per-env returns step by step and keeps the last `window` finished episodes
/// (success rate and returns over the last 100, as the targets are stated).
final class EpisodeTracker {
  let envs: Int
  let window: Int
  private var environmentReturns: [Double]
  private var trainingReturns: [Double]
  private var lengths: [Int]
  private var succeeded: [Bool]
  private(set) var recent: [EpisodeRecord] = []
  /// Episodes finished since the last `drainFinished()`.
  private(set) var finished: [EpisodeRecord] = []
  private(set) var totalEpisodes = 0

  init(envs: Int, window: Int = 100) {
    self.envs = envs
    self.window = window
    environmentReturns = [Double](repeating: 0, count: envs)
    trainingReturns = environmentReturns
    lengths = [Int](repeating: 0, count: envs)
    succeeded = [Bool](repeating: false, count: envs)
  }

  /// Adds one step of every env; `info` is (envs × infoWidth) with success in `successColumn`.
  func record(environmentRewards: UnsafeBufferPointer<Float>, trainingRewards: UnsafeBufferPointer<Float>,
              terminated: UnsafeBufferPointer<UInt8>, truncated: UnsafeBufferPointer<UInt8>,
              info: UnsafeBufferPointer<Float>, infoWidth: Int, successColumn: Int)
  {
    for e in 0..<envs {
      environmentReturns[e] += Double(environmentRewards[e])
      trainingReturns[e] += Double(trainingRewards[e])
      lengths[e] += 1
      if info[e * infoWidth + successColumn] > 0 { succeeded[e] = true }
      guard terminated[e] != 0 || truncated[e] != 0 else { continue }
      let episode = EpisodeRecord(environmentReturn: environmentReturns[e], trainingReturn: trainingReturns[e],
                                  length: lengths[e], succeeded: succeeded[e])
      finished.append(episode)
      recent.append(episode)
      if recent.count > window { recent.removeFirst(recent.count - window) }
      totalEpisodes += 1
      environmentReturns[e] = 0
      trainingReturns[e] = 0
      lengths[e] = 0
      succeeded[e] = false
    }
  }

  /// The episodes finished since the last call, and forgets them.
  func drainFinished() -> [EpisodeRecord] {
    defer { finished.removeAll(keepingCapacity: true) }
    return finished
  }

  /// Success rate over the last `window` episodes (nil before the first).
  var recentSuccessRate: Double? {
    recent.isEmpty ? nil : Double(recent.filter(\.succeeded).count) / Double(recent.count)
  }
}
