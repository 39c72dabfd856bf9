import Foundation
import GradientCheck
@testable import PavlovLearn
import PavlovNet
import XCTest

/// SAC's pieces without an environment: gradients against finite differences, the target
/// update, entropy tuning, the replay ring, determinism, and learning a one-step task.
final class SACLearnerTests: XCTestCase {
  private func config(batch: Int = 16, hidden: Int = 8) -> SACConfig {
    var config = SACConfig()
    config.batchSize = batch
    config.hiddenSize = hidden
    config.learningStarts = batch
    return config
  }

  private func learner(_ config: SACConfig, observationSize: Int = 3, dimension: Int = 2) throws -> SACLearner {
    let networks = try SACNetworks(config: config, observationSize: observationSize,
                                   head: SquashedGaussian(dimension: dimension, bounds: -2...2),
                                   maxBatchSize: config.batchSize)
    return SACLearner(config: config, networks: networks)
  }

  /// A buffer of `rows` random transitions (a third of them terminal).
  private func filledReplay(rows: Int, observationSize: Int = 3, dimension: Int = 2, seed: UInt64 = 5) -> ReplayBuffer {
    let replay = ReplayBuffer(capacity: rows, observationSize: observationSize, actionSize: dimension)
    var random = RandomStream(seed: seed, stream: 0)
    for i in 0..<rows {
      let o = (0..<observationSize).map { _ in random.normal() }, n = (0..<observationSize).map { _ in random.normal() }
      let a = (0..<dimension).map { _ in 4 * random.unitFloat() - 2 }
      o.withUnsafeBufferPointer { ob in
        n.withUnsafeBufferPointer { nb in
          a.withUnsafeBufferPointer { ab in
            replay.add(observation: ob, action: ab, reward: random.normal(), nextObservation: nb, terminated: i % 3 == 0)
          }
        }
      }
    }
    return replay
  }

  func testSquashedGaussianGradientMatchesFiniteDifferences() throws {
    let head = SquashedGaussian(dimension: 3, bounds: -2...2), batch = 4
    var random = RandomStream(seed: 3, stream: 0)
    // Moderate outputs keep tanh away from ±1, where 1 − y² in float defeats finite differences.
    let output = (0..<(batch * 6)).map { _ in random.normal() * 0.3 }
    let normals = (0..<(batch * 3)).map { _ in random.normal() }
    let weights = (0..<(batch * 3)).map { _ in random.normal() }  // dL/da
    let w: Float = 0.3  // dL/dlog π
    func sample(_ output: [Float]) -> (actions: [Float], squashed: [Float], logs: [Float]) {
      var actions = [Float](repeating: 0, count: batch * 3), squashed = actions, logs = [Float](repeating: 0, count: batch)
      output.withUnsafeBufferPointer { y in
        normals.withUnsafeBufferPointer { n in
          actions.withUnsafeMutableBufferPointer { a in
            squashed.withUnsafeMutableBufferPointer { s in
              logs.withUnsafeMutableBufferPointer { l in
                head.sample(output: y, normals: n, batch: batch, actions: a, squashed: s, logProbabilities: l)
              }
            }
          }
        }
      }
      return (actions, squashed, logs)
    }
    let parameters = UnsafeMutableBufferPointer<Float>.allocate(capacity: output.count)
    defer { parameters.deallocate() }
    _ = parameters.initialize(from: output)
    func loss() -> Double {
      let (actions, _, logs) = sample(Array(parameters))
      return zip(actions, weights).reduce(0.0) { $0 + Double($1.0 * $1.1) } + Double(w) * logs.reduce(0.0) { $0 + Double($1) }
    }
    let (actions, squashed, _) = sample(output)
    var gradient = [Float](repeating: 0, count: batch * 6)
    output.withUnsafeBufferPointer { y in
      normals.withUnsafeBufferPointer { n in
        weights.withUnsafeBufferPointer { g in
          squashed.withUnsafeBufferPointer { s in
            gradient.withUnsafeMutableBufferPointer { d in
              head.backward(output: y, normals: n, squashed: s, actionGradients: g, logProbabilityWeight: w, batch: batch,
                            into: d)
            }
          }
        }
      }
    }
    // Actions lie in [−2, 2] (scale 2): sampled actions and log π of every row move.
    XCTAssertTrue(actions.allSatisfy { abs($0) <= 2 })
    let mismatches = finiteDifferenceMismatches(gradient, of: loss, in: parameters, indices: 0..<(batch * 6), step: 1e-3,
                                                accuracy: 5e-3)
    XCTAssertEqual(mismatches, [])
  }

