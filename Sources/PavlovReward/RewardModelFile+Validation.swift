import Foundation
import PavlovSim

extension RewardModel {
  /// Widest hidden layer a reward model may have (the network's workspace grows with it).
  public static let hiddenSizeLimit = 4096
  /// Most hidden layers a reward model may have.
  public static let hiddenLayerLimit = 8

  /// Why `sizes` cannot be a reward model's hidden layers, or nil.
  static func hiddenSizesProblem(_ sizes: [Int]) -> String? {
    guard !sizes.isEmpty else { return "at least one hidden layer is needed" }
    guard sizes.count <= hiddenLayerLimit, sizes.allSatisfy({ (1...hiddenSizeLimit).contains($0) }) else {
      return "\(sizes): each hidden size must be within 1...\(hiddenSizeLimit), at most \(hiddenLayerLimit) layers"
    }
    return nil
  }
}

extension RewardModelFile {
  /// Checks every field before a network is built from them, so a file edited by hand, cut
  /// short or written for another environment is refused with the field named, never used:
  /// a negative standard deviation would invert the reward, a wrong size would misread the
  /// observation, and a huge layer would allocate gigabytes.
  func check(path: String) throws(RewardError) {
    func refuse(_ text: String) -> RewardError { .incompatibleFile("reward model \(path): \(text)") }
    let types = ["uint8", "int32", "float32"]
    guard types.contains(observationType) else {
      throw refuse("observationType '\(observationType)' is unknown; allowed: \(types.joined(separator: ", "))")
    }
    let spec: EnvSpec
    do {
      spec = try VecEnv.spec(for: environmentID)
    } catch {
      throw refuse("environmentID '\(environmentID)' is not a registered environment (see `pavlov envs`)")
    }
    guard observationType == spec.observationType.rawValue, observationSize == spec.observationSize else {
      throw refuse("observationType \(observationType), observationSize \(observationSize) do not match \(environmentID) "
                   + "(\(spec.observationType.rawValue), \(spec.observationSize))")
    }
    let events = eventCount ?? 0
    guard events == 0 || events == spec.eventNames.count else {
      throw refuse("eventCount \(events) must be 0 or \(environmentID)'s \(spec.eventNames.count) events")
    }
    if let problem = RewardModel.hiddenSizesProblem(hiddenSizes) { throw refuse("hiddenSizes: \(problem)") }
    guard activation == "tanh" else {
      throw refuse("activation '\(activation)' is unknown; reward models use tanh")
    }
    let readsView = input == .learnerView
    if readsView {
      guard let counts = viewCategoryCounts, !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }), viewName != nil else {
        throw refuse("input learner-view needs viewName and viewCategoryCounts (each 1 or more)")
      }
    }
    // Over the view, the first layer is a table of one row per category (the event's after the
    // view's) and a bias; the MLP starts at the first hidden layer.
    let firstInputs = readsView ? (viewCategoryCounts ?? []).reduce(0, +) + events : observationSize + events
    let layers = [firstInputs] + hiddenSizes + [1]
    let expected = zip(layers, layers.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    guard parameters.count == expected else {
      throw refuse("parameters has \(parameters.count) values; a network of layers \(layers) has \(expected)")
    }
    try checkFinite(parameters, "parameters", path: path)
    let standardised = readsView ? 0 : observationSize
    for (name, values) in [("inputMean", inputMean), ("inputScale", inputScale)] {
      guard values.count == standardised else {
        throw refuse("\(name) has \(values.count) values; it needs \(standardised) "
                     + (readsView ? "(a model over the learner view standardises nothing)" : "(observationSize)"))
      }
      try checkFinite(values, name, path: path)
    }
    if let index = inputScale.firstIndex(where: { $0 < 0 }) {
      throw refuse("inputScale[\(index)] = \(inputScale[index]) must be 0 or more (1/std of the element, 0 if constant)")
    }
    try checkFinite([rewardMean, threshold], "rewardMean and threshold", path: path)
    guard rewardStandardDeviation.isFinite, rewardStandardDeviation > 0 else {
      throw refuse("rewardStandardDeviation = \(rewardStandardDeviation) must be finite and greater than 0 "
                   + "(a negative one inverts the reward)")
    }
    guard (0...1).contains(thresholdQuantile) else {
      throw refuse("thresholdQuantile = \(thresholdQuantile) must be within 0...1")
    }
  }

  private func checkFinite(_ values: [Float], _ name: String, path: String) throws(RewardError) {
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw .incompatibleFile("reward model \(path): \(name)[\(index)] = \(values[index]) is not finite")
    }
  }
}
