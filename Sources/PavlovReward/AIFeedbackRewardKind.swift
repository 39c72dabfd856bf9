import Foundation
import PavlovLearn

/// `ai-feedback:MODEL[,count|,potential]`: a Bradley–Terry model from `pavlov reward fit`,
/// paid plain, count-modulated or as potential differences (see `LearnedReward.Shape`).
public struct AIFeedbackRewardKind: RewardKind, Equatable {
  public static let name = "ai-feedback"
  public static let syntax = "ai-feedback:MODEL[,count|,potential]"

  /// The reward model file.
  public var modelPath: String
  public var shape: LearnedReward.Shape

  public init(modelPath: String, shape: LearnedReward.Shape = .plain) {
    self.modelPath = modelPath
    self.shape = shape
  }

  public init(options: String?) throws(RewardError) {
    var parts = (options ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard let path = parts.first, !path.isEmpty else {
      throw RewardError.invalidArgument("'ai-feedback:\(options ?? "")' needs a model file: \(Self.syntax)")
    }
    parts.removeFirst()
    var shape = LearnedReward.Shape.plain
    if let option = parts.first {
      guard parts.count == 1, let chosen = LearnedReward.Shape(rawValue: option), chosen != .plain else {
        throw RewardError.invalidArgument(
          "'ai-feedback:\(options ?? "")': after the model file, allowed: ,count or ,potential")
      }
      shape = chosen
    }
    self.init(modelPath: path, shape: shape)
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
    let label = URL(fileURLWithPath: modelPath).lastPathComponent
    return LearnedReward(model: model, label: label, shape: shape, environmentCount: context.environmentCount,
                         gamma: context.gamma)
  }

  public var description: String { "\(Self.name):\(modelPath)" + (shape == .plain ? "" : ",\(shape.rawValue)") }
}
