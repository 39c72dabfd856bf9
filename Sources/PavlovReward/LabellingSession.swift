import Foundation

/// Labels the pairs of a label store with one labeller (what `pavlov annotate` runs).
///
/// Pairs are drawn until the store holds `pairs` of them; then every pair this labeller has no
/// usable answer for is labelled, `concurrency` at a time and at most `maxRate` per second.
/// Each label is committed as it arrives, so a session that is killed resumes where it stopped
/// with no label lost and none duplicated; a pair whose label failed (no answer) is asked
/// again, and an unparseable answer is kept. Cancelling the task that runs a session stops it
/// after the label in hand, as a kill would. Nothing is printed: progress goes to `report`.
public struct LabellingSession {
  /// What a session is about to do, known once the pairs are drawn.
  public struct Plan: Sendable, Equatable {
    /// Pairs asked for.
    public var requestedPairs: Int
    /// Pairs drawn by this session (the rest were in the store already).
    public var newPairs: Int
    /// Pairs labelled to: `requestedPairs`, or fewer where the store's distinct captions run out.
    public var pairs: Int
    /// Of `pairs`, those this labeller has answered already, and those it is asked now.
    public var alreadyLabelled: Int
    public var toLabel: Int
  }

  public struct Progress: Sendable, Equatable {
    public var done: Int
    public var total: Int
    public var labelsPerSecond: Double
  }

  /// What a session did.
  public struct Outcome: Sendable, Equatable {
    public var labelled = 0
    public var seconds = 0.0
    /// Labels by status.
    public var statuses: [LabelStatus: Int] = [:]

    /// Labels with no answer (asked again by the next session).
    public var failed: Int { statuses[.failed] ?? 0 }
    /// Answers that could not be parsed (kept as they are).
    public var unparseable: Int { statuses[.unparseable] ?? 0 }
  }

  public enum Event: Sendable, Equatable {
    case planned(Plan)
    /// After every label.
    case progress(Progress)
  }

  public let store: LabelStore
  public let labeller: any PreferenceLabeller
  public let pairs: Int
  /// Seed of the pair sampling.
  public let seed: UInt64
  /// Pairs labelled at once (an LLM's requests in flight).
  public let concurrency: Int
  /// At most this many labels per second; 0 for no limit.
  public let maxRate: Double
  /// The share of new pairs drawn with one side carrying an event (LabelStore.createPairs).
  public let eventShare: Double

  public init(store: LabelStore, labeller: any PreferenceLabeller, pairs: Int, seed: UInt64 = 0, concurrency: Int = 4,
              maxRate: Double = 0, eventShare: Double = 0) throws(RewardError) {
    guard (0...1).contains(eventShare) else {
      throw RewardError.invalidArgument("the event share must be within 0...1; got \(eventShare)")
    }
    guard pairs >= 0 else { throw RewardError.invalidArgument("pairs must be at least 0; got \(pairs)") }
    guard concurrency >= 1 else { throw RewardError.invalidArgument("concurrency must be at least 1; got \(concurrency)") }
    guard maxRate >= 0, maxRate.isFinite else {
      throw RewardError.invalidArgument("the maximum rate must be 0 (no limit) or a positive number; got \(maxRate)")
    }
    if let teacher = labeller as? ScriptedTeacher, teacher.signal == .staged, try !store.hasStagedProgress() {
      throw RewardError.invalidArgument(
        "\(teacher.name) compares staged progress, and store \(store.path) holds none (its environment \(store.environmentID ?? "?") "
          + "does not report it, or the observations were collected before it existed); use scripted:oracle or collect again")
    }
    self.store = store
    self.labeller = labeller
    self.pairs = pairs
    self.seed = seed
    self.concurrency = concurrency
    self.maxRate = maxRate
    self.eventShare = eventShare
  }

  /// Draws the pairs, reports the plan, then labels every pair that needs it.
  @discardableResult
  public func run(report: (Event) -> Void = { _ in }) async throws -> Outcome {
    let added = try store.createPairs(upTo: pairs, seed: seed, eventShare: eventShare)
    let target = min(pairs, try store.counts().pairs)
    let before = try store.unlabelledPairs(labeller: labeller.name, within: target, limit: Int.max).count
    report(.planned(Plan(requestedPairs: pairs, newPairs: added, pairs: target, alreadyLabelled: target - before,
                         toLabel: before)))

    let start = Self.seconds()
    var outcome = Outcome()
    var cursor = 0
    let labeller = self.labeller, store = self.store
    while true {
      let batch = try store.unlabelledPairs(labeller: labeller.name, within: target, limit: max(64, concurrency * 8),
                                            after: cursor)
      guard let last = batch.last else { break }
      cursor = last.id
      try await withThrowingTaskGroup(of: (Int, Label).self) { group in
        var queue = batch[...]
        func addNext() {
          guard let pair = queue.popFirst() else { return }
          group.addTask { (pair.id, await labeller.label(pair)) }
        }
        for _ in 0..<concurrency { addNext() }
        while let (pairID, label) = try await group.next() {
          // Committed one by one: a kill loses at most the labels still in flight.
          try store.record([(pairID, label)])
          outcome.labelled += 1
          outcome.statuses[label.status, default: 0] += 1
          let elapsed = Self.seconds() - start
          report(.progress(Progress(done: outcome.labelled, total: before,
                                    labelsPerSecond: Double(outcome.labelled) / max(elapsed, 1e-9))))
          try Task.checkCancellation()
          if maxRate > 0 {
            let ahead = Double(outcome.labelled) / maxRate - (Self.seconds() - start)
            if ahead > 0 { try await Task.sleep(nanoseconds: UInt64(ahead * 1e9)) }
          }
          addNext()
        }
      }
    }
    outcome.seconds = Self.seconds() - start
    return outcome
  }

  private static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
