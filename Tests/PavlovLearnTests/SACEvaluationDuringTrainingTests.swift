import Foundation
@testable import PavlovLearn
import XCTest

/// `eval_episodes`: the actor of the moment, frozen, is evaluated at the end of every metrics
/// interval exactly as `pavlov eval` would evaluate the checkpoint written then, and doing so
/// leaves the training run unchanged (its envs, buffer and random stream are not touched).
final class SACEvaluationDuringTrainingTests: XCTestCase {
  private func tiny(evalEpisodes: Int) -> SACConfig {
    var config = SACConfig()
    config.envID = "arm/reach"
    config.numEnvs = 2
    config.totalTimesteps = 64
    config.learningStarts = 32
    config.batchSize = 16
    config.hiddenSize = 8
    config.metricsInterval = 32
    config.evalEpisodes = evalEpisodes
    return config
  }

  private func train(_ config: SACConfig) throws -> (SACTrainer, [SACMetrics]) {
    let trainer = try SACTrainer(config: config, environment: try SACTrainer.makeEnvironment(for: config))
    var lines: [SACMetrics] = []
    try trainer.train { lines.append($0); return true }
    return (trainer, lines)
  }

  func testTheLastEvaluationIsPavlovEvalOfTheFinalCheckpoint() throws {
    let (trainer, lines) = try train(tiny(evalEpisodes: 3))
    XCTAssertEqual(lines.count, 2)
    let last = try XCTUnwrap(lines.last?.evaluation)
    XCTAssertEqual(last.episodes, 3)
    XCTAssertEqual(last.meanLength, 500)
    let checkpoint = try SACCheckpoint.decode(try trainer.makeCheckpoint(seconds: 0).encoded(), source: "memory")
    let evaluated = try Evaluation.run(checkpoint, episodes: 3, seed: 1 + 100_000, threads: 1)
    XCTAssertEqual(evaluated, last)
    let names = lines[1].entries.map(\.0)
    for name in ["eval/success_rate", "eval/episodic_return", "eval/episodic_length", "eval/cut_short"] {
      XCTAssertTrue(names.contains(name), name)
    }
  }

  func testEvaluatingDoesNotChangeTheTrainingRun() throws {
    let (with, withLines) = try train(tiny(evalEpisodes: 2))
    let (without, withoutLines) = try train(tiny(evalEpisodes: 0))
    XCTAssertNil(withoutLines.last?.evaluation)
    XCTAssertFalse(withoutLines[1].entries.map(\.0).contains("eval/success_rate"))
    let a = with.makeCheckpoint(seconds: 0), b = without.makeCheckpoint(seconds: 0)
    XCTAssertEqual(a.parameters, b.parameters)
    XCTAssertEqual(a.replay, b.replay)
    XCTAssertEqual(a.header.random, b.header.random)
    XCTAssertEqual(withLines.map(\.episodicReturn), withoutLines.map(\.episodicReturn))
  }

  func testEvalEpisodesOutsideItsRangeIsRefused() throws {
    var config = tiny(evalEpisodes: -1)
    XCTAssertThrowsError(try config.validate()) { error in
      XCTAssertTrue("\(error)".contains("eval_episodes must be in [0, 4096] (0: no evaluation), got -1"), "\(error)")
    }
    config.evalEpisodes = 5000
    XCTAssertThrowsError(try config.validate())
    let decoded = try SACConfig.decode(Data("{\"eval_episodes\": 10}".utf8), over: SACConfig())
    XCTAssertEqual(decoded.evalEpisodes, 10)
  }
}
