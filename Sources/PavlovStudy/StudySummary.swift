import Foundation

/// One row of the table: a method's runs over seeds.
public struct StudyRow: Sendable, Codable, Equatable {
  public var method: StudyMethod
  public var simulated: Bool
  public var source: String
  /// Why the row has no runs ("no stand-in without an embedding model"), else nil.
  public var skipped: String?
  /// Finished runs (seeds) so far, failed ones not counted.
  public var runs: Int
  /// Runs that failed, each with its reason ("seed 2: ...").
  public var failures: [String]
  public var successMean: Double?
  /// Standard error of the mean over seeds: sample standard deviation / √runs (nil below 2 runs).
  public var successStandardError: Double?
  /// Per run, averaged over the finished seeds.
  public var environmentSteps: Double?
  public var llmCalls: Double?
  public var tokens: Double?
  public var llmFLOPs: Double?
  public var learnerFLOPs: Double?
  public var wallSeconds: Double?

  public init(method: StudyMethod, simulated: Bool, source: String, skipped: String?, runs results: [StudyRunResult]) {
    self.method = method
    self.simulated = simulated
    self.source = source
    self.skipped = skipped
    // One line each: a reason may quote a program or a server's reply across lines.
    failures = results.filter { $0.failure != nil }.map {
      "seed \($0.seed): " + $0.failure!.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
    let results = results.filter { $0.failure == nil }
    self.runs = results.count
    func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
    successMean = mean(results.map(\.success))
    successStandardError = Self.standardError(results.map(\.success))
    environmentSteps = mean(results.map { Double($0.environmentSteps) })
    llmCalls = mean(results.map { Double($0.llmCalls) })
    tokens = mean(results.map { Double($0.tokens) })
    // Unknown for any run makes the mean unknown: never a partial figure passed off as whole.
    llmFLOPs = results.contains { $0.llmFLOPs == nil } ? nil : mean(results.compactMap(\.llmFLOPs))
    learnerFLOPs = mean(results.map(\.learnerFLOPs))
    wallSeconds = mean(results.map(\.wallSeconds))
  }

  /// Sample standard deviation (n − 1) over √n; nil for fewer than two values.
  public static func standardError(_ values: [Double]) -> Double? {
    guard values.count >= 2 else { return nil }
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (variance / n).squareRoot()
  }
}

/// results.json: the plan, every finished run and the rows. `schemaVersion` changes whenever a
/// field changes meaning (docs/study.md describes version 1).
public struct StudyResults: Sendable, Codable, Equatable {
  public static let schemaVersion = 1
  public var schemaVersion = StudyResults.schemaVersion
  public var plan: StudyPlan
  /// Finished runs out of planned ones (skipped methods plan none).
  public var finishedRuns: Int
  /// Runs whose last attempt failed (their reasons are in the rows' `failures`).
  public var failedRuns: Int
  public var plannedRuns: Int
  public var rows: [StudyRow]
  /// The finished runs (failed ones are only in the rows' `failures`).
  public var runs: [StudyRunResult]
}
