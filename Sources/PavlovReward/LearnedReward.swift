import Foundation
import PavlovLearn
import PavlovSim

/// A Bradley–Terry reward model as the reward PPO trains on (`pavlov train --reward
/// ai-feedback:MODEL`). The environment's reward is never used; its return and success rate are
/// still logged by the trainer.
///
/// A reward paid in every state can be farmed: an agent may linger in a good state instead of
/// finishing. The three shapes are the known answers, selectable so they can be compared:
/// - `plain`: r = r̂(o′), the normalised reward of the observation reached;
/// - `countModulated`: the paper's exploration equation, r = 1[r̂ > ε] · r̂ / N_ep(caption)^β, so a
///   state pays (almost) only the first time an episode sees it. States are counted by caption,
///   or by one observation part where the environment's `count_key_part` hint names it (NetHack:
///   the game's message, as Motif counts messages; its caption also says the turn, so no two
///   captions of an episode would ever repeat);
/// - `potential`: r = γ·r̂(o′) − r̂(o), potential-based shaping (Ng et al. 1999): only progress pays.
public final class LearnedReward: RewardFunction {
  public enum Shape: String, CaseIterable, Sendable {
    case plain, countModulated = "count", potential
  }

  public private(set) var model: RewardModel
  public let shape: Shape
  public let name: String
  private let gamma: Float
  private var modulation: EpisodicCountModulation<String>
  private var previous: [Float]
  private var hasPrevious: [Bool]
  private var reached: [UInt8] = []
  private var scratch: [Float] = []
  private var events: [Int32] = []
  private var ended: [Int] = []
  private var fresh: [UInt8] = []
  /// Parts chosen to key the counts in place of the spec's `count_key_part` hint.
  private let countKeyParts: [String]?
  /// Bytes of the reached observation that key the counts (nil: the caption), per spec id.
  private var countKey: (id: String, bytes: [Range<Int>]?)?

  /// `label` names the model in logs and checkpoints (usually its file name).
  /// `countKeyParts` (with `countModulated`) names the parts that key the counts, in place of the
  /// environment's `count_key_part` hint or the caption.
  public init(model: RewardModel, label: String, shape: Shape, environmentCount: Int, gamma: Float = 0.99,
              beta: Double = 3, countKeyParts: [String]? = nil)
  {
    self.model = model
    self.shape = shape
    self.gamma = gamma
    self.countKeyParts = countKeyParts
    name = "ai-feedback:\(label)" + (shape == .plain ? "" : ",\(shape.rawValue)")
      + (countKeyParts.map { ",key=" + $0.joined(separator: "+") } ?? "")
    modulation = EpisodicCountModulation(environmentCount: environmentCount, threshold: model.threshold, beta: beta)
    previous = [Float](repeating: 0, count: environmentCount)
    hasPrevious = [Bool](repeating: false, count: environmentCount)
  }

