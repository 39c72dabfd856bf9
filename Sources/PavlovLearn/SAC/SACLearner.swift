import Foundation
import PavlovNet

/// One SAC gradient update (CleanRL's inner loop) on a batch sampled from the replay buffer:
/// the twin critics towards r + γ(1 − d)(min Q′(s′, a′) − α log π(a′|s′)); every
/// `policyFrequency`-th update, that many actor steps on α log π − min Q(s, ã) and, if
/// autotuned, α steps towards the target entropy −|A|; every `targetNetworkFrequency`-th
/// update, Polyak averaging of the targets. All scratch is allocated here, once.
final class SACLearner {
  let config: SACConfig
  let networks: SACNetworks
  let batch: Int
  let observationSize: Int
  let dimension: Int
  let targetEntropy: Float
  /// Gradient updates made so far.
  var updateCount = 0
  private let observations, nextObservations, actions, rewards, done: UnsafeMutableBufferPointer<Float>
  private let actorOutput, normals, sampled, squashed, logProbabilities: UnsafeMutableBufferPointer<Float>
  private let criticInput, targets, actionGradients, actorGradients: UnsafeMutableBufferPointer<Float>
  private let criticOutputs, criticGradients, inputGradients: [UnsafeMutableBufferPointer<Float>]
  private let indices: UnsafeMutableBufferPointer<Int>

  init(config: SACConfig, networks: SACNetworks) {
    self.config = config
    self.networks = networks
    batch = config.batchSize
    observationSize = networks.observationSize
    dimension = networks.head.dimension
    targetEntropy = -Float(dimension)
    let b = batch, o = observationSize, a = dimension
    func make(_ n: Int) -> UnsafeMutableBufferPointer<Float> {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
      buffer.initialize(repeating: 0)
      return buffer
    }
    observations = make(b * o); nextObservations = make(b * o); actions = make(b * a); rewards = make(b); done = make(b)
    actorOutput = make(b * 2 * a); normals = make(b * a); sampled = make(b * a); squashed = make(b * a)
    logProbabilities = make(b); criticInput = make(b * (o + a)); targets = make(b); actionGradients = make(b * a)
    actorGradients = make(b * 2 * a)
    criticOutputs = [make(b), make(b)]; criticGradients = [make(b), make(b)]
    inputGradients = [make(b * (o + a)), make(b * (o + a))]
    indices = .allocate(capacity: b)
    indices.initialize(repeating: 0)
  }

  deinit {
    for buffer in [observations, nextObservations, actions, rewards, done, actorOutput, normals, sampled, squashed,
                   logProbabilities, criticInput, targets, actionGradients, actorGradients]
      + criticOutputs + criticGradients + inputGradients { buffer.deallocate() }
    indices.deallocate()
  }

  /// Runs `body(0)` and `body(1)`, side by side when the config allows two threads. Q1 and Q2
  /// touch disjoint state, and each result is the same on any thread, so the run is too.
  private func bothCritics(_ body: (Int) throws -> Void) throws {
    if config.learnerThreads == 2 { try runParallel(2, body) } else { try body(0); try body(1) }
  }

  /// Samples a batch, normalising observations with `normalize` (rows × observationSize, in place).
  func sampleBatch(_ replay: ReplayBuffer, random: inout RandomStream,
                   normalize: (UnsafeMutableBufferPointer<Float>, Int) -> Void)
  {
    replay.sampleIndices(batch, random: &random, into: indices)
    let o = observationSize, a = dimension
    for i in 0..<batch {
      let r = indices[i]
      for j in 0..<o {
        observations[i * o + j] = replay.observations[r * o + j]
        nextObservations[i * o + j] = replay.nextObservations[r * o + j]
      }
      for j in 0..<a { actions[i * a + j] = replay.actions[r * a + j] }
      rewards[i] = replay.rewards[r]
      done[i] = replay.terminated[r]
    }
    normalize(observations, batch)
    normalize(nextObservations, batch)
  }

