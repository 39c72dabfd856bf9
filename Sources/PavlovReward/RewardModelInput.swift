import PavlovLearn
import PavlovNet
import PavlovSim

/// What a reward model reads.
///
/// - `observation`: every element of the raw observation as a number, standardised with the
///   statistics of the collected observations (codes read as magnitudes: a grid's object 5 is
///   "more" than object 4);
/// - `learnerView`: the categories the PPO learner one-hot encodes (`ObservationEncoding`: the
///   view the spec names in its `observation_view` hint, or every element of an all-categorical
///   observation), through a sparse first layer that sums one weight row per feature. On NetHack
///   that is 94 codes (the crop's glyph classes, the status bins) instead of 6,682 numbers among
///   which the stairs are one glyph id of 1,659.
///
/// An environment names its default in the `reward_model_input` hint; without one it is
/// `observation`, what every reward model read before the choice existed.
public enum RewardModelInput: String, Sendable, CaseIterable, Codable {
  case observation
  case learnerView = "learner-view"

  /// The spec hint naming an environment's default input.
  public static let hint = "reward_model_input"

  /// The default input for `spec`: its hint, else `observation`.
  public static func automatic(for spec: EnvSpec) throws(RewardError) -> RewardModelInput {
    guard let value = spec.learnerHints[hint] else { return .observation }
    guard let input = RewardModelInput(rawValue: value) else {
      throw .invalidArgument("\(spec.id)'s hint \(hint) is '\(value)'; allowed: "
                             + allCases.map(\.rawValue).joined(separator: ", "))
    }
    return input
  }

  /// The default input for the environment `id`; `observation` for an id that is not registered
  /// (models fit on synthetic data in tests).
  static func automatic(forEnvironment id: String) throws(RewardError) -> RewardModelInput {
    guard let spec = try? VecEnv.spec(for: id) else { return .observation }
    return try automatic(for: spec)
  }
}

/// The learner's one-hot view as a reward model's first layer: category codes per feature, the
/// event as one more feature (its codes after the view's), summed rows of a `OneHotLayer`.
final class RewardViewInput {
  /// "one-hot" for every element of an all-categorical observation, else the view's name.
  let name: String
  let viewCategoryCounts: [Int]
  let eventCount: Int
  let layer: OneHotLayer
  private let view: any ObservationView
  private let viewCategoryTotal: Int32

  /// Codes written per observation.
  var featureCount: Int { viewCategoryCounts.count + (eventCount > 0 ? 1 : 0) }

  /// The name of the whole-observation one-hot (no named view).
  static let elementwiseName = "one-hot"

  init(environmentID: String, eventCount: Int, outputSize: Int, seed: UInt64, maxBatchSize: Int) throws {
    let spec: EnvSpec
    do { spec = try VecEnv.spec(for: environmentID) } catch {
      throw RewardError.invalidArgument(
        "a reward model reading the learner view needs a registered environment; '\(environmentID)' is not one")
    }
    switch ObservationEncoding.automatic(for: spec) {
    case .view(let name, let counts):
      self.name = name
      viewCategoryCounts = counts
      do { view = try ObservationViews.make(name, for: spec) } catch {
        throw RewardError.invalidArgument("\(spec.id)'s learner view \(name): \(error)")
      }
    case .oneHot(let counts):
      name = Self.elementwiseName
      viewCategoryCounts = counts
      view = ElementwiseOneHot(categoryCounts: counts, elementType: spec.observationType)
    case .continuous, .elementTable:
      throw RewardError.invalidArgument(
        "\(spec.id) has no one-hot learner view (its observation is read as numbers); allowed input: observation")
    }
    self.eventCount = eventCount
    let total = viewCategoryCounts.reduce(0, +)
    viewCategoryTotal = Int32(total)
    layer = try OneHotLayer(categoryCount: total + eventCount, featureCount: viewCategoryCounts.count + (eventCount > 0 ? 1 : 0),
                            outputSize: outputSize, activation: .tanh, seed: seed, maxBatchSize: maxBatchSize)
  }

  /// Writes `featureCount` codes for the raw observation at `row` and its event (codes outside
  /// 0..<eventCount count as 0, "no event"); throws naming an element outside its categories.
  func encode(_ row: UnsafeRawPointer, event: Int, into out: UnsafeMutablePointer<Int32>) throws {
    if let element = view.encode(row, into: out) {
      throw RewardError.invalidArgument(
        "observation element \(element) is outside its part's categories; the \(name) view reads category codes")
    }
    if eventCount > 0 {
      out[viewCategoryCounts.count] = viewCategoryTotal + Int32(event >= 0 && event < eventCount ? event : 0)
    }
  }
}

/// Every element of an all-categorical observation one-hot (what the learner reads of a grid).
private struct ElementwiseOneHot: ObservationView {
  let categoryCounts: [Int]
  let bases: [Int32]
  let elementType: EnvSpec.ElementType

  init(categoryCounts: [Int], elementType: EnvSpec.ElementType) {
    self.categoryCounts = categoryCounts
    var running: Int32 = 0
    bases = categoryCounts.map { count in
      defer { running += Int32(count) }
      return running
    }
    self.elementType = elementType
  }

  func encode(_ row: UnsafeRawPointer, into out: UnsafeMutablePointer<Int32>) -> Int? {
    for j in 0..<categoryCounts.count {
      let value = elementType == .int32 ? row.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self)
                                        : Int32(row.load(fromByteOffset: j, as: UInt8.self))
      guard value >= 0, value < Int32(categoryCounts[j]) else { return j }
      out[j] = bases[j] + value
    }
    return nil
  }
}
