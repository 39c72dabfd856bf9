import Foundation
import PavlovLLM
import PavlovLearn

/// The reward of an accepted reward program: each distinct input (the observation reached, and
/// for the privileged variant the step's info row) is evaluated once in the sandbox and kept,
/// so the program's cost per PPO step falls as the run revisits observations.
///
/// A program that passed the critic can still fail on an input it never saw: that input pays
/// 0, is counted in `statistics` and logged (at once, then at each doubling), never silently.
///
/// With `potentialGamma` γ it pays γ·Φ(o′) − Φ(o), Φ = v − `potentialFloor` (o the observation
/// the step started from; the first step of a run pays 0): an episode's payments then add up to
/// about v(last) − v(first), so a program that only scores states still prefers finishing a task
/// to ending it early. The floor (the least value the critic saw) keeps Φ ≥ 0 where the program
/// is a cost: each step then costs (1 − γ)·Φ instead of earning it, so time spent is never paid.
public final class CodeReward: RewardFunction {
  public struct Statistics: Sendable, Equatable {
    public var evaluations = 0
    public var cacheHits = 0
    public var failures = 0
    /// Seconds spent in the sandbox.
    public var seconds = 0.0
    /// Seconds spent in `rewards(for:into:)` in all: memo look-ups, copies and the sandbox.
    public var totalSeconds = 0.0
    /// Calls of `rewards(for:into:)` (PPO steps of the whole batch).
    public var batches = 0
  }

  /// Distinct inputs kept at most; past it the memo starts afresh (memory stays bounded).
  public static let memoCapacity = 1 << 20

  public let name: String
  public let program: RewardProgram
  public private(set) var statistics = Statistics()
  /// What writing the program cost the language model (nil for the SIMULATED reference programs).
  public internal(set) var authoringUsage: Usage?
  private let log: (String) -> Void
  private var memo: CodeRewardMemo
  private var key: [UInt8]
  private var nextReport = 1

  /// γ when paid as potential differences, else nil.
  public let potentialGamma: Float?
  /// Subtracted from every value before the difference is taken.
  public let potentialFloor: Float
  private var previous: [Float] = []
  private var hasPrevious: [Bool] = []

  public init(name: String, program: RewardProgram, potentialGamma: Float? = nil, potentialFloor: Float = 0,
              log: @escaping (String) -> Void = CaptionValueReward.standardError) {
    self.name = name
    self.program = program
    self.potentialGamma = potentialGamma
    self.potentialFloor = potentialFloor
    self.log = log
    let width = program.spec.observationByteCount
      + (program.inputs == .privileged ? program.spec.infoWidth * MemoryLayout<Float>.size : 0)
    memo = CodeRewardMemo(width: width, capacity: Self.memoCapacity)
    key = [UInt8](repeating: 0, count: width)
  }

  public var summary: String {
    let s = statistics
    return "\(name): \(s.evaluations) distinct inputs evaluated, \(s.cacheHits) from the memo, \(s.failures) failed "
      + String(format: "(paid 0); %.2f s in the sandbox, %.2f s in all (%.2f µs per env step)", s.seconds,
               s.totalSeconds, s.totalSeconds * 1e6 / Double(max(1, s.evaluations + s.cacheHits)))
  }

  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
    let begin = DispatchTime.now().uptimeNanoseconds
    defer {
      statistics.totalSeconds += Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
      statistics.batches += 1
    }
    let width = batch.spec.infoWidth
    guard let gamma = potentialGamma else {
      for e in 0..<batch.count {
        rewards[e] = value(of: batch.reachedObservation(of: e),
                           info: UnsafeBufferPointer(rebasing: batch.info[(e * width)..<((e + 1) * width)]))
      }
      return
    }
    if previous.count != batch.count {
      previous = [Float](repeating: 0, count: batch.count)
      hasPrevious = [Bool](repeating: false, count: batch.count)
    }
    let observationWidth = batch.spec.observationByteCount
    for e in 0..<batch.count {
      let reached = value(of: batch.reachedObservation(of: e),
                          info: UnsafeBufferPointer(rebasing: batch.info[(e * width)..<((e + 1) * width)])) - potentialFloor
      rewards[e] = hasPrevious[e] ? gamma * reached - previous[e] : 0
      // An ended episode's env already shows the next episode's first observation.
      previous[e] = batch.ended(e)
        ? value(of: UnsafeRawBufferPointer(rebasing: batch.observations[(e * observationWidth)..<((e + 1) * observationWidth)]),
                info: nil) - potentialFloor
        : reached
      hasPrevious[e] = true
    }
  }

  /// The program's value of one input, from the memo when it was seen before.
  private func value(of observation: UnsafeRawBufferPointer, info: UnsafeBufferPointer<Float>?) -> Float {
    let privileged = program.inputs == .privileged
    let observationWidth = observation.count
    return key.withUnsafeMutableBytes { key -> Float in
      // The key is the observation, and for the privileged variant the info row after it.
      key.baseAddress!.copyMemory(from: observation.baseAddress!, byteCount: observationWidth)
      if privileged, let info {
        (key.baseAddress! + observationWidth).copyMemory(from: info.baseAddress!, byteCount: info.count * 4)
      }
      let input = UnsafeRawBufferPointer(key)
      let hash = CodeRewardMemo.hash(input)
      if let known = memo.value(for: input, hash: hash) {
        statistics.cacheHits += 1
        return known
      }
      let value = evaluate(observation: observation, info: privileged ? info : nil)
      memo.insert(value, for: input, hash: hash)
      return value
    }
  }

  private func evaluate(observation: UnsafeRawBufferPointer, info: UnsafeBufferPointer<Float>?) -> Float {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { statistics.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    statistics.evaluations += 1
    do {
      return Float(try program.reward(observation: observation, info: info))
    } catch {
      statistics.failures += 1
      if statistics.failures >= nextReport {
        log("\(name): the program failed on \(statistics.failures) of \(statistics.evaluations) inputs "
            + "(paid 0); last: \(error.message)")
        while nextReport <= statistics.failures { nextReport *= 2 }
      }
      return 0
    }
  }
}
