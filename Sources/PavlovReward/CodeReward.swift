import Foundation
import PavlovLearn

/// The reward of an accepted reward program: each distinct input (the observation reached, and
/// for the privileged variant the step's info row) is evaluated once in the sandbox and kept,
/// so the program's cost per PPO step falls as the run revisits observations.
///
/// A program that passed the critic can still fail on an input it never saw: that input pays
/// 0, is counted in `statistics` and logged (at once, then at each doubling), never silently.
public final class CodeReward: RewardFunction {
  public struct Statistics: Sendable, Equatable {
    public var evaluations = 0
    public var cacheHits = 0
    public var failures = 0
    /// Seconds spent in the sandbox.
    public var seconds = 0.0
  }

  /// Distinct inputs kept at most; past it the memo starts afresh (memory stays bounded).
  public static let memoCapacity = 1 << 20

  public let name: String
  public let program: RewardProgram
  public private(set) var statistics = Statistics()
  private let log: (String) -> Void
  private var memo: [[UInt8]: Float] = [:]
  private var nextReport = 1

  public init(name: String, program: RewardProgram, log: @escaping (String) -> Void = CaptionValueReward.standardError) {
    self.name = name
    self.program = program
    self.log = log
  }

  public var summary: String {
    let s = statistics
    return "\(name): \(s.evaluations) distinct inputs evaluated, \(s.cacheHits) from the memo, \(s.failures) failed "
      + String(format: "(paid 0); %.2f s in the sandbox", s.seconds)
  }

  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
    let width = batch.spec.infoWidth
    let privileged = program.inputs == .privileged
    for e in 0..<batch.count {
      let observation = batch.reachedObservation(of: e)
      let info = UnsafeBufferPointer(rebasing: batch.info[(e * width)..<((e + 1) * width)])
      var key = Array(observation)
      if privileged { key += UnsafeRawBufferPointer(info) }
      if let known = memo[key] {
        statistics.cacheHits += 1
        rewards[e] = known
        continue
      }
      let start = DispatchTime.now().uptimeNanoseconds
      var value: Float = 0
      do {
        value = Float(try program.reward(observation: observation, info: privileged ? info : nil))
      } catch {
        statistics.failures += 1
        if statistics.failures >= nextReport {
          log("\(name): the program failed on \(statistics.failures) of \(statistics.evaluations + 1) inputs "
              + "(paid 0); last: \(error.message)")
          while nextReport <= statistics.failures { nextReport *= 2 }
        }
      }
      statistics.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      statistics.evaluations += 1
      if memo.count >= Self.memoCapacity { memo.removeAll(keepingCapacity: true) }
      memo[key] = value
      rewards[e] = value
    }
  }
}