  func testCriticAndActorGradientsMatchFiniteDifferences() throws {
    let learner = try learner(config())
    let replay = filledReplay(rows: 64)
    var random = RandomStream(seed: 9, stream: 0)
    learner.sampleBatch(replay, random: &random) { _, _ in }
    learner.drawNormals(random: &random)
    try learner.computeTargets()
    for k in 0..<2 {
      _ = try learner.criticObjective(k, gradient: true)
      let critic = learner.networks.critics[k], gradient = Array(critic.gradients)
      let indices = stride(from: 0, to: critic.parameterCount, by: max(1, critic.parameterCount / 40))
      let mismatches = try finiteDifferenceMismatches(gradient, of: { try learner.criticObjective(k, gradient: false).loss },
                                                      in: critic.parameters, indices: indices, step: 1e-3,
                                                      accuracy: 2e-3)
      XCTAssertEqual(mismatches, [], "critic \(k + 1)")
    }
    learner.drawNormals(random: &random)
    _ = try learner.actorObjective(gradient: true)
    let actor = learner.networks.actor, gradient = Array(actor.gradients)
    XCTAssertGreaterThan(gradient.map(abs).max() ?? 0, 0)
    let mismatches = try finiteDifferenceMismatches(gradient, of: { try learner.actorObjective(gradient: false).loss },
                                                    in: actor.parameters, indices: 0..<actor.parameterCount, step: 3e-4,
                                                    accuracy: 3e-3)
    XCTAssertEqual(mismatches, [])
  }

  /// The actor's loss differentiates through the critics to the action, not into their
  /// parameters: its step leaves the critics' gradients as the critic step left them.
  func testActorStepLeavesTheCriticsGradientsAlone() throws {
    let learner = try learner(config())
    var random = RandomStream(seed: 4, stream: 0)
    learner.sampleBatch(filledReplay(rows: 64), random: &random) { _, _ in }
    learner.drawNormals(random: &random)
    try learner.computeTargets()
    for k in 0..<2 { _ = try learner.criticObjective(k, gradient: true) }
    let before = learner.networks.critics.map { Array($0.gradients) }
    learner.drawNormals(random: &random)
    _ = try learner.actorObjective(gradient: true)
    XCTAssertGreaterThan(learner.networks.actor.gradients.map(abs).max() ?? 0, 0)
    XCTAssertEqual(learner.networks.critics.map { Array($0.gradients) }, before)
  }

  func testTargetCriticsStartAsCopiesAndFollowByPolyakAveraging() throws {
    let learner = try learner(config())
    let networks = learner.networks
    for k in 0..<2 {
      XCTAssertEqual(Array(networks.targetCritics[k].parameters), Array(networks.critics[k].parameters))
    }
    var target: [Float] = [1, -2, 4], online: [Float] = [3, 2, 0]
    target.withUnsafeMutableBufferPointer { t in
      online.withUnsafeBufferPointer { SACNetworks.polyak(t, toward: $0, tau: 0.25) }
    }
    XCTAssertEqual(target, [1.5, -1, 3])
    // After one update with target_network_frequency 1: target = τ·online + (1 − τ)·old target.
    let before = Array(networks.targetCritics[0].parameters)
    var random = RandomStream(seed: 1, stream: 0), statistics = SACUpdateStatistics()
    try learner.update(filledReplay(rows: 32), random: &random, statistics: &statistics) { _, _ in }
    let after = Array(networks.critics[0].parameters), tau = learner.config.tau
    XCTAssertNotEqual(after, before)
    for (k, value) in networks.targetCritics[0].parameters.enumerated() {
      XCTAssertEqual(value, tau * after[k] + (1 - tau) * before[k], accuracy: 1e-6)
    }
  }

  func testEntropyTuningRaisesAlphaBelowTheTargetEntropyAndLowersItAbove() throws {
    let low = try learner(config())  // |A| = 2: target entropy −2
    XCTAssertEqual(low.networks.alpha, 1)  // autotune starts at log α = 0, as CleanRL
    // Entropy −log π = −5, below the target −2: more exploration is wanted.
    for _ in 0..<5 { try low.updateAlpha(meanLogProbability: 5) }
    XCTAssertGreaterThan(low.networks.alpha, 1)
    let high = try learner(config())
    for _ in 0..<5 { try high.updateAlpha(meanLogProbability: -6) }
    XCTAssertLessThan(high.networks.alpha, 1)
    var fixed = config()
    fixed.autotune = false
    fixed.alpha = 0.2
    XCTAssertEqual(try learner(fixed).networks.alpha, 0.2, accuracy: 1e-6)
  }

