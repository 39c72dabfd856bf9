import PavlovSim

/// How observations become network input, chosen from the spec's observation parts.
///
/// Categorical parts hold codes (object 5 is a key, letter 3 is C): their order means nothing,
/// so an observation whose parts are all categorical is one-hot encoded (`oneHot`, computed
/// sparsely by `OneHotLayer`). Otherwise it is fed as numbers (`continuous`), optionally
/// normalised with running statistics. An environment may name a view (`ObservationViews`) that
/// rewrites its observation into more telling codes first (`view`).
public enum ObservationEncoding: Sendable, Equatable {
  /// Element j of the observation takes values in `0..<categoryCounts[j]`.
  case oneHot(categoryCounts: [Int])
  /// The observation's values as floats.
  case continuous
  /// The observation rewritten by the view `name` into features with `categoryCounts`, one-hot encoded.
  case view(name: String, categoryCounts: [Int])
  /// The observation's values as floats, read as an element table (a page's rows, an
  /// instruction's fields) by `ElementTableNetwork`, whose actions act on the rows.
  case elementTable(ElementTableLayout)

  /// The encoding for an environment: its preferred view (its `observation_view` hint) when
  /// `preferredView` and this learner has that view, else one-hot when every part is
  /// categorical (uint8 observations), else continuous. Mixed observations are read as numbers:
  /// the networks take either one-hot rows or float rows, not both.
  public static func automatic(for spec: EnvSpec, preferredView: Bool = true) -> ObservationEncoding {
    if preferredView, spec.learnerHints["observation_view"] == ElementTableLayout.viewName,
       let layout = try? ElementTableLayout(spec: spec) {
      return .elementTable(layout)
    }
    if preferredView, let name = spec.learnerHints["observation_view"],
       let view = try? ObservationViews.make(name, for: spec) {
      return .view(name: name, categoryCounts: view.categoryCounts)
    }
    guard spec.observationType == .uint8, let counts = spec.categoryCountsPerElement else { return .continuous }
    return .oneHot(categoryCounts: counts)
  }

  /// Category counts of the one-hot features, nil for continuous input.
  public var categoryCounts: [Int]? {
    switch self {
    case .oneHot(let counts), .view(_, let counts): return counts
    case .continuous, .elementTable: return nil
    }
  }

  /// Values per encoded row: category indices (one per feature) or floats.
  public func featureCount(observationSize: Int) -> Int {
    categoryCounts?.count ?? observationSize
  }

  /// Width of the network's input: all categories for one-hot, the observation size otherwise.
  public func inputWidth(observationSize: Int) -> Int {
    categoryCounts?.reduce(0, +) ?? observationSize
  }
}

// Written as Swift synthesises enum coding ({"oneHot": {"categoryCounts": [...]}}), so checkpoints
// keep their format; by hand only to read `{"wordleKnowledge": {}}`, what checkpoints said before
// views had names, as the view it was.
extension ObservationEncoding: Codable {
  private enum Case: String, CodingKey { case oneHot, continuous, view, elementTable, wordleKnowledge }
  private enum Field: String, CodingKey { case name, categoryCounts, layout }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Case.self)
    guard container.allKeys.count == 1, let key = container.allKeys.first else {
      throw DecodingError.dataCorrupted(.init(
        codingPath: container.codingPath,
        debugDescription: "an observation encoding names exactly one of oneHot, continuous, view, elementTable"))
    }
    switch key {
    case .oneHot:
      let fields = try container.nestedContainer(keyedBy: Field.self, forKey: key)
      self = .oneHot(categoryCounts: try fields.decode([Int].self, forKey: .categoryCounts))
    case .continuous:
      self = .continuous
    case .view:
      let fields = try container.nestedContainer(keyedBy: Field.self, forKey: key)
      self = .view(name: try fields.decode(String.self, forKey: .name),
                   categoryCounts: try fields.decode([Int].self, forKey: .categoryCounts))
    case .elementTable:
      let fields = try container.nestedContainer(keyedBy: Field.self, forKey: key)
      self = .elementTable(try fields.decode(ElementTableLayout.self, forKey: .layout))
    case .wordleKnowledge:
      self = .view(name: WordleKnowledge.viewName, categoryCounts: WordleKnowledge.standardCategoryCounts)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Case.self)
    switch self {
    case .oneHot(let counts):
      var fields = container.nestedContainer(keyedBy: Field.self, forKey: .oneHot)
      try fields.encode(counts, forKey: .categoryCounts)
    case .continuous:
      _ = container.nestedContainer(keyedBy: Field.self, forKey: .continuous)
    case .view(let name, let counts):
      var fields = container.nestedContainer(keyedBy: Field.self, forKey: .view)
      try fields.encode(name, forKey: .name)
      try fields.encode(counts, forKey: .categoryCounts)
    case .elementTable(let layout):
      var fields = container.nestedContainer(keyedBy: Field.self, forKey: .elementTable)
      try fields.encode(layout, forKey: .layout)
    }
  }
}
