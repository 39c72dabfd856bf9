import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim

/// A reward computed from the caption of each observation reached: `llm-scalar` (an LLM's
/// rating), `llm-embedding` (similarity to the goal), or the SIMULATED stand-in that reads the
/// privileged progress instead of any caption.
///
/// Each distinct caption is scored once per run and kept in memory; the client's persistent
/// cache keeps the answers across runs. A step's new captions are scored concurrently (the
/// client bounds the requests in flight) before any reward of the step is paid, so the step
/// waits for them: after the first episodes most captions are known and a step costs nothing.
/// An answer that does not parse, or a call that fails after its retries, scores the named
/// fallback and is counted in `statistics` and logged; many failures in a row stop the run.
///
/// Then, as for `ai-feedback`: r̂ below `threshold` pays 0 (ELLM's threshold), and the shape is
/// plain, count-modulated (r̂ / N_ep(caption)^β) or potential-based (γ·r̂(o′) − r̂(o)).
public final class CaptionValueReward: RewardFunction {
  public enum Source: Sendable {
    case captions(any CaptionScorer)
    /// SIMULATED: r̂ is the step's privileged task progress (info column `progress`, 0...1).
    case privilegedProgress
  }

  public struct Statistics: Sendable, Equatable {
    /// Distinct captions scored so far (each asked once).
    public var distinctCaptions = 0
    public var unparseable = 0
    public var failed = 0
    /// Seconds the trainer waited for scores.
    public var waitingSeconds = 0.0
  }

  /// After this many failed calls in a row (no success between them) the server is taken to be
  /// down and the run stops, rather than training on fallbacks.
  public static let maxConsecutiveFailures = 16

  public let name: String
  public let source: Source
  public let shape: LearnedReward.Shape
  public let threshold: Float?
  public let fallback: Float
  /// How the fallback is named in messages: "0 (rating 1, the lowest)".
  public let fallbackDescription: String
  public private(set) var statistics = Statistics()
  private let gamma: Float
  private let log: (String) -> Void
  private var memo: [String: Float] = [:]
  private var consecutiveFailures = 0
  private var nextReport = 1
  private var modulation: EpisodicCountModulation<String>
  private var previous: [Float]
  /// r̂ of the observation each env reached this step (kept, so a step allocates no buffer).
  private var reached: [Float]
  private var hasPrevious: [Bool]

  public init(name: String, source: Source, shape: LearnedReward.Shape, threshold: Float? = nil, fallback: Float,
              fallbackDescription: String, environmentCount: Int, gamma: Float = 0.99, beta: Double = 3,
              log: @escaping (String) -> Void = CaptionValueReward.standardError)
  {
    self.name = name
    self.source = source
    self.shape = shape
    self.threshold = threshold
    self.fallback = fallback
    self.fallbackDescription = fallbackDescription
    self.gamma = gamma
    self.log = log
    // The threshold is applied before shaping, so the modulation keeps every reward.
    modulation = EpisodicCountModulation(environmentCount: environmentCount, threshold: -.infinity, beta: beta)
    previous = [Float](repeating: 0, count: environmentCount)
    reached = [Float](repeating: 0, count: environmentCount)
    hasPrevious = [Bool](repeating: false, count: environmentCount)
  }

  public static func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// The score of `caption` if it was scored in this run.
  public func score(of caption: String) -> Float? { memo[caption] }

  /// Every caption scored in this run with its r̂ (fallbacks included).
  public var scores: [String: Float] { memo }

  /// What the LLM cost so far: requests, cache hits, tokens (nil for the SIMULATED stand-in).
  public func usage() -> Usage? {
    guard case .captions(let scorer) = source else { return nil }
    return waitFor { await scorer.usage() }
  }

