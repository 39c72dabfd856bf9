import Foundation
import PavlovLLM
import PavlovSim

/// The prompt that asks an LLM for a reward program (Eureka-style): the task, the documented
/// inputs, example observations with their captions (so the codes can be read), the rules of
/// the sandbox and the answer format, one Lua code block. Versioned: a change of wording is a
/// new version, so cached answers and results are never mixed up across wordings.
public struct CodeRewardPrompt: Sendable, Equatable {
  public var version: String { "code-v1" }
  public let inputs: RewardProgram.Inputs

  public init(inputs: RewardProgram.Inputs = .observation) { self.inputs = inputs }

  public var systemPrompt: String {
    """
    You write reward functions for reinforcement learning, in Lua 5.4. The function runs in a \
    sandbox: only the base functions (no load, print or pcall), math (no random), table and \
    string (no rep or patterns) exist; there are no files, no os, no clock, and each call has an \
    instruction budget. Answer with one ```lua code block that defines a global function \
    \(signature) returning one finite number: higher when the agent is closer to completing the \
    task. It must depend only on its arguments.
    """
  }

  var signature: String { inputs == .privileged ? "reward(obs, state)" : "reward(obs)" }

  /// `examples`: observations as Lua text with their captions.
  public func messages(goal: String, description: String, examples: [(lua: String, caption: String)]) -> [ChatMessage] {
    var user = "Task: \(goal)\n\nInputs of \(signature):\n\(description)\n"
    if !examples.isEmpty {
      let runs = examples.contains { $0.lua.contains("×") } ? " (v×n stands for the value v repeated n times)" : ""
      user += "\nExample inputs, each with what it shows\(runs):\n"
      for example in examples { user += "- \(example.caption)\n  obs = \(example.lua)\n" }
    }
    user += "\nWrite the reward function now, as one ```lua code block."
    return [ChatMessage(.system, systemPrompt), ChatMessage(.user, user)]
  }

  /// What goes back to the LLM after a rejected program.
  public func feedback(_ problem: String) -> String {
    "Your program was rejected: \(problem)\nFix it and answer again with the whole program as one ```lua code block."
  }

  /// The trajectory analyser's statistics, for a refinement round.
  public func reflection(_ statistics: String) -> String {
    "Your program was accepted, and an agent was trained on it briefly: \(statistics).\nImprove the reward function "
      + "so that it follows the task's progress more closely, and answer with the whole program as one ```lua code block."
  }

  /// The program in an answer: the first fenced code block (```lua or plain ```), or, without
  /// fences, the whole answer when it defines `reward`; nil when there is none.
  public static func extractCode(from answer: String) -> String? {
    if let open = answer.range(of: "```") {
      var rest = answer[open.upperBound...]
      // The fence's language tag runs to the end of its line.
      if let newline = rest.firstIndex(of: "\n") { rest = rest[rest.index(after: newline)...] } else { return nil }
      guard let close = rest.range(of: "```") else { return nil }
      let code = rest[..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
      return code.isEmpty ? nil : code
    }
    let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.contains("function reward") ? trimmed : nil
  }
}
