import Foundation
import PavlovLearn

/// `ai-feedback:MODEL[,count[,key=PART+PART…]|,potential][,relabel=K,store=PATH,…]`: a
/// Bradley–Terry model from `pavlov reward fit`, paid plain, count-modulated or as potential
/// differences (see `LearnedReward.Shape`), optionally refit while training (`RelabellingOptions`).
/// `key=` names the observation parts whose contents key the episode counts, in place of the
/// environment's `count_key_part` hint or the caption (to compare what is counted).
public struct AIFeedbackRewardKind: RewardKind, Equatable {
  public static let name = "ai-feedback"
  public static let syntax = "ai-feedback:MODEL[,count[,key=PART+PART]|,potential][,\(RelabellingOptions.syntax)]"

  /// The reward model file.
  public var modelPath: String
  public var shape: LearnedReward.Shape
  /// Continual re-labelling, or nil for a model fixed for the whole run.
  public var relabelling: RelabellingOptions?
  /// The parts that key the counts of `count` (nil: the environment's hint, else the caption).
  public var countKeyParts: [String]?

  public init(modelPath: String, shape: LearnedReward.Shape = .plain, relabelling: RelabellingOptions? = nil,
              countKeyParts: [String]? = nil) {
    self.modelPath = modelPath
    self.shape = shape
    self.relabelling = relabelling
    self.countKeyParts = countKeyParts
  }

  public init(options: String?) throws(RewardError) {
    var parts = (options ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard let path = parts.first, !path.isEmpty else {
      throw RewardError.invalidArgument("'ai-feedback:\(options ?? "")' needs a model file: \(Self.syntax)")
    }
    parts.removeFirst()
    var shape = LearnedReward.Shape.plain
    if let option = parts.first, !option.contains("=") {
      guard let chosen = LearnedReward.Shape(rawValue: option), chosen != .plain else {
        throw RewardError.invalidArgument(
          "'ai-feedback:\(options ?? "")': after the model file, allowed: ,count or ,potential, then "
            + RelabellingOptions.syntax)
      }
      shape = chosen
      parts.removeFirst()
    }
    var countKeyParts: [String]?
    if let option = parts.first, option.hasPrefix("key=") {
      let names = option.dropFirst(4).split(separator: "+", omittingEmptySubsequences: false).map(String.init)
      guard shape == .countModulated else {
        throw RewardError.invalidArgument("'ai-feedback:\(options ?? "")': key= chooses what ,count counts; it needs ,count")
      }
      guard !names.contains(where: \.isEmpty), Set(names).count == names.count else {
        throw RewardError.invalidArgument(
          "'ai-feedback:\(options ?? "")': key= takes distinct observation part names joined by +, e.g. key=message+status_bins")
      }
      countKeyParts = names
      parts.removeFirst()
    }
    let relabelling = try RelabellingOptions.parse(parts, in: "ai-feedback:\(options ?? "")")
    self.init(modelPath: path, shape: shape, relabelling: relabelling, countKeyParts: countKeyParts)
  }

  /// Loads the model and refuses one fit on another environment.
  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction {
    let model: RewardModel
    do { model = try RewardModel(contentsOf: modelPath) } catch {
      throw RewardError.invalidArgument("'\(self)': cannot load the reward model: \(error)")
    }
    let id = context.spec.id
    guard model.environmentID == id else {
      throw RewardError.invalidArgument(
        "'\(self)': the reward model was fit on \(model.environmentID), not \(id); "
          + "fit one on \(id) (pavlov reward fit) or train on \(model.environmentID)")
    }
    // Checked here, before the run writes anything, not at the first step.
    let parts = context.spec.observationParts.map(\.name)
    if let unknown = countKeyParts?.first(where: { !parts.contains($0) }) {
      throw RewardError.invalidArgument(
        "'\(self)': key= names '\(unknown)', which is not one of \(id)'s observation parts (\(parts.joined(separator: ", ")))")
    }
    let label = URL(fileURLWithPath: modelPath).lastPathComponent
    let reward = LearnedReward(model: model, label: label, shape: shape, environmentCount: context.environmentCount,
                               gamma: context.gamma, countKeyParts: countKeyParts)
    guard let relabelling else { return reward }
    // The refit models live only in memory, so a resumed run would pay the first model again.
    guard !context.isResuming else {
      throw RewardError.invalidArgument(
        "'\(self)': --resume is refused with relabel=: the refit reward models are not in the checkpoint; "
          + "start a new run (the label store keeps every label, so its refits continue from them)")
    }
    return try RelabellingReward(reward: reward, options: relabelling, spec: context.spec,
                                 environmentCount: context.environmentCount) { line in
      FileHandle.standardError.write(Data((line + "\n").utf8))
    }
  }

  public var description: String {
    "\(Self.name):\(modelPath)" + (shape == .plain ? "" : ",\(shape.rawValue)")
      + (countKeyParts.map { ",key=" + $0.joined(separator: "+") } ?? "")
      + (relabelling.map { ",\($0.description)" } ?? "")
  }
}
