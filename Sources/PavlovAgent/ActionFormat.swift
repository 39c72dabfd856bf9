import Foundation
import PavlovSim

/// What an action is, as the language model sees it, read from the environment's spec (never its
/// id): named discrete actions (a grid world's seven), words from an allowed list (discrete
/// actions that are rows of letter tokens: Wordle), or a vector of numbers within bounds (the arm).
public enum ActionFormat: Sendable, Equatable {
  case named([String])
  case word([String])
  case vector(dimension: Int, bounds: ClosedRange<Float>)

  /// The format of an environment with these action names (`VecEnv.actionNames()`).
  public init(spec: EnvSpec, actionNames: [String]) {
    switch spec.actionSpace {
    case .continuous(let dimension, let bounds): self = .vector(dimension: dimension, bounds: bounds)
    case .discrete: self = spec.actionTokens == nil ? .named(actionNames) : .word(actionNames)
    }
  }

  /// The action the policy takes when an answer cannot be used, named in every report:
  /// action 0 of a discrete space, the zero vector (no motion) clipped to the bounds.
  public var fallback: AgentAction {
    switch self {
    case .named(let names), .word(let names): return .discrete(0, name: names.first ?? "0")
    case .vector(let dimension, let bounds):
      return .continuous([Float](repeating: min(max(0, bounds.lowerBound), bounds.upperBound), count: dimension))
    }
  }
}

/// One env's action, with its name for prompts and reports.
public enum AgentAction: Sendable, Equatable {
  case discrete(Int, name: String)
  case continuous([Float])

  /// How the action is written back to the model (history, examples): the name or the numbers.
  public var text: String {
    switch self {
    case .discrete(_, let name): return name
    case .continuous(let values): return values.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    }
  }
}

extension AgentAction {
  /// Env `i`'s action in a batch of scripted-expert actions (`width` floats per env): the named
  /// action whose index the expert wrote, for discrete spaces (`names` their action names), else
  /// the numbers.
  init(expert: [Float], of i: Int, width: Int, names: [String]) {
    guard names.isEmpty else {
      let index = Int(expert[i * width])
      self = .discrete(index, name: names.indices.contains(index) ? names[index] : "action \(index)")
      return
    }
    self = .continuous(Array(expert[(i * width)..<((i + 1) * width)]))
  }
}
