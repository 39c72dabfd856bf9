import XCTest
@testable import PavlovLLM

final class PreferencePromptTests: XCTestCase {
  func testMessagesCarryGoalBothDescriptionsAndTheAnswerFormat() {
    let prompt = PreferencePrompt(environment: "MiniGrid-DoorKey-8x8-v0")
    let messages = prompt.messages(goal: "open the door", first: "You see a key.", second: "You carry a key.")
    XCTAssertEqual(messages.map(\.role), [.system, .user])
    XCTAssertTrue(messages[0].content.contains("MiniGrid-DoorKey-8x8-v0"))
    let user = messages[1].content
    XCTAssertTrue(user.contains("The goal of the agent is: open the door"))
    XCTAssertTrue(user.contains("{\"description_1\":\n\"You see a key.\"}"))
    XCTAssertTrue(user.contains("{\"description_2\":\n\"You carry a key.\"}"))
    XCTAssertTrue(user.contains("(\"best_description\": None)"))
    XCTAssertTrue(user.contains("Respond only"))
    XCTAssertEqual(prompt.version, "motif-v1")
    let cot = PreferencePrompt(environment: "X", chainOfThought: true)
    XCTAssertTrue(cot.messages(goal: "", first: "a", second: "b")[1].content.contains("comparative analysis"))
    XCTAssertEqual(cot.version, "motif-v1-cot")
  }

  func testParsingTakesTheLastAnswerAndNeverGuesses() {
    XCTAssertEqual(PreferencePrompt.parse("(\"best_description\": 1)"), .first)
    XCTAssertEqual(PreferencePrompt.parse("{\"best_description\": \"2\"}"), .second)
    XCTAssertEqual(PreferencePrompt.parse("best_description: None"), .neither)
    XCTAssertEqual(PreferencePrompt.parse("I could say (\"best_description\": 1) but in the end (\"best_description\": 2)"),
                   .second)
    XCTAssertNil(PreferencePrompt.parse("Description 1 is better."))
    XCTAssertNil(PreferencePrompt.parse("best_description: 3"))
    XCTAssertNil(PreferencePrompt.parse(""))
  }

  func testProbabilityComesFromTheAnswerTokensAlternatives() throws {
    let text = "(\"best_description\": 1)"
    let tokens = [
      TokenLogprob(token: "(\"best_description\":", logprob: -0.01, alternatives: []),
      TokenLogprob(token: " 1", logprob: log(0.7), alternatives: [(" 1", log(0.7)), (" 2", log(0.1)), (" None", log(0.2))]),
      TokenLogprob(token: ")", logprob: -0.01, alternatives: []),
    ]
    XCTAssertEqual(try XCTUnwrap(PreferencePrompt.probability(text: text, tokens: tokens)), 0.875, accuracy: 1e-9)
    // Without the other digit among the alternatives there is no probability (the hard answer stands).
    let lone = [TokenLogprob(token: text, logprob: 0, alternatives: [])]
    XCTAssertNil(PreferencePrompt.probability(text: text, tokens: lone))
  }
}
