internal import CSim

extension VecEnv {
  /// Creation options. The defaults use every core and the environment's own limits.
  public struct Options: Sendable, Hashable {
    /// The most threads a batch may ask for; creation refuses more.
    public static let maxThreadCount = Int(CSIM_MAX_THREADS)

    /// Threads `step` uses, the caller's included; nil means all cores, 1 means the calling
    /// thread only (the right choice when the host schedules `step(range:)` itself). At most
    /// `maxThreadCount`; the core uses no more threads than envs, nor than 4 per hardware
    /// thread (more only take turns), and `VecEnv.threadCount` says how many it uses.
    public var threadCount: Int?
    /// Overrides the environment's truncation limit; nil keeps its default.
    public var maxEpisodeSteps: Int?
    /// An environment-specific reward variant; 0 is the default reward.
    public var rewardKind: Int

    public init(threadCount: Int? = nil, maxEpisodeSteps: Int? = nil, rewardKind: Int = 0) {
      self.threadCount = threadCount
      self.maxEpisodeSteps = maxEpisodeSteps
      self.rewardKind = rewardKind
    }

    /// The core's struct. Values that do not fit an Int32 are clamped to a value the core
    /// rejects with its own message (rather than trapping here on conversion).
    var raw: CSimOptions {
      var options = CSimOptions()
      csim_options_default(&options)
      if let threads = threadCount { options.num_threads = clampedInt32(threads) }
      if let steps = maxEpisodeSteps { options.max_episode_steps = clampedInt32(steps) }
      options.reward_kind = clampedInt32(rewardKind)
      return options
    }
  }
}

/// Converts without trapping: out-of-range values become Int32's extremes.
func clampedInt32(_ value: Int) -> Int32 {
  Int32(clamping: value)
}
