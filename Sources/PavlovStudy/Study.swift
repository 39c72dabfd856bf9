import Foundation
import PavlovLearn

/// A study: every method × seed of a plan as its own run under one directory, one after
/// another, with the table, results.json and the bar chart rewritten after each finished run.
///
///     DIR/study.json                      the plan (a rerun with another plan is refused)
///     DIR/runs/<method>/seed-<k>/         one run: result.json once finished, ppo/ for PPO runs
///     DIR/table.md, results.json, figure.svg
///
/// Resumable: finished runs (result.json present) are skipped, an interrupted PPO run continues
/// from its checkpoint, an interrupted AI-feedback run keeps its reward model once fitted.
public final class Study: Sendable {
  public let plan: StudyPlan
  public let directory: URL

  public enum Event {
    case runStarted(StudyMethod, seed: Int)
    /// Finished in an earlier session: not run again.
    case runAlreadyFinished(StudyRunResult)
    /// A PPO run continues from its checkpoint.
    case resuming(StudyMethod, seed: Int, step: Int)
    case trainingProgress(StudyMethod, seed: Int, TrainingMetrics)
    case note(String)
    case runFinished(StudyRunResult)
    /// The run failed; its reason is recorded and the study goes on with the next run.
    case runFailed(StudyRunResult)
  }

  public enum Outcome: Equatable, Sendable {
    case finished
    /// `shouldStop` asked: the interrupted PPO run holds a checkpoint; rerun to continue.
    case stopped
  }

  /// Checks the plan and the directory; writes nothing (`run` writes study.json).
  public init(plan: StudyPlan, directory: String) throws(StudyError) {
    try plan.validate()
    guard !directory.isEmpty else { throw .invalidPlan("the study directory path is empty") }
    self.plan = plan
    self.directory = URL(fileURLWithPath: directory)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw .invalidPlan("\(directory) is a file; the study needs a directory (new or one holding this study)")
    }
    if let saved = try savedPlan(), let difference = saved.firstDifference(from: plan) {
      throw .planMismatch(field: difference.field, saved: difference.mine, requested: difference.theirs)
    }
  }

  public var planURL: URL { directory.appendingPathComponent("study.json") }
  public var tableURL: URL { directory.appendingPathComponent("table.md") }
  public var resultsURL: URL { directory.appendingPathComponent("results.json") }
  public var figureURL: URL { directory.appendingPathComponent("figure.svg") }

  public func runDirectory(_ method: StudyMethod, seed: Int) -> URL {
    directory.appendingPathComponent("runs/\(method.rawValue)/seed-\(seed)")
  }

  func resultURL(_ method: StudyMethod, seed: Int) -> URL {
    runDirectory(method, seed: seed).appendingPathComponent("result.json")
  }

  private func savedPlan() throws(StudyError) -> StudyPlan? {
    guard FileManager.default.fileExists(atPath: planURL.path) else { return nil }
    do { return try JSONDecoder().decode(StudyPlan.self, from: Data(contentsOf: planURL)) } catch {
      throw .io("\(planURL.path) cannot be read as a study plan (\(error.localizedDescription)); "
                + "choose another --out, or remove the file to start the study afresh")
    }
  }

  /// Runs what is left. `shouldStop` is asked between runs and after every PPO iteration.
  @discardableResult
  public func run(until shouldStop: @escaping () -> Bool = { false }, report: @escaping (Event) -> Void = { _ in }) throws
    -> Outcome
  {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      if !FileManager.default.fileExists(atPath: planURL.path) { try writeJSON(plan, to: planURL) }
    } catch let error as StudyError { throw error } catch {
      throw StudyError.io("cannot create \(directory.path): \(error.localizedDescription)")
    }
    try writeOutputs()
    for method in plan.methods where !(method == .embedding && plan.isSimulated) {
      for seed in 1...plan.seeds {
        if let done = try finishedResult(method, seed: seed), done.failure == nil {
          report(.runAlreadyFinished(done))
          continue
        }
        if shouldStop() { return .stopped }
        report(.runStarted(method, seed: seed))
        let runner = StudyRunner(study: self, method: method, seed: seed, shouldStop: shouldStop, report: report)
        let result: StudyRunResult?
        var failed = false
        do { result = try runner.run() } catch let error as StudyError { throw error } catch {
          // One method failing (a small LLM that writes no acceptable program) must not hide the
          // others: the reason is recorded in place of numbers, and a rerun tries the run again.
          result = runner.failedResult(reason: "\(error)")
          failed = true
        }
        guard let result else { return .stopped }
        try writeJSON(result, to: resultURL(method, seed: seed))
        try writeOutputs()
        report(failed ? .runFailed(result) : .runFinished(result))
      }
    }
    return .finished
  }

  func finishedResult(_ method: StudyMethod, seed: Int) throws(StudyError) -> StudyRunResult? {
    let url = resultURL(method, seed: seed)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do { return try JSONDecoder().decode(StudyRunResult.self, from: Data(contentsOf: url)) } catch {
      throw .io("\(url.path) cannot be read (\(error.localizedDescription)); remove it to run that seed again")
    }
  }

  /// The results so far, from the finished runs on disk.
  public func results() throws(StudyError) -> StudyResults {
    var runs: [StudyRunResult] = []
    var rows: [StudyRow] = []
    var planned = 0
    for method in plan.methods {
      let source = plan.source(of: method)
      if method == .embedding && plan.isSimulated {
        rows.append(StudyRow(method: method, simulated: true, source: source, skipped: StudyMethod.noEmbeddingStandIn,
                             runs: []))
        continue
      }
      planned += plan.seeds
      var finished: [StudyRunResult] = []
      for seed in 1...plan.seeds { if let r = try finishedResult(method, seed: seed) { finished.append(r) } }
      runs += finished.filter { $0.failure == nil }
      rows.append(StudyRow(method: method, simulated: plan.isSimulated, source: source, skipped: nil, runs: finished))
    }
    let failed = rows.reduce(0) { $0 + $1.failures.count }
    return StudyResults(plan: plan, finishedRuns: runs.count, failedRuns: failed, plannedRuns: planned, rows: rows,
                        runs: runs)
  }

  /// table.md, results.json and figure.svg, each written atomically.
  public func writeOutputs() throws(StudyError) {
    let results = try results()
    try writeJSON(results, to: resultsURL)
    try write(Data(StudyTable.markdown(results).utf8), to: tableURL)
    try write(Data(StudyFigure.svg(results).utf8), to: figureURL)
  }

  func writeJSON<T: Encodable>(_ value: T, to url: URL) throws(StudyError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data: Data
    do { data = try encoder.encode(value) } catch { throw .io("cannot encode \(url.lastPathComponent): \(error)") }
    try write(data, to: url)
  }

  func write(_ data: Data, to url: URL) throws(StudyError) {
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try writeAtomically(data, to: url)
    } catch {
      throw .io("cannot write \(url.path): \(error)")
    }
  }
}
