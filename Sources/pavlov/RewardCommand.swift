import ArgumentParser
import Foundation
import PavlovReward
import PavlovSim

/// `pavlov reward`: reward models learned from the labels of a label store.
struct RewardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reward",
    abstract: "Fit reward models on preference labels.",
    subcommands: [RewardFitCommand.self, RewardPlotCommand.self])
}

/// `pavlov reward fit`: a Bradley–Terry reward model over observations.
struct RewardFitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit a Bradley–Terry reward model (MLP over the observation) and write it atomically.")

  @Option(help: "The label store (from `pavlov collect` and `pavlov annotate`).")
  var store: String

  @Option(help: "Where to write the model.")
  var out: String

  @Option(help: "Whose labels to fit (default: the store's only labeller).")
  var labeller: String?

  @Option(help: "Passes over the training pairs.")
  var epochs: Int = 40

  @Option(help: "Hidden layer sizes, comma-separated.")
  var hidden: String = "64,64"

  @Option(name: .customLong("learning-rate"), help: "Adam's learning rate.")
  var learningRate: Float = 1e-3

  @Option(help: "Share of pairs held out for validation, within 0..<1.")
  var validation: Double = 0.1

  @Option(help: "Quantile of the normalised reward used as the threshold ε (0.5: the median).")
  var quantile: Double = 0.5

  @Option(help: "Seed of the split, the shuffles and the initial weights.")
  var seed: UInt64 = 0

  @Flag(help: "Fit on the observation alone, without the one-hot of the event recorded with it.")
  var noEvents = false

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1; got \(epochs)") }
    guard (0..<1).contains(validation) else { throw ValidationError("--validation must be within 0..<1; got \(validation)") }
    guard (0...1).contains(quantile) else { throw ValidationError("--quantile must be within 0...1; got \(quantile)") }
    guard learningRate > 0, learningRate.isFinite else {
      throw ValidationError("--learning-rate must be positive; got \(learningRate)")
    }
    _ = try hiddenSizes()
  }

  func hiddenSizes() throws -> [Int] {
    let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw ValidationError("--hidden '\(hidden)': expected positive layer sizes separated by commas, e.g. 64,64")
    }
    return sizes.map { $0! }
  }

  func run() throws {
    let labels = try LabelStore(path: store)
    let known = try labels.labellers()
    let name: String
    if let labeller {
      guard known.contains(where: { $0.name == labeller }) else {
        throw ValidationError("--labeller '\(labeller)' has no labels in \(store); it has: "
                              + (known.isEmpty ? "none" : known.map(\.name).joined(separator: ", ")))
      }
      name = labeller
    } else {
      guard known.count == 1 else {
        throw ValidationError(known.isEmpty ? "\(store) has no labels; run `pavlov annotate` first"
                              : "\(store) has labels of several labellers; choose one with --labeller: "
                                + known.map(\.name).joined(separator: ", "))
      }
      name = known[0].name
    }
    guard let environmentID = labels.environmentID else { throw ValidationError("\(store) holds no observations") }
    let examples = try labels.examples(labeller: name)
    var everything: [UInt8] = [], events: [Int32] = []
    try labels.forEachObservationBatch(batchSize: 4096) { (_, bytes, codes) in
      everything.append(contentsOf: bytes)
      events.append(contentsOf: codes)
    }

    var fit = BradleyTerryFit()
    fit.hiddenSizes = try hiddenSizes()
    fit.epochs = epochs
    fit.learningRate = learningRate
    fit.validationFraction = validation
    fit.thresholdQuantile = quantile
    fit.seed = seed
    // The event one-hot beside the observation, unless asked not to (see RewardModel.eventCount).
    fit.eventCount = noEvents ? 0 : ((try? VecEnv.spec(for: environmentID).eventNames.count) ?? 0)
    let simulated = known.first { $0.name == name }?.simulated == true
    print("fitting on \(examples.count) usable labels of \(name)" + (simulated ? " (a SIMULATED scripted teacher)" : ""))
    let start = monotonicSeconds()
    let elementSize = labels.observationType == "uint8" ? 1 : 4
    let model = try fit.fit(examples, labeller: name, environmentID: environmentID, observationType: labels.observationType,
                            observationSize: labels.observationByteCount / elementSize, normalisation: everything,
                            normalisationEvents: events)
    try model.write(to: out)
    let seconds = monotonicSeconds() - start
    if let r = model.report {
      print(String(format: "trained %d pairs, %d epochs in %.1f s: loss %.3f (validation %.3f), training accuracy %.3f",
                   r.trainingPairs, r.epochs, seconds, r.trainingLoss, r.validationLoss, r.trainingAccuracy))
      print(String(format: "validation: accuracy %.3f on %d non-tied pairs; agreement with the oracle (privileged progress) %.3f on %d pairs",
                   r.validationAccuracy, r.validationDecisivePairs, r.validationOracleAgreement, r.validationOraclePairs))
    }
    print(String(format: "normalisation: mean %.4f, std %.4f; threshold ε = %.4f (quantile %.2f of r̂)",
                 model.rewardMean, model.rewardStandardDeviation, model.threshold, model.thresholdQuantile))
    print("wrote \(out)")
  }
}
