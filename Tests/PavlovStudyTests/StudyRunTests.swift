import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import PavlovStudy

/// A tiny study with the SIMULATED stand-ins, end to end: the runs, the files, resuming.
/// Budgets are a few PPO iterations on DoorKey-5x5 so that the class stays well under 20 s.
final class StudyRunTests: XCTestCase {
  private var directories: [String] = []

  override func tearDown() {
    for path in directories { try? FileManager.default.removeItem(atPath: path) }
  }

  private func directory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)").path
    directories.append(path)
    return path
  }

  private func tinyPlan() -> StudyPlan {
    var plan = StudyPlan(environmentID: "MiniGrid-DoorKey-5x5-v0", methods: StudyMethod.allCases, seeds: 2, steps: 256)
    plan.numEnvs = 4
    plan.numSteps = 32
    plan.hiddenSize = 8
    plan.evaluationEpisodes = 4
    plan.feedbackObservations = 300
    plan.feedbackPairs = 40
    return plan
  }

  /// Everything that must repeat exactly (wall time does not).
  private func comparable(_ runs: [StudyRunResult]) -> [StudyRunResult] {
    runs.map { var r = $0; r.wallSeconds = 0; return r }
  }

  func testATinyStudyWritesTheTableResultsAndChartWithSimulatedMarks() throws {
    let path = directory()
    let study = try Study(plan: tinyPlan(), directory: path)
    var finished: [StudyRunResult] = []
    XCTAssertEqual(try study.run(report: { if case .runFinished(let r) = $0 { finished.append(r) } }), .finished)
    // 4 methods × 2 seeds; embedding has no stand-in and runs nothing.
    XCTAssertEqual(finished.map(\.method.rawValue), ["policy", "policy", "ai-feedback", "ai-feedback", "scalar", "scalar",
                                                     "code", "code"])
    XCTAssertTrue(finished.allSatisfy(\.simulated))
    XCTAssertEqual(finished.first { $0.method == .policy }?.success, 1, "the scripted expert solves DoorKey")
    for r in finished where r.method != .policy {
      XCTAssertEqual(r.learnerParameters > 0, true)
      XCTAssertEqual(r.environmentSteps, 256 + (r.method == .aiFeedback ? 300 : 0))
      XCTAssertEqual(r.llmFLOPs, 0)
      XCTAssertEqual(r.llmCalls, 0)
      XCTAssertEqual(r.evaluationEpisodes, 4)
    }

    let results = try JSONDecoder().decode(StudyResults.self, from: Data(contentsOf: study.resultsURL))
    XCTAssertEqual(results.schemaVersion, 1)
    XCTAssertEqual(results.finishedRuns, 8)
    XCTAssertEqual(results.plannedRuns, 8)
    XCTAssertEqual(results.rows.map(\.method), StudyMethod.allCases)
    let embedding = results.rows.last!
    XCTAssertEqual(embedding.skipped, "no stand-in without an embedding model")
    XCTAssertNil(embedding.successMean)

    let table = try String(contentsOf: study.tableURL, encoding: .utf8)
    for row in ["| policy (SIMULATED) | scripted expert | 1.000 ± 0.000 | 2 |",
                "| ai-feedback (SIMULATED) | scripted teacher oracle |", "| scalar (SIMULATED) |", "| code (SIMULATED) |",
                "| embedding (SIMULATED) | none | skipped: no stand-in without an embedding model |"] {
      XCTAssertTrue(table.contains(row), "\(row) missing from\n\(table)")
    }

    let svg = try String(contentsOf: study.figureURL, encoding: .utf8)
    try assertWellFormed(svg)
    XCTAssertEqual(svg.components(separatedBy: "url(#simulated)").count - 1, 4, "one hatched bar per simulated method run")
    XCTAssertEqual(svg.components(separatedBy: ">SIMULATED<").count - 1, 4)
    XCTAssertTrue(svg.contains(">no stand-in without<") && svg.contains(">an embedding model<"), svg)
  }

  func testAnInterruptedStudySkipsFinishedRunsAndEndsAsAnUninterruptedOne() throws {
    var plan = tinyPlan()
    plan.methods = [.policy, .scalar, .code]
    let whole = try Study(plan: plan, directory: directory())
    try whole.run()

    let path = directory()
    let interrupted = try Study(plan: plan, directory: path)
    var stop = false
    var started: [String] = []
    let first = try interrupted.run(until: { stop }) { event in
      if case .runStarted(let method, let seed) = event { started.append("\(method.rawValue)-\(seed)") }
      if case .runFinished = event { stop = true }
    }
    XCTAssertEqual(first, .stopped)
    XCTAssertEqual(started, ["policy-1"])
    let partial = try JSONDecoder().decode(StudyResults.self, from: Data(contentsOf: interrupted.resultsURL))
    XCTAssertEqual(partial.finishedRuns, 1, "a partial study has a partial table")
    XCTAssertTrue(try String(contentsOf: interrupted.tableURL, encoding: .utf8).contains("1/6 runs finished"))
    let firstResult = interrupted.runDirectory(.policy, seed: 1).appendingPathComponent("result.json")
    let writtenAt = try FileManager.default.attributesOfItem(atPath: firstResult.path)[.modificationDate] as! Date

    var skipped: [String] = []
    started = []
    let resumed = try Study(plan: plan, directory: path)
    XCTAssertEqual(try resumed.run(report: { event in
      if case .runAlreadyFinished(let r) = event { skipped.append("\(r.method.rawValue)-\(r.seed)") }
      if case .runStarted(let method, let seed) = event { started.append("\(method.rawValue)-\(seed)") }
    }), .finished)
    XCTAssertEqual(skipped, ["policy-1"])
    XCTAssertEqual(started, ["policy-2", "scalar-1", "scalar-2", "code-1", "code-2"])
    XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: firstResult.path)[.modificationDate] as! Date, writtenAt)
    XCTAssertEqual(comparable(try resumed.results().runs), comparable(try whole.results().runs),
                   "deterministic stand-ins: the same numbers as without the interruption")
  }

  func testAPPORunStoppedMidwayContinuesFromItsCheckpoint() throws {
    var plan = tinyPlan()
    plan.methods = [.scalar]
    plan.seeds = 1
    plan.steps = 512
    let path = directory()
    var stop = false
    let study = try Study(plan: plan, directory: path)
    XCTAssertEqual(try study.run(until: { stop }) { if case .trainingProgress = $0 { stop = true } }, .stopped)
    XCTAssertTrue(FileManager.default.fileExists(
      atPath: study.runDirectory(.scalar, seed: 1).appendingPathComponent("ppo/checkpoint.bin").path))
    var resumedAt: Int?
    XCTAssertEqual(try Study(plan: plan, directory: path).run(report: { if case .resuming(_, _, let step) = $0 { resumedAt = step } }),
                   .finished)
    // Asked after each iteration: progress of iteration 1 asked for the stop, iteration 2 saw it.
    XCTAssertEqual(resumedAt, 256, "two iterations of 4 envs × 32 steps were kept")
    XCTAssertEqual(try study.results().runs.first?.environmentSteps, 512)
  }

  /// XMLParser is in FoundationXML on Linux and Foundation on macOS; a parse error fails.
  private func assertWellFormed(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let parser = XMLParser(data: Data(svg.utf8))
    XCTAssertTrue(parser.parse(), "figure.svg is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")",
                  file: file, line: line)
  }
}
