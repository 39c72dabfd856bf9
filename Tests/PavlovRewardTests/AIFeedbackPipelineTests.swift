import Foundation
import PavlovLearn
import XCTest
@testable import PavlovReward

/// The demo's rounds as a library type, at tiny sizes (seconds): collect, label, fit, train,
/// evaluate, and a further round only while success is below the threshold (issue 11, item 2).
final class AIFeedbackPipelineTests: XCTestCase {
  private func configuration(_ test: XCTestCase) throws -> AIFeedbackPipeline.Configuration {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-pipeline-\(UUID().uuidString)")
    test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    var c = AIFeedbackPipeline.Configuration(directory: directory.appendingPathComponent("demo").path)
    c.environmentID = "MiniGrid-Empty-5x5-v0"
    c.firstObservations = 400
    c.laterObservations = 200
    c.collectionEnvironments = 8
    c.pairsPerRound = 30
    c.fit.epochs = 2
    c.fit.hiddenSizes = [8]
    c.training.numEnvs = 8
    c.training.numSteps = 16
    c.training.numMinibatches = 2
    c.training.hiddenSize = 16
    c.training.totalTimesteps = 8 * 16 * 2
    c.training.stopSuccessRate = nil
    c.evaluationEpisodes = 4
    return c
  }

  func testTwoRoundsRunWhileSuccessIsBelowTheThreshold() async throws {
    var c = try configuration(self)
    c.successThreshold = 2  // never reached: both rounds run
    let pipeline = try AIFeedbackPipeline(configuration: c)
    var events: [String] = [], seeds: [Int] = []
    let result = try await pipeline.run(labeller: { round in
      seeds.append(round)
      return try ScriptedTeacher(kind: .oracle, seed: UInt64(round))
    }) { event in
      switch event {
      case .roundStarted(let n): events.append("round \(n)")
      case .stageStarted(let stage): events.append("\(stage)")
      case .collected(let summary, let policy): events.append("collected \(summary.recorded) with \(policy)")
      case .labelled(let outcome, _, let usage):
        XCTAssertNil(usage)
        events.append("labelled \(outcome.labelled)")
      default: break
      }
    }
    XCTAssertEqual(seeds, [1, 2])
    XCTAssertEqual(result.rounds.map(\.number), [1, 2])
    let run1 = pipeline.runPath(round: 1)
    XCTAssertEqual(events.filter { $0.hasPrefix("round") || $0.hasPrefix("collected") || $0.hasPrefix("labelled") }, [
      "round 1", "collected 400 with the random policy", "labelled 30",
      "round 2", "collected 200 with the policy of \(run1)", "labelled 30",
    ])
    XCTAssertTrue(events.contains("plot"))
    let store = try LabelStore(path: pipeline.storePath)
    XCTAssertEqual(try store.counts().observations, 600)
    XCTAssertEqual(try store.labelCounts(labeller: "scripted:oracle").values.reduce(0, +), 60)
    for round in 1...2 {
      XCTAssertEqual(try RewardModel(contentsOf: pipeline.modelPath(round: round)).environmentID, c.environmentID)
      let checkpoint = try Checkpoint.load(from: RunDirectory(path: pipeline.runPath(round: round)).checkpointURL)
      XCTAssertEqual(checkpoint.header.config.envID, c.environmentID)
      XCTAssertEqual(checkpoint.header.globalStep, 256)
    }
    let plot = try String(contentsOfFile: try XCTUnwrap(result.plotPath), encoding: .utf8)
    XCTAssertTrue(plot.contains("<svg"))
  }

  func testARoundThatReachesTheThresholdIsTheLast() async throws {
    var c = try configuration(self)
    c.successThreshold = 0
    c.plotsReward = false
    let result = try await AIFeedbackPipeline(configuration: c).run(labeller: { _ in try ScriptedTeacher(kind: .oracle) })
    XCTAssertEqual(result.rounds.count, 1)
    XCTAssertNil(result.plotPath)
    XCTAssertFalse(FileManager.default.fileExists(atPath: c.directory + "/ppo-2"))
  }

  func testBadConfigurationsAreRefusedBeforeAnythingIsWritten() throws {
    let base = try configuration(self)
    let changes: [(String, (inout AIFeedbackPipeline.Configuration) -> Void)] = [
      ("rounds", { $0.rounds = 0 }), ("observations", { $0.firstObservations = 0 }),
      ("pairs", { $0.pairsPerRound = 0 }), ("episodes", { $0.evaluationEpisodes = 0 }),
      ("threshold", { $0.successThreshold = .nan }), ("environments", { $0.collectionEnvironments = 0 }),
    ]
    for (name, change) in changes {
      var c = base
      change(&c)
      XCTAssertThrowsError(try AIFeedbackPipeline(configuration: c), name) { XCTAssertTrue("\($0)".contains(name), "\($0)") }
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: base.directory))
  }
}