  func testReplayBufferIsARingAndSamplesTheSameForASeed() throws {
    let replay = ReplayBuffer(capacity: 3, observationSize: 1, actionSize: 1)
    for i in 0..<5 {
      [Float(i)].withUnsafeBufferPointer { o in
        [Float(10 + i)].withUnsafeBufferPointer { n in
          [Float(-i)].withUnsafeBufferPointer { a in
            replay.add(observation: o, action: a, reward: Float(100 + i), nextObservation: n, terminated: i == 4)
          }
        }
      }
    }
    XCTAssertEqual(replay.count, 3)
    XCTAssertEqual(replay.position, 2)
    // Rows 0 and 1 were overwritten by transitions 3 and 4; row 2 keeps transition 2.
    XCTAssertEqual(Array(replay.observations), [3, 4, 2])
    XCTAssertEqual(Array(replay.nextObservations), [13, 14, 12])
    XCTAssertEqual(Array(replay.actions), [-3, -4, -2])
    XCTAssertEqual(Array(replay.rewards), [103, 104, 102])
    XCTAssertEqual(Array(replay.terminated), [0, 1, 0])
    func draw(_ seed: UInt64) -> [Int] {
      var random = RandomStream(seed: seed, stream: 0)
      var indices = [Int](repeating: -1, count: 64)
      indices.withUnsafeMutableBufferPointer { replay.sampleIndices(64, random: &random, into: $0) }
      return indices
    }
    XCTAssertEqual(draw(7), draw(7))
    XCTAssertNotEqual(draw(7), draw(8))
    XCTAssertEqual(Set(draw(7)), [0, 1, 2])
    // A checkpoint's contents refill an empty buffer of the same shape exactly.
    let copy = ReplayBuffer(capacity: 3, observationSize: 1, actionSize: 1)
    try copy.restore(replay.contents(), count: replay.count, position: replay.position)
    XCTAssertEqual(copy.contents(), replay.contents())
    XCTAssertEqual(copy.position, 2)
    XCTAssertThrowsError(try copy.restore(replay.contents(), count: 3, position: 3))
  }

  func testUpdatesAreTheSameForASeedOnOneOrTwoThreads() throws {
    func parameters(threads: Int) throws -> [Float] {
      var config = config()
      config.learnerThreads = threads
      let learner = try learner(config)
      let replay = filledReplay(rows: 64)
      var random = RandomStream(seed: 4, stream: 0), statistics = SACUpdateStatistics()
      for _ in 0..<6 { try learner.update(replay, random: &random, statistics: &statistics) { _, _ in } }
      return learner.networks.parameterBuffers.flatMap { Array($0) } + learner.networks.logAlpha
    }
    let one = try parameters(threads: 1)
    XCTAssertEqual(one, try parameters(threads: 1))
    XCTAssertEqual(one, try parameters(threads: 2))
  }

  /// A one-step task (γ = 0): reward −(a − s)² for a state s; the greedy action should follow s.
  func testLearnsAOneStepContinuousTaskBeyondARandomPolicy() throws {
    var config = config(batch: 32, hidden: 16)
    config.gamma = 0
    config.policyFrequency = 1
    let learner = try learner(config, observationSize: 1, dimension: 1)
    let replay = ReplayBuffer(capacity: 2048, observationSize: 1, actionSize: 1)
    var random = RandomStream(seed: 2, stream: 0)
    for _ in 0..<2048 {
      let s = 1.6 * random.unitFloat() - 0.8, a = 4 * random.unitFloat() - 2
      [s].withUnsafeBufferPointer { o in
        [a].withUnsafeBufferPointer { ab in
          replay.add(observation: o, action: ab, reward: -(a - s) * (a - s), nextObservation: o, terminated: true)
        }
      }
    }
    func greedyError() throws -> Float {
      let states: [Float] = stride(from: -0.8, through: 0.8, by: 0.1).map { Float($0) }
      var errors: Float = 0
      for s in states {
        let output = try learner.networks.actor.forward([s], batchSize: 1)
        errors += abs(2 * tanh(output[0]) - s)
      }
      return errors / Float(states.count)
    }
    let before = try greedyError()
    var statistics = SACUpdateStatistics()
    for _ in 0..<500 { try learner.update(replay, random: &random, statistics: &statistics) { _, _ in } }
    let after = try greedyError()
    XCTAssertGreaterThan(before, 0.35)  // the untrained actor's mean is near 0
    XCTAssertLessThan(after, 0.15, "greedy |a − s| went from \(before) to \(after)")
  }
}
