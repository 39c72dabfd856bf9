import Foundation
import PavlovNet

/// SAC's networks and their optimisers: the actor, twin critics Q1 and Q2 with their target
/// copies, and the entropy coefficient α (learned as log α when autotuned).
///
/// The critics take [observation, action] (the action in the environment's units, as CleanRL's
/// `SoftQNetwork`); all hidden layers are ReLU. Weights start orthogonal (CleanRL's PyTorch
/// default init differs: Kaiming-uniform; Pavlov's MLP has one initialiser), the actor's last
/// layer with gain 0.01 so the first actions are near the centre of the bounds.
public final class SACNetworks {
  public let head: SquashedGaussian
  public let observationSize: Int
  public let actor: MLP
  public let critics: [MLP]
  public let targetCritics: [MLP]
  var actorOptimizer: Adam
  var criticOptimizers: [Adam]
  var alphaOptimizer: Adam
  /// log α; α = exp(log α). Starts at 0 (α = 1) when autotuned, as CleanRL, else at log(alpha).
  var logAlpha: [Float]

  init(config: SACConfig, observationSize: Int, head: SquashedGaussian, maxBatchSize: Int) throws {
    self.head = head
    self.observationSize = observationSize
    let hidden = config.hiddenSize, inputs = observationSize + head.dimension
    actor = try MLP(layerSizes: [observationSize, hidden, hidden, head.networkOutputSize], activation: .relu,
                    outputGain: 0.01, seed: config.seed &* 4 &+ 1, maxBatchSize: maxBatchSize)
    critics = try (0..<2).map { k in
      try MLP(layerSizes: [inputs, hidden, hidden, 1], activation: .relu, outputGain: 1,
              seed: config.seed &* 4 &+ 2 &+ UInt64(k), maxBatchSize: maxBatchSize)
    }
    targetCritics = try (0..<2).map { k in
      try MLP(layerSizes: [inputs, hidden, hidden, 1], activation: .relu, outputGain: 1, seed: 0,
              maxBatchSize: maxBatchSize)
    }
    for (target, online) in zip(targetCritics, critics) {
      _ = target.parameters.update(fromContentsOf: UnsafeBufferPointer(online.parameters))
    }
    actorOptimizer = Adam(parameterCount: actor.parameterCount, learningRate: config.policyLR)
    criticOptimizers = critics.map { Adam(parameterCount: $0.parameterCount, learningRate: config.qLR) }
    alphaOptimizer = Adam(parameterCount: 1, learningRate: config.qLR)
    logAlpha = [config.autotune ? 0 : log(config.alpha)]
  }

  /// The entropy coefficient now.
  public var alpha: Float { exp(logAlpha[0]) }

  /// Every parameter buffer, in checkpoint order: actor, Q1, Q2, target Q1, target Q2, log α.
  var parameterBuffers: [UnsafeMutableBufferPointer<Float>] {
    [actor.parameters] + critics.map(\.parameters) + targetCritics.map(\.parameters)
  }

  /// The optimisers in checkpoint order: actor, Q1, Q2, α.
  var optimizers: [Adam] {
    get { [actorOptimizer] + criticOptimizers + [alphaOptimizer] }
    set {
      actorOptimizer = newValue[0]
      criticOptimizers = Array(newValue[1...2])
      alphaOptimizer = newValue[3]
    }
  }

  /// target ← τ·online + (1 − τ)·target, for both critics.
  func updateTargets(tau: Float) {
    for (target, online) in zip(targetCritics, critics) {
      Self.polyak(target.parameters, toward: UnsafeBufferPointer(online.parameters), tau: tau)
    }
  }

  static func polyak(_ target: UnsafeMutableBufferPointer<Float>, toward online: UnsafeBufferPointer<Float>, tau: Float) {
    for k in 0..<target.count { target[k] = tau * online[k] + (1 - tau) * target[k] }
  }
}
