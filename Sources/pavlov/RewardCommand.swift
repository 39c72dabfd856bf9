import ArgumentParser
import Foundation
import PavlovReward

extension RewardModelInput: ExpressibleByArgument {}

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

  @Option(help: ArgumentHelp(
    "What the model reads: observation (every element, standardised) or learner-view (the categories PPO one-hot "
      + "encodes). Default: the environment's reward_model_input hint, else observation.",
    valueName: "observation|learner-view"))
  var input: RewardModelInput?

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1; got \(epochs)") }
    guard (0..<1).contains(validation) else { throw ValidationError("--validation must be within 0..<1; got \(validation)") }
    guard (0...1).contains(quantile) else { throw ValidationError("--quantile must be within 0...1; got \(quantile)") }
    guard learningRate > 0, learningRate.isFinite else {
      throw ValidationError("--learning-rate must be positive; got \(learningRate)")
    }
    _ = try hiddenSizes()
    // Checked before the fit, so a slip in --out costs nothing and overwrites nothing.
    try OutputPath.check(out, option: "--out", inputs: [store], overwritable: ["pavlov-reward-model "])
  }

  func hiddenSizes() throws -> [Int] {
    let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    let limit = RewardModel.hiddenSizeLimit, layers = RewardModel.hiddenLayerLimit
    guard !sizes.isEmpty, sizes.count <= layers, sizes.allSatisfy({ (1...limit).contains($0 ?? 0) }) else {
      throw ValidationError("--hidden '\(hidden)': expected 1 to \(layers) layer sizes within 1...\(limit), "
                            + "separated by commas, e.g. 64,64")
    }
    return sizes.map { $0! }
  }

  func run() throws {
    let data = try FitData(store: LabelStore(path: store), labeller: labeller)
    var fit = BradleyTerryFit()
    fit.hiddenSizes = try hiddenSizes()
    fit.epochs = epochs
    fit.learningRate = learningRate
    fit.validationFraction = validation
    fit.thresholdQuantile = quantile
    fit.seed = seed
    print("fitting on \(data.examples.count) usable labels of \(data.labeller)"
          + (data.isSimulated ? " (a SIMULATED scripted teacher)" : ""))
    let start = monotonicSeconds()
    let model = try fit.fit(data, usesEvents: !noEvents, input: input)
    try model.write(to: out)
    printFit(model, seconds: monotonicSeconds() - start)
    // What PPO pays per step for the learned reward: one pass over every collected observation.
    let scoring = monotonicSeconds()
    _ = try model.rewards(observationBytes: data.observations, events: noEvents ? nil : data.events)
    let perObservation = (monotonicSeconds() - scoring) / Double(max(1, data.events.count))
    print(String(format: "input: %@ (%d parameters); scoring: %.2f us per observation (%d observations, one thread)",
                 model.input.rawValue, model.parameterCount, perObservation * 1e6, data.events.count))
    print("wrote \(out)")
  }
}

/// What `pavlov reward fit` (and the demo's fit stage) says about a fitted model. The demo
/// times its stages itself, so it passes no `seconds`.
func printFit(_ model: RewardModel, seconds: Double? = nil) {
  if let r = model.report {
    let took = seconds.map { String(format: " in %.1f s", $0) } ?? ""
    print(String(format: "trained %d pairs, %d epochs%@: loss %.3f (validation %.3f), training accuracy %.3f",
                 r.trainingPairs, r.epochs, took, r.trainingLoss, r.validationLoss, r.trainingAccuracy))
    print(String(format: "validation: accuracy %.3f on %d non-tied pairs; agreement with the oracle (privileged progress) %.3f on %d pairs",
                 r.validationAccuracy, r.validationDecisivePairs, r.validationOracleAgreement, r.validationOraclePairs))
  }
  print(String(format: "normalisation: mean %.4f, std %.4f; threshold ε = %.4f (quantile %.2f of r̂)",
               model.rewardMean, model.rewardStandardDeviation, model.threshold, model.thresholdQuantile))
}

/// Checks on a file a command will write, made before any work: its directory exists, it is
/// not a directory, not one of the command's inputs, and not a file of another kind (so a slip
/// such as `--out labels.db` never overwrites data the user has).
enum OutputPath {
  /// `option` names the flag in messages; `inputs` are paths the command reads; an existing file
  /// must start with one of `overwritable` (what this command writes) to be replaced.
  static func check(_ path: String, option: String, inputs: [String], overwritable: [String]) throws {
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("\(option) \(path): the directory \(parent) does not exist")
    }
    for input in inputs where sameFile(path, input) {
      throw ValidationError("\(option) \(path) is also an input of this command; choose another \(option)")
    }
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    guard !isDirectory.boolValue else { throw ValidationError("\(option) \(path) is a directory; give a file name") }
    let head = FileHandle(forReadingAtPath: path).flatMap { handle in
      defer { try? handle.close() }
      return try? handle.read(upToCount: 64)
    } ?? Data()
    guard head.isEmpty || overwritable.contains(where: { head.starts(with: Data($0.utf8)) }) else {
      throw ValidationError("\(option) \(path) exists and is not a file this command writes; "
                            + "refusing to overwrite it (remove it or choose another \(option))")
    }
  }

  /// Whether two paths name one file (after `..`, symbolic links, or as hard links).
  static func sameFile(_ a: String, _ b: String) -> Bool {
    let resolve = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
    if resolve(a) == resolve(b) { return true }
    let manager = FileManager.default
    guard let first = try? manager.attributesOfItem(atPath: a), let second = try? manager.attributesOfItem(atPath: b),
          let inode = first[.systemFileNumber] as? UInt64, let device = first[.systemNumber] as? UInt64 else { return false }
    return inode == second[.systemFileNumber] as? UInt64 && device == second[.systemNumber] as? UInt64
  }
}
