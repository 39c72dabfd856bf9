import Foundation
import PavlovLearn
import PavlovSim
import XCTest

/// The same seed gives the same run, bit for bit, at a fixed thread count and instruction set:
/// parameters and every metric but the timings, whichever threads do the work. Wordle's head
/// once computed its 2,315-way softmax in a per-thread workspace whose alignment changed its
/// sums, so two same-seed runs differed from the first iteration on.
final class SameSeedTests: XCTestCase {
  private struct Outcome: Equatable {
    var parameters: [UInt32]
    /// Per iteration, the (name, bit pattern) of each metric that is not a timing.
    var metrics: [[String]]
  }

  /// Two tiny iterations: 8 envs × 16 steps, two minibatches, the env's own defaults otherwise
  /// (Wordle's letter head and knowledge view).
  private static func tiny(_ env: String, learnerThreads: Int, envThreads: Int = 1) throws -> PPOConfig {
    var config = PPOConfig.defaults(for: try VecEnv.spec(for: env))
    config.numEnvs = 8
    config.numSteps = 16
    config.numMinibatches = 2
    config.totalTimesteps = 8 * 16 * 2
    config.hiddenSize = 16
    config.learnerThreads = learnerThreads
    config.envThreads = envThreads
    return config
  }

  /// No XCTest calls: other threads run it.
  private static func train(_ config: PPOConfig) throws -> Outcome {
    let trainer = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config))
    var metrics = [[String]]()
    try trainer.train { iteration in
      metrics.append(iteration.entries.filter { !$0.0.hasPrefix("time/") && $0.0 != "charts/SPS" }
        .map { "\($0.0)=\($0.1.bitPattern)" })
      return true
    }
    return Outcome(parameters: trainer.agent.parameterBuffers.flatMap { $0.map(\.bitPattern) }, metrics: metrics)
  }

  private func assertSame(_ outcome: Outcome, _ reference: Outcome, _ what: String,
                          file: StaticString = #filePath, line: UInt = #line)
  {
    XCTAssertEqual(outcome.metrics, reference.metrics, "\(what): metrics", file: file, line: line)
    let differing = zip(outcome.parameters, reference.parameters).filter { $0 != $1 }.count
    XCTAssertTrue(outcome.parameters.count == reference.parameters.count && differing == 0,
                  "\(what): \(differing) of \(reference.parameters.count) parameters differ", file: file, line: line)
  }

  /// One learner thread runs every kernel call on the thread that trains. Threads whose heaps
  /// are shifted by 16-byte steps before they start put their workspaces elsewhere; all alive at
  /// once, so that none inherits another's heap on exit.
  func testWordleTrainsTheSameOnEveryThread() throws {
    let config = try Self.tiny("Wordle-Answers-v0", learnerThreads: 1)
    let reference = try Self.train(config)
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var byThread: [Int: Result<Outcome, any Error>] = [:]
    }
    let results = Results(), threads = 3
    let done = DispatchGroup(), finish = DispatchSemaphore(value: 0)
    for t in 0..<threads {
      done.enter()
      let thread = Thread {
        let shift = malloc(16 * (t + 1))
        let outcome = Result { try Self.train(config) }
        results.lock.withLock { results.byThread[t] = outcome }
        done.leave()
        finish.wait()
        free(shift)
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    let finished = done.wait(timeout: .now() + 120)
    for _ in 0..<threads { finish.signal() }
    XCTAssertEqual(finished, .success, "the threads did not finish within 120 s")
    for t in 0..<threads {
      let outcome = try XCTUnwrap(results.lock.withLock { results.byThread[t] }, "thread \(t)").get()
      assertSame(outcome, reference, "thread \(t)")
    }
  }

  /// The default: two learner threads (and two env threads), on Dispatch's workers.
  func testWordleTrainsTheSameTwiceOnTwoThreads() throws {
    let config = try Self.tiny("Wordle-Answers-v0", learnerThreads: 2, envThreads: 2)
    assertSame(try Self.train(config), try Self.train(config), "second run")
  }

  func testDoorKeyTrainsTheSameTwiceOnTwoThreads() throws {
    let config = try Self.tiny("MiniGrid-DoorKey-8x8-v0", learnerThreads: 2, envThreads: 2)
    assertSame(try Self.train(config), try Self.train(config), "second run")
  }
}