  /// Pays `model` from the next step on (a refit of the same environment, re-normalised by its
  /// fit). Episode counts keep going, with the new model's threshold; potentials computed with
  /// the old model are dropped, so each env's first step after the swap pays 0 under `potential`
  /// rather than a difference of two models' rewards.
  public func replaceModel(_ model: RewardModel) throws(RewardError) {
    guard model.environmentID == self.model.environmentID else {
      throw RewardError.invalidArgument(
        "the new reward model was fit on \(model.environmentID), not \(self.model.environmentID)")
    }
    self.model = model
    modulation.threshold = model.threshold
    for e in hasPrevious.indices { hasPrevious[e] = false }
  }

  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
    guard batch.spec.id == model.environmentID else {
      throw RewardError.invalidArgument("the reward model was fit on \(model.environmentID), not \(batch.spec.id)")
    }
    let width = batch.spec.observationByteCount, count = batch.count
    if reached.count != count * width { reached = [UInt8](repeating: 0, count: count * width) }
    reached.withUnsafeMutableBytes { out in
      for e in 0..<count {
        UnsafeMutableRawBufferPointer(rebasing: out[(e * width)..<((e + 1) * width)])
          .copyMemory(from: batch.reachedObservation(of: e))
      }
    }
    // The event of the step that reached each observation (what its caption reports).
    if events.count != count { events = [Int32](repeating: 0, count: count) }
    for e in 0..<count { events[e] = Int32(batch.event(of: e)) }
    try reached.withUnsafeBytes { bytes in
      try events.withUnsafeBufferPointer { codes in
        try model.rewards(observationBytes: bytes, count: count, into: rewards, events: codes)
      }
    }
    switch shape {
    case .plain:
      break
    case .countModulated:
      let keyBytes = try countKeyBytes(of: batch.spec)
      for e in 0..<count {
        let key: String
        if let keyBytes {
          let reached = batch.reachedObservation(of: e)
          var data = Data()
          for range in keyBytes { data.append(contentsOf: UnsafeRawBufferPointer(rebasing: reached[range])) }
          key = data.base64EncodedString()
        } else {
          key = try batch.caption(of: e)
        }
        rewards[e] = modulation.modulate(rewards[e], environment: e, key: key)
        if batch.ended(e) { modulation.endEpisode(environment: e) }
      }
    case .potential:
      // Each env's potential after the step: r̂ of the observation it reached (just computed), or,
      // where an episode ended, of the next episode's first observation (no event), scored here
      // for those envs only.
      ended.removeAll(keepingCapacity: true)
      for e in 0..<count where batch.ended(e) { ended.append(e) }
      if !ended.isEmpty {
        if fresh.count < ended.count * width { fresh = [UInt8](repeating: 0, count: ended.count * width) }
        if scratch.count < ended.count { scratch = [Float](repeating: 0, count: ended.count) }
        fresh.withUnsafeMutableBytes { out in
          for (k, e) in ended.enumerated() {
            UnsafeMutableRawBufferPointer(rebasing: out[(k * width)..<((k + 1) * width)])
              .copyMemory(from: UnsafeRawBufferPointer(rebasing: batch.observations[(e * width)..<((e + 1) * width)]))
          }
        }
        try fresh.withUnsafeBytes { bytes in
          try scratch.withUnsafeMutableBufferPointer { next in
            try model.rewards(observationBytes: bytes, count: ended.count, into: next)
          }
        }
      }
      var k = 0
      for e in 0..<count {
        let potential = rewards[e]
        rewards[e] = hasPrevious[e] ? gamma * potential - previous[e] : 0
        if batch.ended(e) {
          previous[e] = scratch[k]
          k += 1
        } else {
          previous[e] = potential
        }
        hasPrevious[e] = true
      }
    }
  }

  /// The byte ranges of the parts chosen by `countKeyParts`, else of the part named by the
  /// spec's `count_key_part` hint; nil with neither (the caption keys the counts).
  private func countKeyBytes(of spec: EnvSpec) throws(RewardError) -> [Range<Int>]? {
    if let countKey, countKey.id == spec.id { return countKey.bytes }
    let chosen = countKeyParts ?? spec.learnerHints["count_key_part"].map { [$0] }
    var bytes: [Range<Int>]?
    if let chosen {
      bytes = []
      for name in chosen {
        guard let part = spec.observationParts.first(where: { $0.name == name }) else {
          let names = spec.observationParts.map(\.name).joined(separator: ", ")
          throw RewardError.invalidArgument(
            (countKeyParts == nil ? "\(spec.id)'s hint count_key_part names" : "key= names")
              + " '\(name)', which is not one of \(spec.id)'s observation parts (\(names))")
        }
        let width = part.elementType.byteWidth
        bytes?.append((part.offset * width)..<((part.offset + part.shape.reduce(1, *)) * width))
      }
    }
    countKey = (spec.id, bytes)
    return bytes
  }
}
