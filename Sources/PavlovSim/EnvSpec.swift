internal import CSim

/// The static description of an environment: its spaces, limits and the names of its
/// privileged info columns and events.
public struct EnvSpec: Sendable, Hashable {
  /// Element type of observation buffers.
  public enum ElementType: String, Sendable, Hashable, CaseIterable {
    case uint8, int32, float32

    /// Bytes per element.
    public var byteWidth: Int {
      switch self {
      case .uint8: return 1
      case .int32, .float32: return 4
      }
    }
  }

  /// What an action is.
  public enum ActionSpace: Sendable, Hashable {
    /// One `Int32` per env in `0..<count`.
    case discrete(count: Int)
    /// `dimension` `Float`s per env; the core clips each to `bounds`.
    case continuous(dimension: Int, bounds: ClosedRange<Float>)

    /// Elements one env's action takes in an action buffer.
    public var width: Int {
      switch self {
      case .discrete: return 1
      case .continuous(let dimension, _): return dimension
      }
    }
  }

  /// The registered id, e.g. "MiniGrid-DoorKey-8x8-v0".
  public let id: String
  public let observationType: ElementType
  /// Dimensions of one env's observation (row-major).
  public let observationShape: [Int]
  /// Elements in one env's observation: the product of the shape.
  public let observationSize: Int
  /// Bounds of every observation element.
  public let observationBounds: ClosedRange<Float>
  public let actionSpace: ActionSpace
  /// Bounds of the per-step environment reward.
  public let rewardRange: ClosedRange<Float>
  /// Steps after which an episode is truncated (with options applied).
  public let maxEpisodeSteps: Int
  /// Names of the privileged info columns; the first four are `InfoColumn`'s.
  public let infoColumnNames: [String]
  /// Names of event codes; index 0 ("") means no event.
  public let eventNames: [String]
  /// The observation as named parts, in order, covering it exactly (`ObservationPart`).
  public let observationParts: [ObservationPart]
  /// Each discrete action as a row of tokens (Wordle: a guess's five letters), nil when the
  /// environment declares none.
  public let actionTokens: ActionTokens?
  /// Settings a learner should start from for this environment (csim.h lists the keys:
  /// "learning_rate", "reward_kind", "observation_view"), as the environment's text.
  public let learnerHints: [String: String]

  /// Bytes in one env's observation.
  public var observationByteCount: Int { observationSize * observationType.byteWidth }

  /// Floats per env in the privileged info buffer.
  public var infoWidth: Int { infoColumnNames.count }

  public init(
    id: String, observationType: ElementType, observationShape: [Int],
    observationBounds: ClosedRange<Float>, actionSpace: ActionSpace, rewardRange: ClosedRange<Float>,
    maxEpisodeSteps: Int, infoColumnNames: [String], eventNames: [String],
    observationParts: [ObservationPart]? = nil, actionTokens: ActionTokens? = nil, learnerHints: [String: String] = [:]
  ) {
    self.id = id
    self.observationType = observationType
    self.observationShape = observationShape
    self.observationSize = observationShape.reduce(1, *)
    self.observationBounds = observationBounds
    self.actionSpace = actionSpace
    self.rewardRange = rewardRange
    self.maxEpisodeSteps = maxEpisodeSteps
    self.infoColumnNames = infoColumnNames
    self.eventNames = eventNames
    // Without a description the observation is one part of numbers within the spec's bounds.
    self.observationParts = observationParts ?? [
      ObservationPart(name: "observation", offset: 0, shape: observationShape, elementType: observationType,
                      bounds: observationBounds, categories: nil),
    ]
    self.actionTokens = actionTokens
    self.learnerHints = learnerHints
  }
}

/// Indices of the privileged info columns every environment shares.
public enum InfoColumn {
  /// 1 on the step the task was solved, else 0.
  public static let success = Int(CSIM_INFO_SUCCESS)
  /// Task progress in [0, 1], from privileged state.
  public static let progress = Int(CSIM_INFO_PROGRESS)
  /// Event code of the step (0: none); see `EnvSpec.eventNames`.
  public static let event = Int(CSIM_INFO_EVENT)
  /// Steps taken in the episode, counting this one.
  public static let episodeStep = Int(CSIM_INFO_EPISODE_STEP)
  /// The name of an optional column, in [0, 1], from privileged state: progress by stages
  /// (reach the object, be at it, move it), for tasks where `progress` is silent until the
  /// object moves. Environments that report it list it in `EnvSpec.infoColumnNames`.
  public static let stagedProgressName = "staged_progress"
}

extension EnvSpec {
  /// The index of the info column called `name`, or nil when the environment has none.
  public func infoColumn(named name: String) -> Int? { infoColumnNames.firstIndex(of: name) }
}

extension EnvSpec {
  /// Builds a spec from the core's struct plus the names only a handle can give.
  init(_ raw: CSimSpec, infoColumnNames: [String], eventNames: [String], observationParts: [ObservationPart]?,
       actionTokens: ActionTokens?, learnerHints: [String: String]) {
    let id = withUnsafeBytes(of: raw.id) { bytes in
      String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
    let rank = max(0, min(Int(raw.observation_rank), Int(CSIM_MAX_RANK)))
    let shape = withUnsafeBytes(of: raw.observation_shape) { bytes in
      Array(bytes.bindMemory(to: Int32.self).prefix(rank).map(Int.init))
    }
    let type = ElementType(raw.observation_dtype)
    let actions: ActionSpace
    if raw.action_kind == CSIM_ACTION_CONTINUOUS {
      actions = .continuous(
        dimension: Int(raw.action_dim), bounds: safeRange(raw.action_low, raw.action_high))
    } else {
      actions = .discrete(count: Int(raw.num_actions))
    }
    self.init(
      id: id, observationType: type, observationShape: shape,
      observationBounds: safeRange(raw.observation_low, raw.observation_high),
      actionSpace: actions, rewardRange: safeRange(raw.reward_low, raw.reward_high),
      maxEpisodeSteps: Int(raw.max_episode_steps), infoColumnNames: infoColumnNames,
      eventNames: eventNames, observationParts: observationParts, actionTokens: actionTokens,
      learnerHints: learnerHints)
  }
}

/// `low...high`, without trapping when a spec has them swapped or NaN: a malformed spec
/// from the core must show up as odd numbers, not as a crash of the host.
func safeRange(_ low: Float, _ high: Float) -> ClosedRange<Float> {
  if low <= high { return low...high }
  if high < low { return high...low }
  return 0...0
}
