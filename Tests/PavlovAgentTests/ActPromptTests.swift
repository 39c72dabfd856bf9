import PavlovAgent
import PavlovLLM
import PavlovSim
import XCTest

/// Golden prompts: the exact wording the model sees, per family and per option. A change of
/// wording must change these and `ActPrompt.version`.
final class ActPromptTests: XCTestCase {
  private let grid = ActPrompt(environment: "MiniGrid-DoorKey-5x5-v0",
                               format: .named(["left", "right", "forward", "pickup", "drop", "toggle", "done"]))
  private let system = "You are an agent acting in the game MiniGrid-DoorKey-5x5-v0. At every step you choose one action. "
    + "Always answer as helpfully as possible, while being truthful."

  func testFormatsComeFromTheSpecNotTheID() throws {
    for (id, check) in [
      ("MiniGrid-DoorKey-5x5-v0", { (f: ActionFormat) in
        XCTAssertEqual(f, .named(["left", "right", "forward", "pickup", "drop", "toggle", "done"])) }),
      ("Wordle-Answers-v0", { f in
        guard case .word(let words) = f else { return XCTFail("\(f)") }
        XCTAssertEqual(words.count, 2315)
        XCTAssertTrue(words.allSatisfy { $0.count == 5 })
      }),
      ("arm/reach", { f in XCTAssertEqual(f, .vector(dimension: 4, bounds: -1...1)) }),
    ] {
      let env = try VecEnv(id: id, count: 1, options: .init(threadCount: 1))
      check(ActionFormat(spec: env.spec, actionNames: try env.actionNames()))
    }
  }

  func testGridPlain() {
    let messages = grid.messages(.init(goal: "use the key to open the door and then get to the goal", caption: "You see a key."))
    XCTAssertEqual(grid.version, "act-v1")
    XCTAssertEqual(messages, [
      ChatMessage(.system, system),
      ChatMessage(.user, """
        The goal of the agent is: use the key to open the door and then get to the goal

        What you observe now:
        You see a key.

        The legal actions are: left, right, forward, pickup, drop, toggle, done.

        Respond only with Action: <one legal action>
        """),
    ])
  }

  func testGridWithPlanHistoryExamplesAndChainOfThought() {
    var prompt = grid
    prompt.chainOfThought = true
    let situation = ActPrompt.Situation(
      goal: "get to the goal", caption: "You see a door.",
      history: [.init(caption: "You see a wall.", action: "left"), .init(caption: "You see a key.", action: "pickup")],
      plan: "1. Get the key.", examples: ["Example 1 (solved in 2 steps):\nstep 1: A -> Action: forward"])
    XCTAssertEqual(prompt.version, "act-v1-cot")
    XCTAssertEqual(prompt.messages(situation)[1].content, """
      The goal of the agent is: get to the goal

      Example episodes of a scripted expert, for reference:

      Example 1 (solved in 2 steps):
      step 1: A -> Action: forward

      Your plan for this episode:
      1. Get the key.

      Your last 2 steps, oldest first:
      - You see a wall. -> Action: left
      - You see a key. -> Action: pickup

      What you observe now:
      You see a door.

      The legal actions are: left, right, forward, pickup, drop, toggle, done.

      First, think step by step about what you observe and which action brings the agent closer to the goal. \
      Then, on the last line, answer with Action: <one legal action>
      """)
  }

  func testPlanCritiqueAndImproveRequests() {
    let plan = grid.planMessages(goal: "get to the goal", caption: "You see a door.")
    XCTAssertEqual(plan[1].content, """
      The goal of the agent is: get to the goal

      What you observe now:
      You see a door.

      The legal actions are: left, right, forward, pickup, drop, toggle, done.

      Write a short high-level plan, at most five numbered steps, for reaching the goal from here. Do not choose an action yet.
      """)
    XCTAssertEqual(ActPrompt.critiqueRequest, "Review your answer: find any problem with it, given the goal and what you observe.")
    XCTAssertEqual(grid.improveRequest, "Based on your review, give your final answer. On the last line: Action: <one legal action>")
  }

  /// Names that differ only in their numbers are folded into a pattern with its ranges, only when
  /// the group is complete; short groups and names without numbers are listed as they are.
  func testLongActionListsAreFoldedIntoPatterns() {
    var names = (0..<64).map { "click [\($0)]" }
    for k in 0..<64 { for j in 0..<8 { names.append("type field \(j) into [\(k)]") } }
    names += ["press Enter", "press ArrowUp"]
    let web = ActPrompt(environment: "MiniWob-x-v0", format: .named(names))
    XCTAssertEqual(web.actionDescription,
                   "The legal actions are: click [N] (N from 0 to 63), type field N into [M] (N from 0 to 7; "
                     + "M from 0 to 63), press Enter, press ArrowUp.")
    // A group with a hole is not folded (the pattern would name an action that does not exist).
    let holed = (0..<10).filter { $0 != 4 }.map { "move \($0)" }
    XCTAssertEqual(ActPrompt(environment: "e", format: .named(holed)).actionDescription,
                   "The legal actions are: " + holed.joined(separator: ", ") + ".")
    // Small groups and leading zeros stay as they are.
    let few = ["go 1", "go 2", "wait", "slot 07"]
    XCTAssertEqual(ActPrompt(environment: "e", format: .named(few)).actionDescription,
                   "The legal actions are: go 1, go 2, wait, slot 07.")
  }

  func testTheWebTasksPromptListsTheirActionsCompactly() throws {
    let id = "MiniWob-click-checkboxes-v0"
    let env = try VecEnv(id: id, count: 1, seed: 1)
    let names = try env.actionNames()
    XCTAssertGreaterThan(names.count, 500)
    let text = ActPrompt(environment: id, format: .named(names)).actionDescription
    XCTAssertTrue(text.contains("click [N] (N from 0 to 127)"), text)
    XCTAssertLessThan(text.count, 400, text)
  }

  func testWordle() {
    let prompt = ActPrompt(environment: "Wordle-Answers-v0", format: .word(["crane", "slate"]))
    XCTAssertEqual(prompt.messages(.init(goal: "", caption: "Guess 1 of 6."))[1].content, """
      What you observe now:
      Guess 1 of 6.

      Your action is a guess: one 5-letter word from the game's list of 2 allowed words, e.g. crane.

      Respond only with Action: <one word>
      """)
    XCTAssertEqual(prompt.illegalAnswerMessage(reason: "'zzzzz' is not in the list of allowed words"),
                   "That is not a legal action: 'zzzzz' is not in the list of allowed words. Choose again. "
                   + "On the last line: Action: <one word>")
  }

  func testArm() {
    let prompt = ActPrompt(environment: "arm/reach", format: .vector(dimension: 4, bounds: -1...1))
    XCTAssertEqual(prompt.messages(.init(goal: "reach the goal", caption: "The gripper is open."))[1].content, """
      The goal of the agent is: reach the goal

      What you observe now:
      The gripper is open.

      Your action is 4 numbers, each from -1 to 1, separated by commas; numbers outside that range are clipped.

      Respond only with Action: <x1>, <x2>, <x3>, <x4>
      """)
  }
}
