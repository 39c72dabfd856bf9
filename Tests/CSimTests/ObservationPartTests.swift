import CSim
import XCTest

/// Each environment describes its observation as named parts (csim.h's last block): the parts
/// cover the flat observation exactly, agree with the spec, and real observations of every
/// family stay within each part's bounds and category counts.
final class ObservationPartTests: XCTestCase {
  private var allIDs: [String] { (0..<csim_env_count()).map { String(cString: csim_env_id($0)!) } }

  private func parts(_ id: String, file: StaticString = #filePath, line: UInt = #line) -> [CSimObservationPart] {
    (0..<csim_env_observation_part_count(id)).map { k in
      var part = CSimObservationPart()
      XCTAssertEqual(csim_env_observation_part(id, k, &part), CSIM_OK, "\(id) part \(k)", file: file, line: line)
      return part
    }
  }

  private func name(_ part: CSimObservationPart) -> String {
    withUnsafeBytes(of: part.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
  }

  private func shape(_ part: CSimObservationPart) -> [Int] {
    withUnsafeBytes(of: part.shape) { Array($0.bindMemory(to: Int32.self).prefix(Int(part.rank)).map(Int.init)) }
  }

  private func categories(_ part: CSimObservationPart) -> [Int] {
    withUnsafeBytes(of: part.categories) {
      Array($0.bindMemory(to: Int32.self).prefix(Int(part.num_category_channels)).map(Int.init))
    }
  }

  /// Per element of the flat observation: its bounds and (categorical parts) its category count.
  private func elementRules(_ id: String) -> [(low: Float, high: Float, categories: Int?)] {
    parts(id).flatMap { part -> [(low: Float, high: Float, categories: Int?)] in
      let counts = categories(part), last = shape(part).last ?? 1
      return (0..<Int(part.size)).map { e in
        (part.low, part.high, counts.isEmpty ? nil : counts[counts.count == 1 ? 0 : e % last])
      }
    }
  }

  func testPartsCoverEveryObservationExactly() {
    for id in allIDs {
      var spec = CSimSpec()
      XCTAssertEqual(csim_env_spec(id, &spec), CSIM_OK)
      let list = parts(id)
      XCTAssertFalse(list.isEmpty, "\(id) declares no parts")
      var next: Int64 = 0
      var names = Set<String>()
      for part in list {
        let partName = name(part), dims = shape(part)
        XCTAssertFalse(partName.isEmpty, id)
        XCTAssertTrue(names.insert(partName).inserted, "\(id): part \(partName) twice")
        XCTAssertEqual(part.offset, next, "\(id) \(partName) does not start where the previous part ended")
        XCTAssertTrue((0...Int32(CSIM_MAX_RANK)).contains(part.rank), "\(id) \(partName)")
        XCTAssertEqual(Int64(dims.reduce(1, *)), part.size, "\(id) \(partName): size is not the shape's product")
        XCTAssertEqual(part.dtype, spec.observation_dtype, "\(id) \(partName)")
        XCTAssertLessThanOrEqual(part.low, part.high, "\(id) \(partName)")
        XCTAssertGreaterThanOrEqual(part.low, spec.observation_low, "\(id) \(partName) is wider than the spec")
        XCTAssertLessThanOrEqual(part.high, spec.observation_high, "\(id) \(partName) is wider than the spec")
        let counts = categories(part)
        if !counts.isEmpty {
          XCTAssertTrue(counts.count == 1 || counts.count == dims.last, "\(id) \(partName): \(counts) per channel")
          XCTAssertTrue(counts.allSatisfy { $0 > 0 }, "\(id) \(partName)")
          XCTAssertEqual(part.low, 0, "\(id) \(partName)")
          XCTAssertEqual(part.high, Float(counts.max()! - 1), "\(id) \(partName): high is not the last category")
        }
        next += part.size
      }
      XCTAssertEqual(next, spec.observation_size, "\(id): the parts do not end at observation_size")
    }
    var part = CSimObservationPart()
    XCTAssertEqual(csim_env_observation_part_count("nope"), 0)
    XCTAssertEqual(csim_env_observation_part("nope", 0, &part), CSIM_ERROR_UNKNOWN_ENV)
    XCTAssertEqual(csim_env_observation_part("Wordle-v0", 3, &part), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_env_observation_part("Wordle-v0", -1, &part), CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(csim_env_observation_part(nil, 0, &part), CSIM_ERROR_NULL_POINTER)
    XCTAssertEqual(csim_env_observation_part("Wordle-v0", 0, nil), CSIM_ERROR_NULL_POINTER)
  }

  /// The layouts the learner's one-hot encoders were built on before the parts existed.
  func testGridAndWordlePartsAreTheDocumentedLayouts() {
    let grid = parts("MiniGrid-DoorKey-8x8-v0")
    XCTAssertEqual(grid.map(name), ["image", "direction"])
    XCTAssertEqual(grid.map(shape), [[7, 7, 3], []])
    XCTAssertEqual(grid.map(categories), [[11, 6, 3], [4]])
    let wordle = parts("Wordle-Answers-v0")
    XCTAssertEqual(wordle.map(name), ["board", "keyboard", "guesses"])
    XCTAssertEqual(wordle.map(shape), [[6, 5, 2], [26], []])
    XCTAssertEqual(wordle.map(categories), [[27, 4], [4], [7]])
    let arm = parts("arm/reach")
    XCTAssertEqual(arm.map(name), ["hand", "gripper", "object_position", "object_quaternion", "object2_position",
                                   "object2_quaternion", "previous_frame", "goal"])
    XCTAssertTrue(arm.allSatisfy { $0.num_category_channels == 0 })
  }

  func testRealObservationsStayWithinTheirParts() throws {
    var random = TestRandom(state: 3)
    for id in allIDs where !id.hasPrefix("arm/") {
      let rules = elementRules(id)
      let env: BatchHarness
      switch BatchHarness.make(id, count: 4, seed: 11) {
      case .success(let made): env = made
      case .failure(let e) where e.status == CSIM_ERROR_UNAVAILABLE:
        print("skipping \(id): \(e.message)")  // an optional engine (NetHack) is not installed
        continue
      case .failure(let e): throw e
      }
      var spec = CSimSpec()
      _ = csim_env_spec(id, &spec)
      var seen = Set<Int>()  // element * 65536 + value, to check that the counts are not loose everywhere
      env.reset()
      // At most about a million element checks per id: 300 steps for small observations, fewer for
      // big ones (the web tasks' 8,616 floats, NetHack's 6,588 integers).
      let steps = min(300, max(20, 1_000_000 / (Int(spec.observation_size) * Int(env.count))))
      for step in 0..<steps {
        for e in 0..<env.count {
          // Integer observations (grid, Wordle, NetHack) and float ones (the web tasks' codes and
          // numbers). XCTFail only on a failure: an assertion call per element would dominate.
          let values = spec.observation_dtype == CSIM_DTYPE_FLOAT32 ? env.floats(e) : env.integers(e).map(Float.init)
          for (j, value) in values.enumerated() {
            let rule = rules[j]
            if !(value >= rule.low && value <= rule.high) {
              XCTFail("\(id) step \(step) element \(j) = \(value) outside \(rule.low)...\(rule.high)")
            }
            if let count = rule.categories, value.isFinite {
              if value != value.rounded() { XCTFail("\(id) element \(j) = \(value): a category code must be whole") }
              if Int(value) >= count { XCTFail("\(id) element \(j) = \(value), not below its \(count) categories") }
              seen.insert(j * 65536 + Int(value))
            }
          }
        }
        XCTAssertEqual(env.step(random.actions(count: env.count, below: spec.num_actions)), CSIM_OK)
      }
      let categorical = rules.filter { $0.categories != nil }.count
      XCTAssertGreaterThan(seen.count, categorical, "\(id): observations never changed")
    }
  }

  func testRealArmObservationsStayWithinTheirParts() throws {
    var random = TestRandom(state: 5)
    for id in allIDs where id.hasPrefix("arm/") {
      let rules = elementRules(id)
      let env = try BatchHarness(id, count: 2, seed: 13, threads: 1)
      env.reset()
      for step in 0..<120 {
        for e in 0..<env.count {
          for (j, value) in env.floats(e).enumerated() {
            XCTAssertTrue(value >= rules[j].low && value <= rules[j].high,
                          "\(id) step \(step) element \(j) = \(value) outside \(rules[j].low)...\(rules[j].high)")
          }
        }
        // Env 0 follows the expert (it grasps and moves objects), env 1 acts at random.
        var actions = env.expertActions()
        actions.replaceSubrange(4..<8, with: random.continuous(count: 4))
        XCTAssertEqual(env.step(continuous: actions), CSIM_OK)
      }
    }
  }

  func testWordleTokensAreEachGuessesLetters() throws {
    var width: Int32 = -1, values: Int32 = -1
    XCTAssertEqual(csim_env_action_token_shape("Wordle-v0", &width, &values), CSIM_OK)
    XCTAssertEqual([width, values], [5, 26])
    var spec = CSimSpec()
    _ = csim_env_spec("Wordle-v0", &spec)
    var tokens = [Int32](repeating: -1, count: Int(spec.num_actions) * 5)
    XCTAssertEqual(csim_env_action_tokens("Wordle-v0", &tokens, Int64(tokens.count) - 1), CSIM_ERROR_BUFFER_TOO_SMALL)
    XCTAssertEqual(csim_env_action_tokens("Wordle-v0", &tokens, Int64(tokens.count)), CSIM_OK)
    let env = try BatchHarness("Wordle-v0")
    for action in [0, 1, 2314, 2315, Int(spec.num_actions) - 1] {
      let word = env.actionName(Int32(action)).1
      let letters = tokens[(5 * action)..<(5 * action + 5)].map { Character(UnicodeScalar(UInt8($0) + 97)) }
      XCTAssertEqual(String(letters), word.lowercased(), "action \(action)")
    }
    XCTAssertTrue(tokens.allSatisfy { (0..<26).contains($0) })
    for id in ["MiniGrid-DoorKey-8x8-v0", "arm/reach"] {
      XCTAssertEqual(csim_env_action_token_shape(id, &width, &values), CSIM_OK)
      XCTAssertEqual([width, values], [0, 0], id)
      XCTAssertEqual(csim_env_action_tokens(id, &tokens, Int64(tokens.count)), CSIM_ERROR_INVALID_ARGUMENT, id)
    }
    XCTAssertEqual(csim_env_action_token_shape("nope", &width, &values), CSIM_ERROR_UNKNOWN_ENV)
  }

  func testHintsAreKeyValueTextOnlyWhereDeclared() {
    func hints(_ id: String) -> [String: String] {
      var all: [String: String] = [:]
      for k in 0..<csim_env_hint_count(id) {
        all[String(cString: csim_env_hint_key(id, k)!)] = String(cString: csim_env_hint_value(id, k)!)
      }
      XCTAssertNil(csim_env_hint_key(id, csim_env_hint_count(id)))
      XCTAssertNil(csim_env_hint_value(id, -1))
      return all
    }
    XCTAssertEqual(hints("Wordle-Answers-v0"),
                   ["learning_rate": "0.001", "reward_kind": "2", "observation_view": "wordle-knowledge"])
    XCTAssertEqual(hints("MiniGrid-DoorKey-8x8-v0"), [:])
    XCTAssertEqual(hints("MiniWob-click-tab-2-v0"),
                   ["observation_view": "element-table", "click_action_offset": "0", "type_action_offset": "128",
                    "key_action_offset": "1152", "learning_rate": "0.001", "num_envs": "32", "num_steps": "32",
                    "num_minibatches": "4"])
    XCTAssertEqual(csim_env_hint_count("nope"), 0)
    XCTAssertEqual(csim_env_hint_count(nil), 0)
    let known: Set = ["learning_rate", "reward_kind", "observation_view", "click_action_offset", "type_action_offset",
                      "key_action_offset", "num_envs", "num_steps", "num_minibatches", "one_hot_parts", "env_threads",
                      "normalize_reward", "frame_size", "count_key_part", "reward_model_input"]
    for id in allIDs { XCTAssertTrue(Set(hints(id).keys).isSubset(of: known), id) }
  }
}
