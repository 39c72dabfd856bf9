import PavlovSim

/// An observation rewritten for the networks as category codes, read from the spec's named
/// parts. An environment names the view it works best with in its `observation_view` hint.
public protocol ObservationView {
  /// Category counts of the features the view writes, one per feature.
  var categoryCounts: [Int] { get }

  /// Writes `categoryCounts.count` category indices (each feature's offset added, as one-hot
  /// layers take them) for one raw observation (of the spec's element type). Returns the index
  /// of the first element outside its part's categories, nil when the whole row was written.
  func encode(_ row: UnsafeRawPointer, into out: UnsafeMutablePointer<Int32>) -> Int?
}

/// The named views, registered in this one place: adding a view is a line here and its type.
public enum ObservationViews {
  /// Builds a view for a spec, or throws saying which parts it needs.
  public typealias Builder = @Sendable (EnvSpec) throws(TrainingError) -> any ObservationView

  public static let all: [String: Builder] = [
    WordleKnowledge.viewName: { spec throws(TrainingError) in try WordleKnowledge(spec: spec) },
    OneHotParts.viewName: { spec throws(TrainingError) in try OneHotParts(spec: spec) },
  ]

  /// The view `name` for `spec`.
  public static func make(_ name: String, for spec: EnvSpec) throws(TrainingError) -> any ObservationView {
    guard let build = all[name] else {
      throw .invalidConfig(field: "wordle_knowledge",
                           message: "\(spec.id) asks for the observation view \"\(name)\", which this learner does "
                             + "not have; views: \(all.keys.sorted().joined(separator: ", "))")
    }
    return try build(spec)
  }
}
