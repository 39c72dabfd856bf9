import PavlovSim

/// The environment's scripted expert as agent actions: continuous spaces get its numbers,
/// discrete ones (grid worlds, Wordle) the named action whose index it wrote.
enum ExpertActions {
  /// Whether `env` (after a reset) has a scripted expert.
  static func available(_ env: VecEnv) -> Bool { (try? env.expertActions()) != nil }

  /// One action per env index, from one call to the expert.
  static func actions(_ env: VecEnv, names: [String]) throws -> [AgentAction] {
    let raw = try env.expertActions()
    switch env.spec.actionSpace {
    case .discrete:
      return raw.map { value in
        let index = Int(value)
        return .discrete(index, name: names.indices.contains(index) ? names[index] : "action \(index)")
      }
    case .continuous(let dimension, _):
      return (0..<env.count).map { i in .continuous(Array(raw[(i * dimension)..<((i + 1) * dimension)])) }
    }
  }
}
