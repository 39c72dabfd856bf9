import PavlovLLM

/// The LLM-policy prompt of the paper (Klissarov et al. 2025, "LLM Policy"): the goal, the
/// caption of what the agent observes now, the legal actions by name, and an answer of the form
/// "Action: X"; optionally a plan made at the episode's start, chain of thought, example
/// episodes, the last steps, and RCI-style self-refinement (critique, then act).
public struct ActPrompt: Sendable, Equatable {
  /// What the agent acts in, e.g. "MiniGrid-DoorKey-8x8-v0" (named in the system prompt).
  public var environment: String
  public var format: ActionFormat
  /// Reason step by step before the answer.
  public var chainOfThought: Bool

  public init(environment: String, format: ActionFormat, chainOfThought: Bool = false) {
    self.environment = environment
    self.format = format
    self.chainOfThought = chainOfThought
  }

  /// Recorded with every report: change it whenever the wording changes.
  public var version: String { chainOfThought ? "act-v1-cot" : "act-v1" }

  /// One past step as the model is shown it.
  public struct Step: Sendable, Equatable {
    public var caption: String
    public var action: String
    public init(caption: String, action: String) {
      self.caption = caption
      self.action = action
    }
  }

  /// What the prompt shows of one env at one step.
  public struct Situation: Sendable, Equatable {
    public var goal: String
    public var caption: String
    /// The last steps, oldest first (as many as --history asks).
    public var history: [Step] = []
    public var plan: String?
    /// Example episodes, already written out (`ExampleEpisode.text`).
    public var examples: [String] = []
    public init(goal: String, caption: String, history: [Step] = [], plan: String? = nil, examples: [String] = []) {
      self.goal = goal
      self.caption = caption
      self.history = history
      self.plan = plan
      self.examples = examples
    }
  }

  public var systemPrompt: String {
    """
    You are an agent acting in the game \(environment). At every step you choose one action. Always answer as \
    helpfully as possible, while being truthful.
    """
  }

  /// The legal actions by name (a grid world's), or how to write one (a word, numbers).
  public var actionDescription: String {
    switch format {
    case .named(let names):
      return "The legal actions are: \(ActionNameGroups.describe(names))."
    case .word(let words):
      let length = words.first?.count ?? 5
      let example = words.first.map { ", e.g. \($0)" } ?? ""
      return "Your action is a guess: one \(length)-letter word from the game's list of \(words.count) allowed words\(example)."
    case .vector(let dimension, let bounds):
      return "Your action is \(dimension) numbers, each from \(number(bounds.lowerBound)) to \(number(bounds.upperBound)), "
        + "separated by commas; numbers outside that range are clipped."
    }
  }

  private var answerFormat: String {
    switch format {
    case .named: return "Action: <one legal action>"
    case .word: return "Action: <one word>"
    case .vector(let dimension, _): return "Action: " + (1...max(1, dimension)).map { "<x\($0)>" }.joined(separator: ", ")
    }
  }

  private func context(_ situation: Situation) -> String {
    var text = situation.goal.isEmpty ? "" : "The goal of the agent is: \(situation.goal)\n\n"
    if !situation.examples.isEmpty {
      text += "Example episodes of a scripted expert, for reference:\n\n" + situation.examples.joined(separator: "\n\n") + "\n\n"
    }
    if let plan = situation.plan { text += "Your plan for this episode:\n\(plan)\n\n" }
    if !situation.history.isEmpty {
      text += "Your last \(situation.history.count) steps, oldest first:\n"
        + situation.history.map { "- \($0.caption) -> Action: \($0.action)" }.joined(separator: "\n") + "\n\n"
    }
    return text + "What you observe now:\n\(situation.caption)\n\n\(actionDescription)"
  }

  /// The request for one step's action.
  public func messages(_ situation: Situation) -> [ChatMessage] {
    let instruction = chainOfThought
      ? "First, think step by step about what you observe and which action brings the agent closer to the goal. "
        + "Then, on the last line, answer with \(answerFormat)"
      : "Respond only with \(answerFormat)"
    return [ChatMessage(.system, systemPrompt), ChatMessage(.user, context(situation) + "\n\n" + instruction)]
  }

  /// Asked once at the episode's start (the history and any plan are not shown yet).
  public func planMessages(goal: String, caption: String, examples: [String] = []) -> [ChatMessage] {
    let situation = Situation(goal: goal, caption: caption, examples: examples)
    let user = context(situation) + "\n\nWrite a short high-level plan, at most five numbered steps, for reaching the goal "
      + "from here. Do not choose an action yet."
    return [ChatMessage(.system, systemPrompt), ChatMessage(.user, user)]
  }

  /// RCI's critique: the model reviews its own answer.
  public static let critiqueRequest =
    "Review your answer: find any problem with it, given the goal and what you observe."

  /// RCI's improvement: the final answer after the critique.
  public var improveRequest: String { "Based on your review, give your final answer. On the last line: \(answerFormat)" }

  /// Sent back after an illegal word, before asking again.
  public func illegalAnswerMessage(reason: String) -> String {
    "That is not a legal action: \(reason). Choose again. On the last line: \(answerFormat)"
  }

  private func number(_ value: Float) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
