import Foundation
import PavlovSim

/// B-Pref's scripted teachers (Lee et al. 2021): simulated labellers that compare two
/// observations by privileged state (task progress or the episode's return so far).
/// They stand in for a person or an LLM in tests and ablations, and every output names
/// them as simulated.
///
/// Each label is drawn from a generator keyed by (seed, pair id), so a run that was killed
/// and resumed gives exactly the labels an uninterrupted run would.
public struct ScriptedTeacher: PreferenceLabeller {
  /// Which teacher, with its parameter.
  public enum Kind: Sendable, Equatable {
    /// Prefers the higher value; ties on equal values.
    case oracle
    /// Samples the label from P(first) = σ(β (v₁ − v₂)) (Boltzmann-rational).
    case stochastic(beta: Double)
    /// The oracle's label, flipped with probability ε.
    case mistake(epsilon: Double)
    /// Declines pairs whose values are both below the threshold.
    case skip(threshold: Double)
    /// A tie when |v₁ − v₂| < δ, else the oracle.
    case equal(delta: Double)
    /// Values are discounted sums of progress increments, weighted towards the recent end.
    case myopic(gamma: Double)
  }

  /// The privileged quantity a teacher compares.
  public enum Signal: String, Sendable, CaseIterable {
    case progress
    case `return`
    /// Progress by stages (`InfoColumn.stagedProgressName`: reach the object, be at it, move
    /// it), as a careful reader of the captions would rank two moments. Read by the oracle
    /// only, named `scripted:staged`.
    case staged
  }

  public let kind: Kind
  public let signal: Signal
  public let seed: UInt64

  /// A teacher whose parameter is checked against `Kind.check(signal:)`.
  public init(kind: Kind, signal: Signal = .progress, seed: UInt64 = 0) throws(RewardError) {
    try kind.check(signal: signal)
    self.kind = kind
    self.signal = signal
    self.seed = seed
  }

  /// Parses "oracle", "stochastic[=β]", "mistake[=ε]", "skip[=threshold]", "equal[=δ]",
  /// "myopic[=γ]" (defaults: β 1, ε 0.1, threshold 0.1, δ 0.1, γ 0.9, as DESIGN.md), and
  /// "staged": the oracle on staged progress (which sets the signal; `signal` must be left
  /// at progress or given as staged).
  public init(parsing text: String, signal: Signal = .progress, seed: UInt64 = 0) throws(RewardError) {
    if text == "staged" {
      guard signal != .return else {
        throw .invalidArgument("scripted teacher 'staged' compares staged progress; the return signal does not apply")
      }
      try self.init(kind: .oracle, signal: .staged, seed: seed)
      return
    }
    // Empty pieces kept: "mistake=" is a missing number, not the default.
    let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let name = parts.first ?? ""
    var value: Double?
    if parts.count == 2 {
      guard let v = Double(parts[1]), v.isFinite else {
        throw .invalidArgument("scripted teacher '\(text)': '\(parts[1])' is not a finite number")
      }
      value = v
    }
    let kind: Kind
    switch name {
    case "oracle":
      guard value == nil else { throw .invalidArgument("scripted teacher 'oracle' takes no parameter") }
      kind = .oracle
    case "staged": throw .invalidArgument("scripted teacher 'staged' takes no parameter")
    case "stochastic": kind = .stochastic(beta: value ?? 1)
    case "mistake": kind = .mistake(epsilon: value ?? 0.1)
    case "skip": kind = .skip(threshold: value ?? 0.1)
    case "equal": kind = .equal(delta: value ?? 0.1)
    case "myopic": kind = .myopic(gamma: value ?? 0.9)
    default:
      throw .invalidArgument(
        "scripted teacher '\(text)' is unknown; allowed: oracle, staged, stochastic[=β], mistake[=ε], skip[=threshold], equal[=δ], myopic[=γ]")
    }
    try self.init(kind: kind, signal: signal, seed: seed)
  }

  public var name: String {
    switch kind {
    case .oracle: return signal == .staged ? "scripted:staged" : "scripted:oracle"
    case .stochastic(let beta): return "scripted:stochastic=\(beta)"
    case .mistake(let epsilon): return "scripted:mistake=\(epsilon)"
    case .skip(let threshold): return "scripted:skip=\(threshold)"
    case .equal(let delta): return "scripted:equal=\(delta)"
    case .myopic(let gamma): return "scripted:myopic=\(gamma)"
    }
  }

  public var summary: String {
    "\(name): a SIMULATED labeller (B-Pref scripted teacher) reading privileged \(signal == .staged ? "staged progress" : signal.rawValue), not an LLM"
  }

  public func label(_ pair: LabellingPair) async -> Label { labelNow(pair) }

