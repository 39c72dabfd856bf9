/// What became of one pair: the outcome every labeller reports and the store records.
public enum LabelStatus: String, Sendable, CaseIterable, Codable {
  /// One description was preferred (`preference` is P(first ≻ second), 0...1).
  case preferred
  /// The labeller judged both equal (`preference` 0.5).
  case tie
  /// The labeller declined the pair (B-Pref's skip teacher); no preference, not a failure.
  case skipped
  /// An answer came back but said nothing parseable; recorded as such, never guessed.
  case unparseable
  /// No answer at all (server down, timeout, HTTP error after retries).
  case failed

  /// Whether the label carries a preference a reward model can train on.
  public var isUsable: Bool { self == .preferred || self == .tie }
}

/// One label with its provenance.
public struct Label: Sendable, Equatable {
  /// P(first ≻ second) in 0...1 (0.5 a tie); nil unless `status.isUsable`.
  public var preference: Double?
  public var status: LabelStatus
  /// The labeller's name as stored, e.g. "scripted:mistake=0.1" or "llm".
  public var labeller: String
  /// True for scripted teachers: simulated labellers reading privileged state.
  public var isSimulated: Bool
  /// The model that answered (LLM labellers only).
  public var model: String?
  /// The prompt's version tag (LLM labellers only).
  public var promptVersion: String?
  /// The raw answer text (both orders joined when both were asked), or the failure.
  public var rawAnswer: String
  /// Wall time to obtain the label, seconds.
  public var latency: Double
  public var promptTokens: Int
  public var completionTokens: Int

  public init(
    preference: Double?, status: LabelStatus, labeller: String, isSimulated: Bool, model: String? = nil,
    promptVersion: String? = nil, rawAnswer: String = "", latency: Double = 0, promptTokens: Int = 0,
    completionTokens: Int = 0
  ) {
    self.preference = preference
    self.status = status
    self.labeller = labeller
    self.isSimulated = isSimulated
    self.model = model
    self.promptVersion = promptVersion
    self.rawAnswer = rawAnswer
    self.latency = latency
    self.promptTokens = promptTokens
    self.completionTokens = completionTokens
  }
}

/// One side of a pair as a labeller sees it. `progress`, `stagedProgress`, `episodeReturn`
/// and `progressHistory` are privileged: only scripted teachers may read them.
public struct PairSide: Sendable, Equatable {
  public var observationID: Int
  public var caption: String
  public var progress: Double
  /// Progress by stages (`InfoColumn.stagedProgressName`), nil where the environment reports none.
  public var stagedProgress: Double?
  public var episodeReturn: Double
  /// Progress at every step of the episode up to and including this observation.
  public var progressHistory: [Double]
  /// The stored observation's bytes, for judges that are shown a picture of it (empty when
  /// the pair was made without them).
  public var observation: [UInt8]

  public init(observationID: Int, caption: String, progress: Double, episodeReturn: Double,
              progressHistory: [Double] = [], observation: [UInt8] = [], stagedProgress: Double? = nil) {
    self.observationID = observationID
    self.caption = caption
    self.progress = progress
    self.stagedProgress = stagedProgress
    self.episodeReturn = episodeReturn
    self.progressHistory = progressHistory.isEmpty ? [progress] : progressHistory
    self.observation = observation
  }
}

/// A pair to label, in the order it is shown.
public struct LabellingPair: Sendable, Equatable {
  public var id: Int
  public var first: PairSide
  public var second: PairSide
  /// The environment's goal in plain English (the mission), for prompts.
  public var goal: String

  public init(id: Int, first: PairSide, second: PairSide, goal: String) {
    self.id = id
    self.first = first
    self.second = second
    self.goal = goal
  }
}

/// Anything that labels pairs: scripted teachers, LLM judges.
public protocol PreferenceLabeller: Sendable {
  /// The name recorded with every label ("scripted:oracle", "llm").
  var name: String { get }
  /// One line for people: what this labeller is (scripted teachers say they are simulated).
  var summary: String { get }
  /// Labels one pair. Never throws: faults become `.failed` or `.unparseable` labels.
  func label(_ pair: LabellingPair) async -> Label
}
