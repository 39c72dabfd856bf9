import Foundation
import XCTest
@testable import PavlovStudy

/// Plans are checked before anything is written, and every refusal says what is allowed.
final class StudyPlanTests: XCTestCase {
  private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("study-plan-\(UUID().uuidString)").path
  }

  private func plan(_ configure: (inout StudyPlan) -> Void = { _ in }) -> StudyPlan {
    var plan = StudyPlan(environmentID: "MiniGrid-DoorKey-5x5-v0", methods: [.policy, .scalar], seeds: 2, steps: 256)
    plan.numEnvs = 4
    plan.numSteps = 32
    configure(&plan)
    return plan
  }

  private func refusal(_ plan: StudyPlan, directory: String? = nil) -> String {
    do {
      _ = try Study(plan: plan, directory: directory ?? temporaryPath())
      return "accepted"
    } catch {
      return error.description
    }
  }

  func testMethodsParseAndUnknownOrRepeatedOnesAreRefused() throws {
    XCTAssertEqual(try StudyPlan.methods(parsing: "policy,ai-feedback,scalar,code,embedding"), StudyMethod.allCases)
    XCTAssertThrowsError(try StudyPlan.methods(parsing: "policy,vibes")) { error in
      XCTAssertEqual("\(error)", "'vibes' is not a study method; allowed: policy, ai-feedback, scalar, code, embedding")
    }
    XCTAssertThrowsError(try StudyPlan.methods(parsing: "code,code")) { error in
      XCTAssertEqual("\(error)", "method code is named twice")
    }
    XCTAssertThrowsError(try StudyPlan.methods(parsing: "")) { error in
      XCTAssertTrue("\(error)".contains("is not a study method"), "\(error)")
    }
  }

  func testBadPlansAreRefusedNamingTheProblem() {
    XCTAssertEqual(refusal(plan { $0.seeds = 0 }), "seeds must be from 1 to 100; got 0")
    XCTAssertEqual(refusal(plan { $0.methods = [] }), "no methods given; allowed: policy, ai-feedback, scalar, code, embedding")
    XCTAssertEqual(refusal(plan { $0.steps = 100 }),
                   "steps must be at least one PPO batch on MiniGrid-DoorKey-5x5-v0 (4 envs × 32 steps = 128); got 100")
    XCTAssertEqual(refusal(plan { $0.evaluationEpisodes = 0 }), "evaluation episodes must be from 1 to 1024; got 0")
    XCTAssertEqual(refusal(plan { $0.llm = StudyLLM(parameters: -1) }),
                   "the LLM's parameter count must be a positive number such as 135e6; got -1.0")
    XCTAssertTrue(refusal(plan { $0.environmentID = "No-Such-Env" }).contains("No-Such-Env"))
    // The policy alone trains nothing, so a tiny budget is fine there.
    XCTAssertEqual(refusal(plan { $0.methods = [.policy]; $0.steps = 1 }), "accepted")
  }

  func testADirectoryThatIsAFileIsRefused() throws {
    let path = temporaryPath()
    try Data("not a study".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    XCTAssertEqual(refusal(plan(), directory: path),
                   "\(path) is a file; the study needs a directory (new or one holding this study)")
  }

  func testARerunWithAnotherPlanIsRefusedNamingTheField() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let study = try Study(plan: plan { $0.methods = [.policy]; $0.evaluationEpisodes = 2 }, directory: path)
    try study.run()
    XCTAssertEqual(refusal(plan { $0.methods = [.policy]; $0.evaluationEpisodes = 3 }, directory: path),
                   "the study directory holds another plan: evaluationEpisodes is 2 there, 3 now; "
                     + "rerun with the same settings to continue it, or choose another --out")
    XCTAssertTrue(refusal(plan { $0.methods = [.policy]; $0.evaluationEpisodes = 2; $0.llm = StudyLLM(url: "http://x/v1") },
                          directory: path).contains("llm is absent there"))
    XCTAssertEqual(refusal(plan { $0.methods = [.policy]; $0.evaluationEpisodes = 2 }, directory: path), "accepted")
  }
}
