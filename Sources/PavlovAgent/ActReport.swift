import Foundation
import PavlovLLM

/// What `pavlov act` measured: the policy's success and return, and what the language model cost.
public struct ActReport: Sendable, Codable, Equatable {
  public var environment: String
  /// "llm" or "scripted:expert".
  public var policy: String
  /// True for the scripted stand-in: these numbers say nothing about a language model.
  public var simulated: Bool
  public var promptVersion: String?
  public var episodes = 0
  /// Episodes whose privileged success flag was set (never shown to the policy).
  public var successes = 0
  public var meanReturn = 0.0
  public var meanLength = 0.0
  /// Actions chosen (one per live env per step).
  public var decisions = 0
  /// Chat requests the policy made (plans, answers, critiques, retries), cached or not.
  public var llmCalls = 0
  /// Requests answered from the memory of identical prompts within a step (the persistent
  /// cache's hits, across steps and runs, are in `usage.cacheHits`).
  public var repeatedPrompts = 0
  /// Answers that could not be used, replaced by `fallbackAction`.
  public var fallbacks = 0
  /// Plan requests that failed (those episodes went on without a plan).
  public var planFailures = 0
  /// The first few reasons an answer was replaced or a plan was missing, for people.
  public var fallbackReasons: [String] = []
  /// Illegal words sent back with their error and asked again.
  public var illegalRetries = 0
  /// Answers whose numbers were clipped to the bounds.
  public var clippedActions = 0
  public var fallbackAction: String
  public var usage: Usage?
  public var wallSeconds = 0.0

  public init(environment: String, policy: String, simulated: Bool, promptVersion: String?, fallbackAction: String) {
    self.environment = environment
    self.policy = policy
    self.simulated = simulated
    self.promptVersion = promptVersion
    self.fallbackAction = fallbackAction
  }

  /// successes / episodes (0 before any episode); stored so that the JSON report carries it.
  public var successRate = 0.0

  /// A few lines for people.
  public var summary: String {
    var lines: [String] = []
    let label = simulated ? "SIMULATED (\(policy), no language model)" : policy
    lines.append("\(environment), policy \(label)\(promptVersion.map { ", prompt \($0)" } ?? "")")
    lines.append(String(format: "success %d/%d (%.2f), mean return %.3f, mean length %.1f steps, %d actions chosen",
                        successes, episodes, successRate, meanReturn, meanLength, decisions))
    if !simulated {
      lines.append("LLM calls \(llmCalls) (\(repeatedPrompts) repeated prompts answered from memory), fallbacks \(fallbacks) "
                   + "(fallback action: \(fallbackAction)), plan failures \(planFailures), illegal-word retries \(illegalRetries), clipped actions \(clippedActions)")
      for reason in fallbackReasons { lines.append("  fallback: \(reason)") }
      if let usage { lines.append(usage.summary) }
    }
    lines.append(String(format: "wall time %.2f s", wallSeconds))
    return lines.joined(separator: "\n")
  }
}