  /// For the end of a run: captions scored, problems, time waited, and the LLM's usage.
  public var summary: String {
    let s = statistics
    var text = "\(name): \(s.distinctCaptions) distinct captions scored, \(s.unparseable) unparseable and \(s.failed) "
      + "failed (scored the fallback \(fallbackDescription)), "
      + String(format: "%.1f s waited for scores", s.waitingSeconds)
    if let usage = usage() { text += "; " + usage.summary }
    return text
  }

  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
    let count = batch.count
    // r̂ of the observation each env reached, and, for potential shaping, of the first
    // observation of the next episode where one ended (no event: nothing has happened yet).
    var fresh: [Int: Float] = [:]
    var captions = [String]()
    if case .captions = source { captions = try (0..<count).map { e in try batch.caption(of: e) } }
    if shape == .countModulated, captions.isEmpty { captions = try (0..<count).map { e in try batch.caption(of: e) } }
    switch source {
    case .privilegedProgress:
      for e in 0..<count { reached[e] = batch.info[e * batch.spec.infoWidth + InfoColumn.progress] }
      // An episode starts with no progress made.
      if shape == .potential { for e in 0..<count where batch.ended(e) { fresh[e] = 0 } }
    case .captions(let scorer):
      var freshCaptions: [Int: String] = [:]
      if shape == .potential {
        let width = batch.spec.observationByteCount
        for e in 0..<count where batch.ended(e) {
          freshCaptions[e] = try batch.captioner.caption(
            observation: UnsafeRawBufferPointer(rebasing: batch.observations[(e * width)..<((e + 1) * width)]), event: 0)
        }
      }
      try scoreNew(captions + Array(freshCaptions.values), with: scorer)
      for e in 0..<count { reached[e] = memo[captions[e]]! }
      for (e, caption) in freshCaptions { fresh[e] = memo[caption]! }
    }
    switch shape {
    case .plain:
      for e in 0..<count { rewards[e] = thresholded(reached[e]) }
    case .countModulated:
      for e in 0..<count {
        rewards[e] = modulation.modulate(thresholded(reached[e]), environment: e, key: captions[e])
        if batch.ended(e) { modulation.endEpisode(environment: e) }
      }
    case .potential:
      for e in 0..<count {
        let potential = thresholded(reached[e])
        rewards[e] = hasPrevious[e] ? gamma * potential - previous[e] : 0
        previous[e] = batch.ended(e) ? thresholded(fresh[e]!) : potential
        hasPrevious[e] = true
      }
    }
  }

  private func thresholded(_ value: Float) -> Float {
    guard let threshold else { return value }
    return value > threshold ? value : 0
  }

  /// Scores the captions not seen before, all at once, and waits for them.
  private func scoreNew(_ captions: [String], with scorer: any CaptionScorer) throws {
    var new: [String] = []
    var seen = Set<String>()
    for caption in captions where memo[caption] == nil && seen.insert(caption).inserted { new.append(caption) }
    guard !new.isEmpty else { return }
    let start = DispatchTime.now().uptimeNanoseconds
    let list = new
    let scores = waitFor {
      await withTaskGroup(of: (Int, CaptionScore).self) { group in
        for (i, caption) in list.enumerated() { group.addTask { (i, await scorer.score(caption)) } }
        var scores = [CaptionScore](repeating: .failed("not scored"), count: list.count)
        for await (i, score) in group { scores[i] = score }
        return scores
      }
    }
    statistics.waitingSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var lastProblem: String?
    for (caption, score) in zip(new, scores) {
      statistics.distinctCaptions += 1
      switch score {
      case .value(let value) where value.isFinite:
        memo[caption] = value
        consecutiveFailures = 0
      case .value(let value):
        memo[caption] = fallback
        statistics.unparseable += 1
        lastProblem = "a score of \(value) for \"\(caption)\""
      case .unparseable(let raw):
        memo[caption] = fallback
        statistics.unparseable += 1
        lastProblem = "unparseable answer for \"\(caption)\": \(raw.prefix(200))"
      case .failed(let error):
        memo[caption] = fallback
        statistics.failed += 1
        consecutiveFailures += 1
        lastProblem = "failed for \"\(caption)\": \(error)"
      }
    }
    let problems = statistics.unparseable + statistics.failed
    if let lastProblem, problems >= nextReport {
      // Told at once, then at each doubling: visible, without a line per caption.
      log("\(name): \(statistics.unparseable) unparseable and \(statistics.failed) failed of "
          + "\(statistics.distinctCaptions) captions, scored the fallback \(fallbackDescription); last: \(lastProblem)")
      while nextReport <= problems { nextReport *= 2 }
    }
    if consecutiveFailures >= Self.maxConsecutiveFailures {
      throw RewardError.invalidArgument(
        "\(name): the last \(consecutiveFailures) calls failed (\(lastProblem ?? "")); is the server up?")
    }
  }
}
