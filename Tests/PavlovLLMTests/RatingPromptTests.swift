import XCTest
@testable import PavlovLLM

/// The direct-scalar prompt, word for word, and what its parser accepts (issue 13, item 2).
final class RatingPromptTests: XCTestCase {
  private let prompt = RatingPrompt(environment: "MiniGrid-DoorKey-5x5-v0", scale: 10)

  func testGoldenChatPrompt() {
    let messages = prompt.messages(goal: "use the key to open the door and then get to the goal",
                                   description: "You see a yellow key 2 steps ahead.")
    XCTAssertEqual(messages.map(\.role), [.system, .user])
    XCTAssertEqual(messages[0].content, """
      You are a helpful and honest judge of good progress in the game MiniGrid-DoorKey-5x5-v0. Always answer as \
      helpfully as possible, while being truthful. If you don't know the answer to a question, please don't share \
      false information.
      """)
    XCTAssertEqual(messages[1].content, """
      The goal of the agent is: use the key to open the door and then get to the goal

      I will present you with a short description of what an agent observes. Respond only by rating how much \
      progress towards the goal it shows, from 1 (no progress) to 10 (the goal is reached): ("rating": X), where X \
      is a whole number from 1 to 10.

      {"description":
      "You see a yellow key 2 steps ahead."}
      """)
    XCTAssertEqual(prompt.version, "rating-v1")
    XCTAssertFalse(prompt.messages(goal: "", description: "d")[1].content.contains("The goal of the agent"))
  }

  func testGoldenCompletionPromptEndsWhereTheRatingGoes() {
    let text = prompt.completionPrompt(goal: "g", description: "d")
    XCTAssertTrue(text.hasSuffix("\"d\"}\n\nAnswer: (\"rating\":"), text)
    XCTAssertTrue(text.hasPrefix(prompt.systemPrompt + "\n\nThe goal of the agent is: g\n\n"))
    XCTAssertEqual(prompt.retryMessage,
                   "So, what is your rating? Please respond by saying (\"rating\": X), where X is a whole number from 1 to 10.")
  }

  func testParseTakesTheLastRatingOnTheScale() {
    XCTAssertEqual(prompt.parse("(\"rating\": 7)"), 7)
    XCTAssertEqual(prompt.parse("I think \"rating\": 3 ... no, (\"rating\": 10)"), 10)
    XCTAssertEqual(prompt.parse("Rating = \"4\""), 4)
    XCTAssertEqual(prompt.parse("RATING: 1"), 1)
  }

  func testParseRefusesWhatIsNotARatingOnTheScale() {
    for text in ["", "7", "(\"rating\": None)", "(\"rating\": 0)", "(\"rating\": 11)", "(\"rating\": -3)",
                 "(\"rating\": seven)", "the rating is high", "(\"best_description\": 1)"] {
      XCTAssertNil(prompt.parse(text), text)
    }
  }

  func testExpectedRatingWeighsTheScaleByLogprobs() throws {
    let five = RatingPrompt(environment: "e", scale: 5)
    let tokens = [
      TokenLogprob(token: "(\"rating\": ", logprob: 0, alternatives: []),
      TokenLogprob(token: "4", logprob: log(0.5), alternatives: [("4", log(0.5)), ("2", log(0.25)), ("x", log(0.2)),
                                                              ("9", log(0.05))]),
      TokenLogprob(token: ")", logprob: 0, alternatives: []),
    ]
    // Over the scale: p(4) = 2/3, p(2) = 1/3 ("x" and 9 are not on it).
    let expected = try XCTUnwrap(five.expectedRating(text: "(\"rating\": 4)", tokens: tokens))
    XCTAssertEqual(expected, 4 * 2.0 / 3 + 2 * 1.0 / 3, accuracy: 1e-9)
    XCTAssertEqual(five.normalised(expected), (expected - 1) / 4, accuracy: 1e-12)
    // One value only among the alternatives: the hard answer stands.
    let lonely = [tokens[0], TokenLogprob(token: "4", logprob: 0, alternatives: [("x", -1)]), tokens[2]]
    XCTAssertNil(five.expectedRating(text: "(\"rating\": 4)", tokens: lonely))
    // A scale with two-digit values: a "1" may be the start of "10", so no expectation.
    XCTAssertNil(prompt.expectedRating(text: "(\"rating\": 4)", tokens: tokens))
    // A token that is not the whole number ("1" of "10"): none either.
    let split = [tokens[0], TokenLogprob(token: "1", logprob: 0, alternatives: [("2", -1)]),
                 TokenLogprob(token: "0", logprob: 0, alternatives: [])]
    XCTAssertNil(RatingPrompt(environment: "e", scale: 9).expectedRating(text: "(\"rating\": 10)", tokens: split))
  }

  func testNormalisedMapsTheScaleOntoZeroToOne() {
    XCTAssertEqual(prompt.normalised(1), 0)
    XCTAssertEqual(prompt.normalised(10), 1)
    XCTAssertEqual(prompt.normalised(5.5), 0.5, accuracy: 1e-12)
  }
}