  /// The synchronous label (scripted teachers never wait).
  public func labelNow(_ pair: LabellingPair) -> Label {
    var generator = PairGenerator(seed: seed, pairID: pair.id)
    if signal == .staged, pair.first.stagedProgress == nil || pair.second.stagedProgress == nil {
      // A store collected before staged progress existed, or from an env without it: no label
      // rather than a guess (annotate and re-labelling refuse such stores up front).
      return Label(preference: nil, status: .failed, labeller: name, isSimulated: true,
                   rawAnswer: "no staged progress recorded for observation "
                     + "\(pair.first.stagedProgress == nil ? pair.first.observationID : pair.second.observationID)")
    }
    let v1 = value(pair.first), v2 = value(pair.second)
    let preference: Double?
    switch kind {
    case .oracle, .myopic:
      preference = Self.oracle(v1, v2)
    case .stochastic(let beta):
      let p = 1 / (1 + exp(-beta * (v1 - v2)))
      preference = generator.nextUnit() < p ? 1 : 0
    case .mistake(let epsilon):
      let truth = Self.oracle(v1, v2)
      preference = generator.nextUnit() < epsilon ? 1 - truth : truth
    case .skip(let threshold):
      preference = (v1 < threshold && v2 < threshold) ? nil : Self.oracle(v1, v2)
    case .equal(let delta):
      preference = abs(v1 - v2) < delta ? 0.5 : Self.oracle(v1, v2)
    }
    let status: LabelStatus = preference == nil ? .skipped : (preference == 0.5 ? .tie : .preferred)
    let answer = preference.map { "v1=\(v1) v2=\(v2) -> \($0)" } ?? "v1=\(v1) v2=\(v2) -> skipped"
    return Label(preference: preference, status: status, labeller: name, isSimulated: true, rawAnswer: answer)
  }

  /// The compared value of one side.
  public func value(_ side: PairSide) -> Double {
    if case .myopic(let gamma) = kind {
      // Σ_k γ^(t−k) Δprogress_k: milestones reached long ago count less.
      var total = 0.0, previous = 0.0
      let history = side.progressHistory
      for (k, p) in history.enumerated() {
        total += pow(gamma, Double(history.count - 1 - k)) * (p - previous)
        previous = p
      }
      return total
    }
    switch signal {
    case .progress: return side.progress
    case .return: return side.episodeReturn
    case .staged: return side.stagedProgress ?? .nan
    }
  }

  static func oracle(_ v1: Double, _ v2: Double) -> Double {
    v1 > v2 ? 1 : (v1 < v2 ? 0 : 0.5)
  }
}

/// SplitMix64 keyed by (seed, pair id): a label never depends on the order pairs are labelled.
struct PairGenerator {
  private var base: SplitMix64
  init(seed: UInt64, pairID: Int) {
    base = SplitMix64(seed: seed ^ (UInt64(bitPattern: Int64(pairID)) &* 0x9E37_79B9_7F4A_7C15))
  }
  mutating func next() -> UInt64 { base.next() }
  /// Uniform in [0, 1).
  mutating func nextUnit() -> Double { base.nextUnit() }
}

extension PairGenerator: RandomNumberGenerator {}

extension ScriptedTeacher.Kind {
  /// Refuses a parameter outside the range where the teacher means what its name says: an
  /// inverted teacher (β < 0, ε > 0.5) would train a reward model that prefers failure.
  /// Thresholds on progress must lie in its range, 0...1; returns may be any finite number.
  public func check(signal: ScriptedTeacher.Signal) throws(RewardError) {
    func refuse(_ teacher: String, _ symbol: String, _ value: Double, _ allowed: String) -> RewardError {
      .invalidArgument("scripted teacher '\(teacher)': \(symbol) = \(value) \(allowed)")
    }
    func finite(_ teacher: String, _ symbol: String, _ value: Double) throws(RewardError) {
      guard value.isFinite else { throw refuse(teacher, symbol, value, "is not a finite number") }
    }
    let progressRange = "must be within 0...1 (progress lies in 0...1)"
    if signal == .staged, self != .oracle {
      throw .invalidArgument("staged progress is compared by the oracle only (scripted:staged)")
    }
    switch self {
    case .oracle:
      return
    case .stochastic(let beta):
      try finite("stochastic", "β", beta)
      guard beta > 0 else {
        throw refuse("stochastic", "β", beta,
                     "must be greater than 0 (β < 0 prefers the worse side, β = 0 labels at random: that is mistake=0.5)")
      }
    case .mistake(let epsilon):
      try finite("mistake", "ε", epsilon)
      guard (0...0.5).contains(epsilon) else {
        throw refuse("mistake", "ε", epsilon, "must be within 0...0.5 (above 0.5 the teacher is wrong more often than right)")
      }
    case .skip(let threshold):
      try finite("skip", "threshold", threshold)
      guard signal == .return || (0...1).contains(threshold) else { throw refuse("skip", "threshold", threshold, progressRange) }
    case .equal(let delta):
      try finite("equal", "δ", delta)
      if signal == .progress {
        guard (0...1).contains(delta) else { throw refuse("equal", "δ", delta, progressRange) }
      } else {
        guard delta >= 0 else { throw refuse("equal", "δ", delta, "must be 0 or more") }
      }
    case .myopic(let gamma):
      try finite("myopic", "γ", gamma)
      guard (0...1).contains(gamma) else { throw refuse("myopic", "γ", gamma, "must be within 0...1 (a discount)") }
    }
  }
}
