import PavlovSim

/// The labels of one labeller and every observation of a label store, checked and ready for a
/// Bradley–Terry fit (what `pavlov reward fit` fits on).
public struct FitData {
  /// Whose labels these are, and whether it is a simulated (scripted) teacher.
  public let labeller: String
  public let isSimulated: Bool
  public let spec: EnvSpec
  /// The usable labels (preferred or tie), with both observations.
  public let examples: [PreferenceExample]
  /// Every observation of the store (raw bytes, row-major) and its event: the input
  /// statistics and the reward normalisation come from these.
  public let observations: [UInt8]
  public let events: [Int32]

  /// Reads `store`: the labels of `labeller`, or of the store's only labeller when nil. The
  /// store's environment and layout, then every label, are checked before anything is read.
  public init(store: LabelStore, labeller: String? = nil) throws {
    let known = try store.labellers()
    let name: String
    if let labeller {
      guard known.contains(where: { $0.name == labeller }) else {
        throw RewardError.invalidArgument(
          "labeller '\(labeller)' has no labels in \(store.path); it has: "
            + (known.isEmpty ? "none" : known.map(\.name).joined(separator: ", ")))
      }
      name = labeller
    } else {
      guard known.count == 1 else {
        throw RewardError.invalidArgument(
          known.isEmpty ? "\(store.path) has no labels; run `pavlov annotate` first"
            : "\(store.path) has labels of several labellers; choose one with --labeller: "
              + known.map(\.name).joined(separator: ", "))
      }
      name = known[0].name
    }
    spec = try store.checkEnvironment()
    examples = try store.examples(labeller: name)
    var observations: [UInt8] = [], events: [Int32] = []
    try store.forEachObservationBatch(batchSize: 4096) { (_, bytes, codes) in
      observations.append(contentsOf: bytes)
      events.append(contentsOf: codes)
    }
    self.observations = observations
    self.events = events
    self.labeller = name
    isSimulated = known.first { $0.name == name }?.simulated == true
  }
}

extension BradleyTerryFit {
  /// Fits on `data`, with the one-hot of each observation's event beside it unless
  /// `usesEvents` is false (then `eventCount` is 0; see `RewardModel.eventCount`), reading
  /// `input` (else this fit's `input`, else the environment's default).
  public func fit(_ data: FitData, usesEvents: Bool = true, input: RewardModelInput? = nil) throws -> RewardModel {
    var fit = self
    fit.eventCount = usesEvents ? data.spec.eventNames.count : 0
    fit.input = try input ?? self.input ?? RewardModelInput.automatic(for: data.spec)
    return try fit.fit(data.examples, labeller: data.labeller, environmentID: data.spec.id,
                       observationType: data.spec.observationType.rawValue, observationSize: data.spec.observationSize,
                       normalisation: data.observations, normalisationEvents: data.events)
  }
}