  /// Writes [observation row, action row] rows into `criticInput`.
  private func joinCriticInput(_ obs: UnsafeMutableBufferPointer<Float>, _ act: UnsafeMutableBufferPointer<Float>) {
    let o = observationSize, a = dimension, w = o + a
    for i in 0..<batch {
      for j in 0..<o { criticInput[i * w + j] = obs[i * o + j] }
      for j in 0..<a { criticInput[i * w + o + j] = act[i * a + j] }
    }
  }

  /// Fresh standard normals for the next `sampleActions` (the reparameterisation noise ε).
  func drawNormals(random: inout RandomStream) {
    for k in 0..<(batch * dimension) { normals[k] = random.normal() }
  }

  /// Actions for the batch's `obs` from the actor with the current `normals`: writes
  /// `actorOutput`, `sampled`, `squashed` and `logProbabilities`.
  private func sampleActions(_ obs: UnsafeMutableBufferPointer<Float>) throws {
    try networks.actor.forward(UnsafeBufferPointer(obs), batchSize: batch, into: actorOutput)
    networks.head.sample(output: UnsafeBufferPointer(actorOutput), normals: UnsafeBufferPointer(normals), batch: batch,
                         actions: sampled, squashed: squashed, logProbabilities: logProbabilities)
  }

  /// One gradient update; adds what it measured to `statistics`.
  func update(_ replay: ReplayBuffer, random: inout RandomStream, statistics: inout SACUpdateStatistics,
              normalize: (UnsafeMutableBufferPointer<Float>, Int) -> Void) throws
  {
    sampleBatch(replay, random: &random, normalize: normalize)
    drawNormals(random: &random)
    try computeTargets()
    var losses = [0.0, 0.0], values = [0.0, 0.0]
    try losses.withUnsafeMutableBufferPointer { loss in
      try values.withUnsafeMutableBufferPointer { value in
        try bothCritics { k in (loss[k], value[k]) = try criticObjective(k, gradient: true) }
      }
    }
    guard losses.allSatisfy(\.isFinite) else {
      throw TrainingError.nonFiniteLoss("the critic loss became \(losses) at update \(updateCount + 1)")
    }
    for k in 0..<2 { try networks.criticOptimizers[k].update(networks.critics[k]) }
    statistics.addCritic(q1: values[0], q2: values[1], q1Loss: losses[0], q2Loss: losses[1])
    if updateCount % config.policyFrequency == 0 {
      for _ in 0..<config.policyFrequency {
        drawNormals(random: &random)
        let alpha = networks.alpha
        let (loss, meanLogProbability) = try actorObjective(gradient: true)
        guard loss.isFinite else {
          throw TrainingError.nonFiniteLoss("the actor loss became \(loss) at update \(updateCount + 1)")
        }
        try networks.actorOptimizer.update(networks.actor)
        var alphaLoss = 0.0
        if config.autotune {
          // A fresh sample from the updated actor, as CleanRL; log π is a constant here.
          drawNormals(random: &random)
          try sampleActions(observations)
          var mean = 0.0
          for i in 0..<batch { mean += Double(logProbabilities[i]) }
          alphaLoss = try updateAlpha(meanLogProbability: mean / Double(batch))
        }
        statistics.addPolicy(actorLoss: loss, alphaLoss: alphaLoss, alpha: Double(alpha), entropy: -meanLogProbability)
      }
    }
    if updateCount % config.targetNetworkFrequency == 0 { networks.updateTargets(tau: config.tau) }
    updateCount += 1
  }

  /// The soft Bellman targets r + γ(1 − d)(min Q′(s′, a′) − α log π(a′|s′)), a′ drawn with `normals`.
  func computeTargets() throws {
    let n = batch, alpha = networks.alpha
    try sampleActions(nextObservations)
    joinCriticInput(nextObservations, sampled)
    let input = UnsafeBufferPointer(criticInput)
    try bothCritics { k in try networks.targetCritics[k].forward(input, batchSize: n, into: criticOutputs[k]) }
    for i in 0..<n {
      let next = min(criticOutputs[0][i], criticOutputs[1][i]) - alpha * logProbabilities[i]
      targets[i] = rewards[i] + (1 - done[i]) * config.gamma * next
    }
    joinCriticInput(observations, actions)
  }

