import Foundation
import PavlovLearn

/// The reward model file: a header line "pavlov-reward-model <version>", then one JSON
/// object with the network's layout, its flat parameters and the normalisation.
struct RewardModelFile: Codable {
  static let magic = "pavlov-reward-model"
  /// 2 added `eventCount`; version 1 files (no events) still load. 3 added `input` and
  /// `viewName`/`viewCategoryCounts` (a model over the learner's view); a model that reads the
  /// observation is still written as version 2, byte for byte as before.
  static let version = 3
  static let observationVersion = 2

  var environmentID: String
  var observationType: String
  var observationSize: Int
  var eventCount: Int?
  /// nil (versions 1 and 2): `observation`.
  var input: RewardModelInput?
  /// The learner view the model was fit on, to refuse it when the environment's view changed.
  var viewName: String?
  var viewCategoryCounts: [Int]?
  var hiddenSizes: [Int]
  var activation: String
  var inputMean: [Float]
  var inputScale: [Float]
  var rewardMean: Float
  var rewardStandardDeviation: Float
  var threshold: Float
  var thresholdQuantile: Double
  var report: FitReport?
  var parameters: [Float]
}

extension RewardModel {
  /// Writes the model to `path` atomically (PavlovLearn's `writeAtomically`: a temporary file
  /// beside it, flushed, then a rename), so a reader or a crash never sees half a model. Only a
  /// regular file is replaced: a device, FIFO, directory or symbolic link at `path` is refused,
  /// and a failed write throws.
  public func write(to path: String) throws {
    let file = RewardModelFile(
      environmentID: environmentID, observationType: observationType, observationSize: observationSize,
      eventCount: eventCount, input: viewInput == nil ? nil : input, viewName: viewInput?.name,
      viewCategoryCounts: viewInput?.viewCategoryCounts, hiddenSizes: hiddenSizes, activation: "tanh",
      inputMean: inputMean, inputScale: inputScale, rewardMean: rewardMean, rewardStandardDeviation: rewardStandardDeviation,
      threshold: threshold, thresholdQuantile: thresholdQuantile, report: report,
      parameters: (viewInput.map { Array($0.layer.parameters) } ?? []) + Array(network.parameters))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let version = viewInput == nil ? RewardModelFile.observationVersion : RewardModelFile.version
    var data = Data("\(RewardModelFile.magic) \(version)\n".utf8)
    data.append(try encoder.encode(file))
    data.append(Data("\n".utf8))
    do {
      try writeAtomically(data, to: URL(fileURLWithPath: path))
    } catch {
      throw RewardError.storage(error.description)
    }
  }

  /// Loads a model written by `write(to:)`; another format or version is refused.
  public convenience init(contentsOf path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw RewardError.invalidArgument("the reward model \(path) does not exist (`pavlov reward fit --out` writes one)")
    }
    guard !isDirectory.boolValue else { throw RewardError.invalidArgument("\(path) is a directory, not a reward model") }
    // The header first: a mistyped path to a large file of another kind is not read whole.
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw RewardError.storage("cannot read reward model \(path)")
    }
    let head = (try? handle.read(upToCount: 64)) ?? nil
    try? handle.close()
    guard let head, head.starts(with: Data("\(RewardModelFile.magic) ".utf8)) else {
      throw RewardError.incompatibleFile("\(path) is not a Pavlov reward model (no '\(RewardModelFile.magic)' header)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RewardError.storage("cannot read reward model \(path)")
    }
    guard let newline = data.firstIndex(of: UInt8(ascii: "\n")) else {
      throw RewardError.incompatibleFile("\(path) is not a Pavlov reward model (no header line)")
    }
    let header = String(decoding: data[..<newline], as: UTF8.self).split(separator: " ")
    guard header.count == 2, header[0] == RewardModelFile.magic else {
      throw RewardError.incompatibleFile("\(path) is not a Pavlov reward model (header '\(header.joined(separator: " "))')")
    }
    guard (1...RewardModelFile.version).map(String.init).contains(String(header[1])) else {
      throw RewardError.incompatibleFile(
        "\(path) is a reward model of version \(header[1]); this Pavlov reads version \(RewardModelFile.version): refit it")
    }
    let file: RewardModelFile
    do {
      file = try JSONDecoder().decode(RewardModelFile.self, from: data[(newline + 1)...])
    } catch {
      throw RewardError.incompatibleFile("\(path): malformed reward model: \(error)")
    }
    guard file.input == nil || header[1] == String(RewardModelFile.version) else {
      throw RewardError.incompatibleFile("\(path): a version \(header[1]) reward model cannot name an input")
    }
    try file.check(path: path)
    do {
      try self.init(environmentID: file.environmentID, observationType: file.observationType,
                    observationSize: file.observationSize, eventCount: file.eventCount ?? 0, hiddenSizes: file.hiddenSizes,
                    input: file.input ?? .observation)
    } catch let error as RewardError {
      throw RewardError.incompatibleFile("reward model \(path): \(error.description)")
    }
    guard parameterCount == file.parameters.count else {
      throw RewardError.incompatibleFile("\(path): \(file.parameters.count) parameters for a network of \(parameterCount)")
    }
    let first = viewInput?.layer.parameterCount ?? 0
    if let viewInput {
      guard viewInput.name == file.viewName, viewInput.viewCategoryCounts == file.viewCategoryCounts else {
        throw RewardError.incompatibleFile(
          "reward model \(path) was fit on \(file.environmentID)'s learner view '\(file.viewName ?? "none")' with "
            + "\(file.viewCategoryCounts?.count ?? 0) features; the environment's view is now '\(viewInput.name)' with "
            + "\(viewInput.viewCategoryCounts.count) features (other categories): refit it")
      }
      _ = viewInput.layer.parameters.update(fromContentsOf: file.parameters[0..<first])
    }
    _ = network.parameters.update(fromContentsOf: file.parameters[first...])
    inputMean = file.inputMean
    inputScale = file.inputScale
    rewardMean = file.rewardMean
    rewardStandardDeviation = file.rewardStandardDeviation
    threshold = file.threshold
    thresholdQuantile = file.thresholdQuantile
    report = file.report
  }
}
