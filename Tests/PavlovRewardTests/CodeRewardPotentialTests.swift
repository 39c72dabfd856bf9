import PavlovSim
import XCTest
@testable import PavlovReward

/// `llm-code[:scripted],potential`: the program's values paid as potential differences
/// γ·v(o′) − v(o), across episode ends, and the option's parsing and refusals.
final class CodeRewardPotentialTests: XCTestCase {
  func testPaysDiscountedDifferencesAndRestartsAtEachEpisode() throws {
    let spec = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    let program = try RewardProgram(code: "function reward(obs) return obs.image[1] end", spec: spec)
    let reward = CodeReward(name: "test", program: program, potentialGamma: 0.5, log: { _ in })
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [3, 3]), [0, 0])  // nothing before
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [5, 7]), [0.5 * 5 - 3, 0.5 * 7 - 3])
    // Env 1's episode ends on 2; its next one starts on 4, which its next payment starts from.
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [6, 2], ended: [false, true], next: 4),
                   [0.5 * 6 - 5, 0.5 * 2 - 7])
    XCTAssertEqual(try LLMRewardFixtures.step(reward, spec: spec, states: [6, 8]), [0.5 * 6 - 6, 0.5 * 8 - 4])
    // Values above a floor: a cost program (v ≤ 0) makes lingering cost, not earn.
    let floored = CodeReward(name: "floor", program: program, potentialGamma: 0.5, potentialFloor: 2, log: { _ in })
    _ = try LLMRewardFixtures.step(floored, spec: spec, states: [3, 3])
    XCTAssertEqual(try LLMRewardFixtures.step(floored, spec: spec, states: [3, 5]), [0.5 * 1 - 1, 0.5 * 3 - 1])
    // Plain: the value reached, as before.
    let plain = CodeReward(name: "plain", program: program, log: { _ in })
    XCTAssertEqual(try LLMRewardFixtures.step(plain, spec: spec, states: [3, 9]), [3, 9])
  }

  func testParsingAndRefusals() throws {
    let kind = try XCTUnwrap(try RewardSpec(parsing: "llm-code:scripted,potential").kind as? LLMCodeRewardKind)
    XCTAssertTrue(kind.isPotential)
    XCTAssertEqual(try RewardSpec(parsing: "llm-code:scripted,potential").description, "llm-code:scripted,potential")
    XCTAssertEqual(try RewardSpec(parsing: "llm-code:potential,rounds=2").description, "llm-code:potential,rounds=2")
    XCTAssertThrowsError(try RewardSpec(parsing: "llm-code:privileged,potential")) {
      XCTAssertTrue("\($0)".contains("drop one of privileged and potential"), "\($0)")
    }
    XCTAssertThrowsError(try RewardSpec(parsing: "llm-code:scripted,count")) {
      XCTAssertTrue("\($0)".contains("'count' is not available for reward as code"), "\($0)")
    }
    // The web reference program through the kind: the reward is built and paid as differences.
    let spec = try VecEnv.spec(for: "MiniWob-click-tab-2-v0")
    let reward = try XCTUnwrap(try RewardSpec(parsing: "llm-code:scripted,potential")
      .makeReward(for: RewardContext(spec: spec, environmentCount: 2)) as? CodeReward)
    XCTAssertEqual(reward.potentialGamma, 0.99)
    XCTAssertEqual(reward.potentialFloor, -1)  // the least value on click-tab-2's random samples
    XCTAssertTrue(reward.name.contains("SIMULATED"), reward.name)
  }
}
