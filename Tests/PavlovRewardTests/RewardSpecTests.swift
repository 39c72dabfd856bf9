import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// `--reward` strings as library values: every kind parses and prints back, every mistake is
/// refused naming what is wrong and what is allowed, and the factory refuses a model fit on
/// another environment (issue 11, item 2; issue 12's check, now in the library).
final class RewardSpecTests: XCTestCase {
  func testEveryKindParsesAndPrintsBack() throws {
    XCTAssertTrue(try RewardSpec(parsing: "env").kind is EnvironmentRewardKind)
    let cases: [(String, String, LearnedReward.Shape)] = [
      ("ai-feedback:m.model", "m.model", .plain),
      ("ai-feedback:runs/a b/m.model,count", "runs/a b/m.model", .countModulated),
      ("ai-feedback:m.model,potential", "m.model", .potential),
      ("ai-feedback:C:/models/m.model", "C:/models/m.model", .plain),
    ]
    let keyed = try RewardSpec(parsing: "ai-feedback:m.model,count,key=message+status_bins")
    XCTAssertEqual(keyed.kind as? AIFeedbackRewardKind,
                   AIFeedbackRewardKind(modelPath: "m.model", shape: .countModulated, countKeyParts: ["message", "status_bins"]))
    XCTAssertEqual(keyed.description, "ai-feedback:m.model,count,key=message+status_bins")
    for (text, path, shape) in cases {
      let spec = try RewardSpec(parsing: text)
      XCTAssertEqual(spec.kind as? AIFeedbackRewardKind, AIFeedbackRewardKind(modelPath: path, shape: shape), text)
      XCTAssertEqual(spec.description, text)
    }
    XCTAssertTrue(RewardSpec.allowed.hasPrefix(
      "env, ai-feedback:MODEL[,count[,key=PART+PART]|,potential][,relabel=K,store=PATH[,labeller=scripted:TEACHER|llm|vision][,pairs=N][,window=M][,mode=chat|completion][,url=URL][,model=NAME][,cache=PATH|none][,concurrency=N][,retries=N][,frames=SIDE]], "
        + "llm-scalar["), RewardSpec.allowed)
    XCTAssertTrue(RewardSpec.allowed.contains(", llm-embedding["), RewardSpec.allowed)
  }

  func testMistakesAreRefusedNamingWhatIsAllowed() {
    let cases: [(String, String)] = [
      ("", "an empty reward; allowed: env, ai-feedback:MODEL[,count[,key=PART+PART]|,potential]"),
      ("Env", "'Env' is not a known reward; allowed: env, ai-feedback"),
      ("ai_feedback:m.model", "'ai_feedback:m.model' is not a known reward"),
      ("llm-scalar:gpt", "'gpt' is not an option; allowed: llm-scalar[:scripted]"),
      ("llm-poem:x", "allowed: env, ai-feedback"),
      ("llm-code:x", "'x' is not an option; allowed: llm-code[:scripted]"),
      ("env:x", "env takes no options"),
      ("ai-feedback", "needs a model file"),
      ("ai-feedback:", "needs a model file"),
      ("ai-feedback:,count", "needs a model file"),
      ("ai-feedback:m.model,", "allowed: ,count or ,potential"),
      ("ai-feedback:m.model,plain", "allowed: ,count or ,potential"),
      ("ai-feedback:m.model,count,potential", "allowed: ,count or ,potential"),
      ("ai-feedback:m.model,Count", "allowed: ,count or ,potential"),
      ("ai-feedback:m.model,key=message", "it needs ,count"),
      ("ai-feedback:m.model,potential,key=message", "it needs ,count"),
      ("ai-feedback:m.model,count,key=", "distinct observation part names"),
      ("ai-feedback:m.model,count,key=a+a", "distinct observation part names"),
      ("ai-feedback:m.model,count,key=a++b", "distinct observation part names"),
    ]
    for (text, message) in cases {
      XCTAssertThrowsError(try RewardSpec(parsing: text), text) { error in
        guard case RewardError.invalidArgument(let m) = error else { return XCTFail("\(text): \(error)") }
        XCTAssertTrue(m.contains(message), "\(text): '\(m)' lacks '\(message)'")
      }
    }
  }

  func testTheFactoryMakesEachKindsRewardAndChecksTheModelsEnvironment() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-spec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let doorKey = try VecEnv.spec(for: "MiniGrid-DoorKey-5x5-v0")
    let path = directory.appendingPathComponent("doorkey.model").path
    try RewardModel(environmentID: doorKey.id, observationType: "uint8", observationSize: doorKey.observationSize,
                    hiddenSizes: [4]).write(to: path)

    let context = RewardContext(spec: doorKey, environmentCount: 4, gamma: 0.9)
    XCTAssertTrue(try RewardSpec(parsing: "env").makeReward(for: context) is EnvironmentReward)
    let learned = try XCTUnwrap(try RewardSpec(parsing: "ai-feedback:\(path),count").makeReward(for: context)
      as? LearnedReward)
    XCTAssertEqual(learned.shape, .countModulated)
    XCTAssertEqual(learned.name, "ai-feedback:doorkey.model,count")
    // key= is checked against the environment's parts when the reward is made, before any run.
    let part = try XCTUnwrap(doorKey.observationParts.first?.name)
    let keyed = try XCTUnwrap(try RewardSpec(parsing: "ai-feedback:\(path),count,key=\(part)").makeReward(for: context)
      as? LearnedReward)
    XCTAssertEqual(keyed.name, "ai-feedback:doorkey.model,count,key=\(part)")
    XCTAssertThrowsError(try RewardSpec(parsing: "ai-feedback:\(path),count,key=nope").makeReward(for: context)) {
      XCTAssertTrue("\($0)".contains("key= names 'nope'") && "\($0)".contains(part), "\($0)")
    }

    let empty = RewardContext(spec: try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0"), environmentCount: 4)
    XCTAssertThrowsError(try RewardSpec(parsing: "ai-feedback:\(path)").makeReward(for: empty)) { error in
      let m = "\(error)"
      XCTAssertTrue(m.contains("fit on MiniGrid-DoorKey-5x5-v0, not MiniGrid-Empty-5x5-v0"), m)
    }
    let missing = directory.appendingPathComponent("typo.model").path
    XCTAssertThrowsError(try RewardSpec(parsing: "ai-feedback:\(missing)").makeReward(for: context)) { error in
      XCTAssertTrue("\(error)".contains("cannot load the reward model"), "\(error)")
      XCTAssertTrue("\(error)".contains("typo.model"), "\(error)")
    }
  }
}
