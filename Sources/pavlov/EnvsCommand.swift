import ArgumentParser
import PavlovSim

/// `pavlov envs`: what can be created, with the shapes a learner needs to know.
struct EnvsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "envs", abstract: "List every environment with its spaces and step limit.")

  @Flag(help: "One JSON object per line instead of a table.")
  var json = false

  func run() throws {
    let ids = VecEnv.availableIDs
    if ids.isEmpty {
      printError("no environments are registered in this build of CSim")
      throw ExitCode.failure
    }
    let specs = try ids.map { try VecEnv.spec(for: $0) }
    if json {
      for spec in specs { print(try jsonLine(EnvRow(spec))) }
      return
    }
    let rows = specs.map { spec in
      [spec.id, "\(spec.observationType) \(shapeText(spec.observationShape))",
       actionSpaceText(spec.actionSpace), "\(spec.maxEpisodeSteps)"]
    }
    printTable(header: ["id", "observation", "actions", "max steps"], rows: rows)
  }
}

/// One line of `pavlov envs --json`.
private struct EnvRow: Encodable {
  let id: String
  let observationType: String
  let observationShape: [Int]
  let actionKind: String
  let actionCount: Int?
  let actionDimension: Int?
  let actionLow: Float?
  let actionHigh: Float?
  let rewardLow: Float
  let rewardHigh: Float
  let maxEpisodeSteps: Int
  let infoColumns: [String]
  let events: [String]

  init(_ spec: EnvSpec) {
    id = spec.id
    observationType = spec.observationType.rawValue
    observationShape = spec.observationShape
    switch spec.actionSpace {
    case .discrete(let count):
      actionKind = "discrete"
      actionCount = count
      actionDimension = nil
      actionLow = nil
      actionHigh = nil
    case .continuous(let dimension, let bounds):
      actionKind = "continuous"
      actionCount = nil
      actionDimension = dimension
      actionLow = bounds.lowerBound
      actionHigh = bounds.upperBound
    }
    rewardLow = spec.rewardRange.lowerBound
    rewardHigh = spec.rewardRange.upperBound
    maxEpisodeSteps = spec.maxEpisodeSteps
    infoColumns = spec.infoColumnNames
    events = spec.eventNames
  }
}