  /// Critic k's loss mean((Q_k(s, a) − y)²) on the batch (after `computeTargets`), with its mean
  /// Q; with `gradient`, its gradients replace the critic's.
  func criticObjective(_ k: Int, gradient: Bool) throws -> (loss: Double, meanValue: Double) {
    let n = batch, critic = networks.critics[k], q = criticOutputs[k], dq = criticGradients[k]
    try critic.forward(UnsafeBufferPointer(criticInput), batchSize: n, into: q)
    var squares = 0.0, sum = 0.0
    for i in 0..<n {
      let error = q[i] - targets[i]
      squares += Double(error * error)
      sum += Double(q[i])
      dq[i] = 2 * error / Float(n)  // d/dq of mean((q − y)²)
    }
    if gradient {
      critic.zeroGradients()
      try critic.backward(UnsafeBufferPointer(dq))
    }
    return (squares / Double(n), sum / Double(n))
  }

  /// The actor's loss mean(α log π(ã|s) − min(Q1, Q2)(s, ã)), ã drawn with `normals`, and the
  /// mean log π; with `gradient`, its gradient replaces the actor's. The gradient flows through
  /// the critics to the action only: their own gradients are left alone (this loss does not train them).
  func actorObjective(gradient: Bool) throws -> (loss: Double, meanLogProbability: Double) {
    let n = batch, o = observationSize, a = dimension, w = o + a, alpha = networks.alpha
    try sampleActions(observations)
    joinCriticInput(observations, sampled)
    let input = UnsafeBufferPointer(criticInput)
    try bothCritics { k in try networks.critics[k].forward(input, batchSize: n, into: criticOutputs[k]) }
    // The gradient of −min(Q1, Q2) flows into whichever critic is the smaller on each row.
    var loss = 0.0, logSum = 0.0
    for i in 0..<n {
      let first = criticOutputs[0][i] <= criticOutputs[1][i]
      criticGradients[0][i] = first ? -1 / Float(n) : 0
      criticGradients[1][i] = first ? 0 : -1 / Float(n)
      loss += Double(alpha * logProbabilities[i] - min(criticOutputs[0][i], criticOutputs[1][i]))
      logSum += Double(logProbabilities[i])
    }
    guard gradient else { return (loss / Double(n), logSum / Double(n)) }
    try bothCritics { k in
      try networks.critics[k].backpropagateToInput(UnsafeBufferPointer(criticGradients[k]), into: inputGradients[k])
    }
    for i in 0..<n {
      for j in 0..<a { actionGradients[i * a + j] = inputGradients[0][i * w + o + j] + inputGradients[1][i * w + o + j] }
    }
    networks.actor.zeroGradients()
    networks.head.backward(output: UnsafeBufferPointer(actorOutput), normals: UnsafeBufferPointer(normals),
                           squashed: UnsafeBufferPointer(squashed), actionGradients: UnsafeBufferPointer(actionGradients),
                           logProbabilityWeight: alpha / Float(n), batch: n, into: actorGradients)
    try networks.actor.backward(UnsafeBufferPointer(actorGradients))
    return (loss / Double(n), logSum / Double(n))
  }

  /// One Adam step on log α for CleanRL's loss mean(−α(log π + target entropy)); returns the loss.
  /// Entropy below the target (log π above −target) raises α, entropy above it lowers α.
  @discardableResult
  func updateAlpha(meanLogProbability: Double) throws -> Double {
    let alpha = Double(networks.alpha), excess = meanLogProbability + Double(targetEntropy)
    var gradient: [Float] = [Float(-alpha * excess)]
    try networks.logAlpha.withUnsafeMutableBufferPointer { p in
      try gradient.withUnsafeMutableBufferPointer { g in
        try networks.alphaOptimizer.update(p, gradients: UnsafeBufferPointer(g))
      }
    }
    return -alpha * excess
  }
}
