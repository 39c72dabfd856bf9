import CSim
import Foundation
import XCTest

/// Wordle through the C ABI: exact feedback with repeated letters, episode ends, autoreset,
/// reward kinds, the embedded word list against the data files, golden captions and render.
final class WordleTests: XCTestCase {
  // Observation layout (CSim/src/wordle/wordle_rules.hpp).
  static let obsSize = 87
  static let knowledgeOffset = 60
  static let countOffset = 86
  // Info columns: the common four, then answer_index, greens, yellows.
  static let infoAnswer = 4

  /// The lists the library embeds, read from the repository's data files.
  static let answers: [String] = readList("answers.txt")
  static let otherGuesses: [String] = readList("allowed-guesses.txt")
  static var allWords: [String] { answers + otherGuesses }

  static func readList(_ name: String) -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let url = root.appendingPathComponent("CSim/data/wordle/\(name)")
    let text = (try? String(contentsOf: url, encoding: .ascii)) ?? ""
    return text.split(whereSeparator: { $0 == "\n" }).map(String.init)
  }

  static func index(of word: String) -> Int32 { Int32(allWords.firstIndex(of: word)!) }

  // MARK: - A batch with options

  /// A Wordle batch (seed 11 unless given); a failed creation throws, which fails the test.
  private func make(_ id: String = "Wordle-v0", count: Int32 = 1, seed: UInt64 = 11, threads: Int32 = 1,
                    rewardKind: Int32 = 0, maxSteps: Int32 = 0) throws -> BatchHarness
  {
    try BatchHarness(id, count: count, seed: seed, threads: threads, maxSteps: maxSteps, rewardKind: rewardKind)
  }

  /// Feedback bytes (1 grey, 2 yellow, 3 green) of board row `row`.
  static func feedback(_ observation: [UInt8], row: Int) -> [UInt8] {
    (0..<5).map { observation[2 * (row * 5 + $0) + 1] }
  }

  /// Letters of board row `row` as a lowercase word.
  static func word(_ observation: [UInt8], row: Int) -> String {
    String((0..<5).map { Character(UnicodeScalar(UInt8(96) + observation[2 * (row * 5 + $0)])) })
  }

  /// Reference scorer, written independently of the C++: per letter, greens first, then
  /// yellows while the answer has copies of that letter not yet matched.
  static func referenceFeedback(guess: String, answer: String) -> [UInt8] {
    let g = Array(guess), a = Array(answer)
    var out = [UInt8](repeating: 1, count: 5)
    var left: [Character: Int] = [:]
    for i in 0..<5 {
      if g[i] == a[i] { out[i] = 3 } else { left[a[i], default: 0] += 1 }
    }
    for i in 0..<5 where out[i] != 3 {
      if let n = left[g[i]], n > 0 {
        out[i] = 2
        left[g[i]] = n - 1
      }
    }
    return out
  }

  // MARK: - Spec and word list

  func testSpecs() throws {
    for (id, actions) in [("Wordle-v0", 12972), ("Wordle-Answers-v0", 2315)] {
      var spec = CSimSpec()
      XCTAssertEqual(csim_env_spec(id, &spec), CSIM_OK)
      XCTAssertEqual(spec.num_actions, Int32(actions), id)
      XCTAssertEqual(spec.action_kind, CSIM_ACTION_DISCRETE)
      XCTAssertEqual(spec.observation_dtype, CSIM_DTYPE_UINT8)
      XCTAssertEqual(spec.observation_rank, 1)
      XCTAssertEqual(spec.observation_shape.0, 87)
      XCTAssertEqual(spec.observation_size, 87)
      XCTAssertEqual(spec.observation_low, 0)
      XCTAssertEqual(spec.observation_high, 26)
      XCTAssertEqual(spec.max_episode_steps, 6)
      XCTAssertEqual(spec.reward_low, 0)
      XCTAssertEqual(spec.reward_high, 1)
      XCTAssertEqual(spec.info_dim, 7)
    }
    let b = try make()
    let names = (0..<7).map { String(cString: csim_vec_env_info_name(b.handle, $0)!) }
    XCTAssertEqual(names, ["success", "progress", "event", "episode_step", "answer_index", "greens", "yellows"])
    let events = (0..<4).map { b.eventName($0) }
    XCTAssertEqual(events, ["", "guessed", "solved", "lost"])
    XCTAssertNil(b.eventName(4))
  }

  func testDataFilesHaveTheOfficialCounts() {
    XCTAssertEqual(Self.answers.count, 2315)
    XCTAssertEqual(Self.otherGuesses.count, 10657)
    XCTAssertEqual(Self.answers, Self.answers.sorted())
    XCTAssertEqual(Self.otherGuesses, Self.otherGuesses.sorted())
    XCTAssertTrue(Set(Self.answers).isDisjoint(with: Self.otherGuesses))
  }

  /// Every action's name is the word at that line of the data files, answers first.
  func testActionNamesAreTheEmbeddedWordList() throws {
    for (id, words) in [("Wordle-v0", Self.allWords), ("Wordle-Answers-v0", Self.answers)] {
      let b = try make(id)
      var names: [String] = []
      for a in 0..<Int32(words.count) {
        let (status, name) = b.actionName(a)
        XCTAssertEqual(status, CSIM_OK)
        names.append(name)
      }
      XCTAssertEqual(names, words, id)
      XCTAssertEqual(b.actionName(Int32(words.count)).0, CSIM_ERROR_INVALID_ARGUMENT)
    }
  }

  /// Guessing word i in env i writes word i into the board's first row: the table the game
  /// plays with (not only the names) equals the data files. One step of 12,972 envs; envs
  /// whose guess happened to solve are read from final_observations.
  func testEveryActionPlaysItsWord() throws {
    let words = Self.allWords
    let b = try make(count: Int32(words.count), seed: 5, threads: 2)
    XCTAssertEqual(b.reset(), CSIM_OK)
    XCTAssertEqual(b.step((0..<Int32(words.count)).map { $0 }), CSIM_OK)
    var solved = 0
    for env in 0..<words.count {
      let ended = b.terminated[env] != 0
      if ended { solved += 1 }
      let o = ended ? b.finalObservation(env) : b.observation(env)
      XCTAssertEqual(Self.word(o, row: 0), words[env], "action \(env)")
      XCTAssertEqual(o[Self.countOffset], 1)
      XCTAssertEqual(ended, env == Int(b.info(env, Self.infoAnswer)), "solved iff the guess is the answer")
    }
    XCTAssertGreaterThan(solved, 0, "no env guessed its answer, so the final-observation path went untested")
  }

  // MARK: - Rules

  func testFeedbackWithRepeatedLetters() throws {
    // (answer, guess, expected feedback: 1 grey, 2 yellow, 3 green)
    let cases: [(String, String, [UInt8])] = [
      ("abbey", "babes", [2, 2, 3, 3, 1]),  // the two B's: one green, the other takes the remaining B
      ("those", "geese", [1, 1, 1, 3, 3]),  // THOSE has one E, used by the green; other E's grey
      ("crane", "eerie", [1, 1, 2, 1, 3]),  // one E in CRANE: green at the end, the first two grey
      ("lever", "eerie", [2, 3, 2, 1, 1]),  // two E's: one green, one yellow, the third grey
      ("spree", "eerie", [2, 1, 3, 1, 3]),  // R and the last E green; one E left, so the first E yellow
      ("abbey", "kebab", [1, 2, 3, 2, 2]),  // B green, then A and the second B yellow
    ]
    for (answer, guess, expected) in cases {
      XCTAssertEqual(Self.referenceFeedback(guess: guess, answer: answer), expected, "reference \(answer)/\(guess)")
      let b = try make(seed: 3)
      b.resetUntilAnswer(answer)
      XCTAssertEqual(b.guess(guess), CSIM_OK)
      let o = b.observation()
      XCTAssertEqual(Self.feedback(o, row: 0), expected, "\(answer) / \(guess)")
      XCTAssertEqual(Self.word(o, row: 0), guess)
      XCTAssertEqual(b.info(0, 5), Float(expected.filter { $0 == 3 }.count), "greens column")
      XCTAssertEqual(b.info(0, 6), Float(expected.filter { $0 == 2 }.count), "yellows column")
      // Keyboard knowledge: the best feedback each guessed letter got.
      for (i, ch) in guess.enumerated() {
        let letter = Int(ch.asciiValue! - 97)
        let best = zip(guess, expected).filter { $0.0 == ch }.map { $0.1 }.max()!
        XCTAssertEqual(o[Self.knowledgeOffset + letter], best, "\(answer)/\(guess) letter \(i)")
      }
    }
  }

  /// The game's feedback equals the reference scorer on many random (answer, guess) pairs.
  func testFeedbackMatchesReferenceOnRandomPairs() throws {
    let words = Self.allWords
    let b = try make(count: 2048, seed: 21)
    b.reset()
    var random = TestRandom(state: 4)
    // After an autoreset the info row still describes the ended episode, so the new
    // episode's answer is unknown: such envs drop out of the comparison.
    var answerKnown = [Bool](repeating: true, count: b.count)
    var compared = 0
    for _ in 0..<3 {
      let answers = (0..<b.count).map { Self.answers[Int(b.info($0, Self.infoAnswer))] }
      let rows = (0..<b.count).map { Int(b.observation($0)[Self.countOffset]) }
      let actions = random.actions(count: b.count, below: Int32(words.count))
      XCTAssertEqual(b.step(actions), CSIM_OK)
      for env in 0..<b.count where answerKnown[env] {
        compared += 1
        let ended = b.terminated[env] != 0 || b.truncated[env] != 0
        if ended { answerKnown[env] = false }
        let o = ended ? b.finalObservation(env) : b.observation(env)
        let expected = Self.referenceFeedback(guess: words[Int(actions[env])], answer: answers[env])
        XCTAssertEqual(Self.feedback(o, row: rows[env]), expected, "\(answers[env]) / \(words[Int(actions[env])])")
      }
    }
    XCTAssertGreaterThan(compared, 6000)
  }

  func testSolvingEndsWithRewardSuccessAndAFreshBoard() throws {
    let b = try make()
    b.resetUntilAnswer("abbey")
    XCTAssertEqual(b.guess("crane"), CSIM_OK)
    XCTAssertEqual(b.rewards[0], 0)
    XCTAssertEqual(b.terminated[0], 0)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_EVENT)), 1)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_PROGRESS)), 0)
    XCTAssertEqual(b.guess("babes"), CSIM_OK)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_PROGRESS)), 0.4, accuracy: 1e-6, "two known green positions")
    XCTAssertEqual(b.guess("abbey"), CSIM_OK)
    XCTAssertEqual(b.rewards[0], 1)
    XCTAssertEqual(b.terminated[0], 1)
    XCTAssertEqual(b.truncated[0], 0)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_SUCCESS)), 1)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_PROGRESS)), 1)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_EVENT)), 2)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_EPISODE_STEP)), 3)
    XCTAssertEqual(b.info(0, Self.infoAnswer), Float(Self.answers.firstIndex(of: "abbey")!), "the ended episode's answer")
    let final = b.finalObservation()
    XCTAssertEqual(Self.feedback(final, row: 2), [3, 3, 3, 3, 3])
    XCTAssertEqual(final[Self.countOffset], 3)
    XCTAssertEqual(b.observation(), [UInt8](repeating: 0, count: Self.obsSize), "autoreset gives an empty board")
    XCTAssertEqual(b.eventName(2), "solved")
  }

  func testSixMissesLose() throws {
    let b = try make()
    b.resetUntilAnswer("abbey")
    let misses = ["crane", "babes", "fuzzy", "world", "might", "pious"]
    for (i, w) in misses.enumerated() {
      XCTAssertEqual(b.guess(w), CSIM_OK)
      let last = i == 5
      XCTAssertEqual(b.terminated[0], last ? 1 : 0, "guess \(i + 1)")
      XCTAssertEqual(b.truncated[0], 0)
      XCTAssertEqual(b.rewards[0], 0)
      XCTAssertEqual(b.info(0, Int(CSIM_INFO_EVENT)), last ? 3 : 1)
      XCTAssertEqual(b.info(0, Int(CSIM_INFO_SUCCESS)), 0)
    }
    let final = b.finalObservation()
    XCTAssertEqual(final[Self.countOffset], 6)
    XCTAssertEqual(Self.word(final, row: 5), "pious")
    XCTAssertEqual(b.observation(), [UInt8](repeating: 0, count: Self.obsSize))
  }

  func testShorterLimitTruncatesAndLongerIsRejected() throws {
    let b = try make(maxSteps: 2)
    XCTAssertEqual(b.spec.max_episode_steps, 2)
    b.resetUntilAnswer("abbey")
    b.guess("crane")
    XCTAssertEqual(b.truncated[0], 0)
    b.guess("fuzzy")
    XCTAssertEqual(b.truncated[0], 1, "cut by the step limit, not the game")
    XCTAssertEqual(b.terminated[0], 0)
    XCTAssertEqual(b.info(0, Int(CSIM_INFO_EVENT)), 1)
    XCTAssertEqual(b.finalObservation()[Self.countOffset], 2)
    guard case .failure(let e) = BatchHarness.make("Wordle-v0", maxSteps: 7) else { return XCTFail("7 guesses accepted") }
    XCTAssertEqual(e.status, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(e.message.contains("1..6"), e.message)
  }

  func testOutOfRangeActionIsRejectedForTheAnswersSpace() throws {
    let b = try make("Wordle-Answers-v0", count: 3)
    b.reset()
    let before = b.observations
    XCTAssertEqual(b.step([0, 2315, 1]), CSIM_ERROR_INVALID_ACTION)
    XCTAssertTrue(b.lastError.contains("env 1"), b.lastError)
    XCTAssertTrue(b.lastError.contains("2315"), b.lastError)
    XCTAssertTrue(b.lastError.contains("2314"), b.lastError)
    XCTAssertEqual(b.observations, before, "nothing stepped")
    XCTAssertEqual(b.step([0, -1, 1]), CSIM_ERROR_INVALID_ACTION)
    XCTAssertEqual(b.step([2314, 0, 1]), CSIM_OK)
  }

  // MARK: - Rewards

  func testGuessCostReward() throws {
    let b = try make(rewardKind: 1)
    XCTAssertEqual(b.spec.reward_low, -0.1, accuracy: 1e-7)
    XCTAssertEqual(b.spec.reward_high, 1)
    b.resetUntilAnswer("abbey")
    b.guess("crane")
    XCTAssertEqual(b.rewards[0], -0.1, accuracy: 1e-7)
    b.guess("abbey")
    XCTAssertEqual(b.rewards[0], 1)
  }

  func testShapedReward() throws {
    let b = try make(rewardKind: 2)
    XCTAssertEqual(b.spec.reward_low, 0)
    XCTAssertEqual(b.spec.reward_high, 1.5)
    b.resetUntilAnswer("abbey")
    b.guess("crane")  // A and E newly present (yellow): 2 x 0.05
    XCTAssertEqual(b.rewards[0], 0.1, accuracy: 1e-6)
    b.guess("babes")  // positions 3, 4 green for the first time; B green, so not paid as yellow
    XCTAssertEqual(b.rewards[0], 0.2, accuracy: 1e-6)
    b.guess("babes")  // nothing new
    XCTAssertEqual(b.rewards[0], 0, accuracy: 1e-6)
    b.guess("abbey")  // positions 1, 2, 5 new greens, and solved
    XCTAssertEqual(b.rewards[0], 1.3, accuracy: 1e-6)
    XCTAssertEqual(b.terminated[0], 1)
  }

  func testUnknownRewardKindListsTheAllowedOnes() {
    for kind: Int32 in [3, -1] {
      guard case .failure(let e) = BatchHarness.make("Wordle-v0", rewardKind: kind) else { return XCTFail("reward_kind \(kind) accepted") }
      XCTAssertEqual(e.status, CSIM_ERROR_INVALID_ARGUMENT)
      for allowed in ["0 (sparse", "1 (guess cost", "2 (shaped", "got \(kind)"] {
        XCTAssertTrue(e.message.contains(allowed), e.message)
      }
    }
  }

  // MARK: - Captions and render

  func testGoldenCaptions() throws {
    let b = try make()
    b.resetUntilAnswer("abbey")
    XCTAssertEqual(b.caption(observation: b.observation(), event: 0).1, "No guesses yet; 6 guesses left.")
    XCTAssertEqual(b.caption(), "No guesses yet; 6 guesses left.")

    b.guess("crane")
    XCTAssertEqual(
      b.caption(),
      "Guess 1 of 6: CRANE - C grey, R grey, A yellow, N grey, E yellow. Known: A is in the word but not in "
        + "position 3; E is in the word but not in position 5; C, N, R absent. 5 guesses left.")
    b.guess("babes")
    XCTAssertEqual(
      b.caption(observation: b.observation(), event: 1).1,
      "Guess 2 of 6: BABES - B yellow, A yellow, B green, E green, S grey. Known: B in position 3, E in position 4; "
        + "A is in the word but not in positions 2 or 3; C, N, R, S absent. 4 guesses left.")
    b.guess("abbey")
    XCTAssertEqual(b.caption(observation: b.finalObservation(), event: 2).1, "Guess 3 of 6: ABBEY - all green. Solved in 3 guesses.")

    b.resetUntilAnswer("abbey")
    for w in ["crane", "babes", "fuzzy", "world", "might", "pious"] { b.guess(w) }
    let lost = b.caption(observation: b.finalObservation(), event: 3)
    XCTAssertEqual(lost.0, CSIM_OK)
    XCTAssertEqual(
      lost.1,
      "Guess 6 of 6: PIOUS - P grey, I grey, O grey, U grey, S grey. Known: B in position 3, E in position 4, "
        + "Y in position 5; A is in the word but not in positions 2 or 3; C, D, F, G, H, I, L, M, N, O, P, R, S, "
        + "T, U, W, Z absent. Out of guesses.")
    XCTAssertFalse(lost.1.contains("ABBEY"), "a caption never reveals the answer")
  }

  func testMalformedObservationsAndContradictoryEventsAreRejected() throws {
    let b = try make()
    b.resetUntilAnswer("abbey")
    b.guess("crane")
    let good = b.observation()
    XCTAssertEqual(b.caption(observation: good, event: 1).0, CSIM_OK)
    var bad = good
    bad[0] = 27  // letter past Z
    XCTAssertEqual(b.caption(observation: bad, event: 1).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(b.lastError.contains("byte 0 is 27"), b.lastError)
    bad = good
    bad[1] = 4  // feedback past green
    XCTAssertEqual(b.caption(observation: bad, event: 1).0, CSIM_ERROR_INVALID_ARGUMENT)
    bad = good
    bad[Self.countOffset] = 7
    XCTAssertEqual(b.caption(observation: bad, event: 1).0, CSIM_ERROR_INVALID_ARGUMENT)
    bad = good
    bad[Self.countOffset] = 0  // a filled row past the count
    XCTAssertEqual(b.caption(observation: bad, event: 0).0, CSIM_ERROR_INVALID_ARGUMENT)
    bad = good
    bad[Self.knowledgeOffset + 25] = 3  // Z "green" though never guessed
    XCTAssertEqual(b.caption(observation: bad, event: 1).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertTrue(b.lastError.contains("letter Z"), b.lastError)
    XCTAssertEqual(b.caption(observation: good, event: 2).0, CSIM_ERROR_INVALID_ARGUMENT, "solved without an all-green row")
    XCTAssertEqual(b.caption(observation: good, event: 3).0, CSIM_ERROR_INVALID_ARGUMENT, "lost after one guess")
  }

  func testGoldenRender() throws {
    let b = try make()
    b.resetUntilAnswer("abbey")
    b.guess("crane")
    b.guess("babes")
    XCTAssertEqual(
      b.render(),
      """
      Wordle: 2 of 6 guesses made
      C R A N E
      . . y . y
      B A B E S
      y y G G .
      _ _ _ _ _
      _ _ _ _ _
      _ _ _ _ _
      _ _ _ _ _

      Q W E R T Y U I O P
      _ _ G . _ _ _ _ _ _
       A S D F G H J K L
       y . _ _ _ _ _ _ _
        Z X C V B N M
        _ _ . _ G . _
      G green, y yellow (elsewhere), . grey (absent), _ untried

      """)
  }

  // MARK: - Determinism

  func testAnswersSpaceIsIdenticalForOneAndTwoThreads() throws {
    var runs: [[[Float]]] = []
    for threads: Int32 in [1, 2] {
      let b = try make("Wordle-Answers-v0", count: 33, seed: 99, threads: threads, rewardKind: 2)
      b.reset()
      var random = TestRandom(state: 5)
      var trace: [[Float]] = []
      for _ in 0..<40 {
        XCTAssertEqual(b.step(random.actions(count: b.count, below: 2315)), CSIM_OK)
        trace.append(b.observations.map(Float.init) + b.finalObservations.map(Float.init) + b.rewards + b.info
          + b.terminated.map(Float.init) + b.truncated.map(Float.init))
      }
      runs.append(trace)
    }
    XCTAssertEqual(runs[0], runs[1])
  }
}

/// Wordle conveniences on the shared harness.
extension BatchHarness {
  /// Resets this one-env batch until its secret answer is `word` (found through the
  /// privileged answer_index column). Deterministic: the env's RNG drives the draws.
  func resetUntilAnswer(_ word: String, file: StaticString = #filePath, line: UInt = #line) {
    let target = Float(WordleTests.answers.firstIndex(of: word)!)
    for _ in 0..<200_000 {
      reset(file: file, line: line)
      if info(0, WordleTests.infoAnswer) == target { return }
    }
    XCTFail("never drew \(word)", file: file, line: line)
  }

  /// Guesses `word` in env 0 (a one-env batch).
  @discardableResult func guess(_ word: String) -> CSimStatus { step([WordleTests.index(of: word)]) }
}
