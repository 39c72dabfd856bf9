/// Means over the gradient updates of one metrics interval, with CleanRL's names.
public struct SACUpdateStatistics: Sendable, Equatable {
  public var updates = 0
  public var q1Value = 0.0
  public var q2Value = 0.0
  public var q1Loss = 0.0
  public var q2Loss = 0.0
  public var actorLoss = 0.0
  public var alphaLoss = 0.0
  public var alpha = 0.0
  /// −mean log π of the policy updates: the policy's (squashed) entropy estimate.
  public var entropy = 0.0
  private var policyUpdates = 0

  public init() {}

  mutating func addCritic(q1: Double, q2: Double, q1Loss l1: Double, q2Loss l2: Double) {
    updates += 1
    q1Value += q1; q2Value += q2; q1Loss += l1; q2Loss += l2
  }

  mutating func addPolicy(actorLoss loss: Double, alphaLoss: Double, alpha a: Double, entropy h: Double) {
    policyUpdates += 1
    actorLoss += loss; self.alphaLoss += alphaLoss; alpha += a; entropy += h
  }

  /// The sums turned into means.
  var averaged: SACUpdateStatistics {
    var m = self
    let n = Double(max(1, updates)), p = Double(max(1, policyUpdates))
    m.q1Value /= n; m.q2Value /= n; m.q1Loss /= n; m.q2Loss /= n
    m.actorLoss /= p; m.alphaLoss /= p; m.alpha /= p; m.entropy /= p
    return m
  }
}
