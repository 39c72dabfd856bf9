import Foundation
import PavlovLearn
import PavlovLLM
import PavlovSim

/// The paper's AI-feedback pipeline, in rounds (what `pavlov demo` runs): collect observations
/// and their captions, have a labeller say which of two shows more progress, fit a
/// Bradley–Terry reward, train PPO on that reward alone, and evaluate by the environment's own
/// success. A further round runs only while success is below `successThreshold`; it adds
/// observations from the previous round's agent (which reaches more of the task) and trains
/// afresh. Files go to `directory`: labels.sqlite, reward-N.model, ppo-N/, learned-reward.svg.
///
///     var configuration = AIFeedbackPipeline.Configuration(directory: "runs/demo")
///     configuration.rounds = 1
///     let result = try await AIFeedbackPipeline(configuration: configuration)
///       .run(labeller: { round in try ScriptedTeacher(kind: .oracle, seed: UInt64(round)) }) { print($0) }
public struct AIFeedbackPipeline {
  public struct Configuration {
    public var environmentID = "MiniGrid-DoorKey-8x8-v0"
    /// Where every file of the pipeline goes (created if missing).
    public var directory: String
    /// At most this many rounds.
    public var rounds = 2
    /// Observations collected with the random policy in round 1, and with the previous
    /// round's agent in each later round.
    public var firstObservations = 100_000
    public var laterObservations = 50_000
    public var collectionEnvironments = 64
    /// New pairs labelled per round (round N labels up to N × this many in all).
    public var pairsPerRound = 10_000
    /// Pairs labelled at once (an LLM's requests in flight).
    public var concurrency = 4
    public var fit = BradleyTerryFit()
    /// PPO's settings; the environment is `environmentID`'s and the seed is `seed + 1`.
    public var training: PPOConfig
    /// How the learned reward is paid (potential differences: only progress pays).
    public var rewardShape = LearnedReward.Shape.potential
    /// Success rate at which no further round runs.
    public var successThreshold = 0.9
    public var evaluationEpisodes = 200
    public var evaluationSeed: UInt64 = 12_345
    /// Seed of the collections and of PPO.
    public var seed: UInt64 = 0
    /// Draw the learned reward along one episode of the last round's agent.
    public var plotsReward = true

    public init(directory: String) {
      self.directory = directory
      training = PPOConfig()
      // The budget sets the learning-rate schedule: 3M is the one measured (docs/ai-feedback.md).
      training.totalTimesteps = 3_000_000
      training.stopSuccessRate = 0.95
    }
  }

  public enum Stage: Sendable, Equatable {
    /// `fromAgentOf` is the round whose agent acts (nil: the random policy).
    case collect(observations: Int, fromAgentOf: Int?)
    case label(pairs: Int)
    case fit
    case train(steps: Int)
    case evaluate(episodes: Int)
    case plot
  }

  public enum Event {
    case roundStarted(Int)
    case stageStarted(Stage)
    case collected(CollectionSummary, policy: CollectionPolicy)
    /// The labeller of this round, before it labels.
    case labelling(any PreferenceLabeller)
    case labellingProgress(LabellingSession.Event)
    /// `usage`: an LLM judge's tokens and FLOPs so far.
    case labelled(LabellingSession.Outcome, by: any PreferenceLabeller, usage: Usage?)
    case fitting(examples: Int, labeller: String, isSimulated: Bool)
    case fitted(RewardModel, path: String)
    case trainingProgress(TrainingMetrics)
    case trained(TrainingSession)
    case evaluated(EvaluationResult)
    case plotted(RewardTrace, path: String)
    case stageFinished(Stage, seconds: Double)
  }

  public struct Round: Sendable {
    public var number: Int
    public var modelPath: String
    public var runPath: String
    public var evaluation: EvaluationResult
  }

  public struct Result: Sendable {
    public var rounds: [Round]
    /// The learned-reward picture, if drawn.
    public var plotPath: String?
  }

  public let configuration: Configuration

  public init(configuration: Configuration) throws(RewardError) {
    let c = configuration
    guard c.rounds >= 1 else { throw RewardError.invalidArgument("rounds must be at least 1; got \(c.rounds)") }
    guard c.firstObservations >= 1, c.laterObservations >= 1 else {
      throw RewardError.invalidArgument(
        "observations per round must be at least 1; got \(c.firstObservations) and \(c.laterObservations)")
    }
    guard c.collectionEnvironments >= 1 else {
      throw RewardError.invalidArgument("collection environments must be at least 1; got \(c.collectionEnvironments)")
    }
    guard c.pairsPerRound >= 1 else {
      throw RewardError.invalidArgument("pairs per round must be at least 1; got \(c.pairsPerRound)")
    }
    guard c.evaluationEpisodes >= 1 else {
      throw RewardError.invalidArgument("evaluation episodes must be at least 1; got \(c.evaluationEpisodes)")
    }
    guard c.successThreshold.isFinite else {
      throw RewardError.invalidArgument("the success threshold must be a number; got \(c.successThreshold)")
    }
    self.configuration = configuration
  }

  public var storePath: String { configuration.directory + "/labels.sqlite" }
  public func modelPath(round: Int) -> String { configuration.directory + "/reward-\(round).model" }
  public func runPath(round: Int) -> String { configuration.directory + "/ppo-\(round)" }

  /// Runs the rounds. `labeller` makes round N's labeller (a scripted teacher seeded by N, an
  /// LLM judge); `report` hears every stage as it happens.
  @discardableResult
  public func run(labeller makeLabeller: (_ round: Int) async throws -> any PreferenceLabeller,
                  report: (Event) -> Void = { _ in }) async throws -> Result {
    let c = configuration
    try FileManager.default.createDirectory(atPath: c.directory, withIntermediateDirectories: true)
    func stage<T>(_ stage: Stage, _ body: () async throws -> T) async rethrows -> T {
      report(.stageStarted(stage))
      let start = DispatchTime.now().uptimeNanoseconds
      defer { report(.stageFinished(stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
      return try await body()
    }
    var rounds: [Round] = []
    for round in 1...c.rounds {
      report(.roundStarted(round))
      let model = modelPath(round: round), run = runPath(round: round)
      let previous = round == 1 ? nil : round - 1
      let observations = previous == nil ? c.firstObservations : c.laterObservations
      try await stage(.collect(observations: observations, fromAgentOf: previous)) {
        let collector = ObservationCollector(environmentID: c.environmentID, environmentCount: c.collectionEnvironments,
                                             seed: c.seed &+ 11 &+ (previous == nil ? 0 : UInt64(round)))
        let policy = previous.map { CollectionPolicy.trained(runDirectory: runPath(round: $0)) } ?? .random
        report(.collected(try collector.collect(steps: observations, intoStoreAt: storePath, policy: policy), policy: policy))
      }
      try await stage(.label(pairs: c.pairsPerRound)) {
        let labeller = try await makeLabeller(round)
        report(.labelling(labeller))
        let session = try LabellingSession(store: try LabelStore(path: storePath), labeller: labeller,
                                           pairs: c.pairsPerRound * round, seed: UInt64(round),
                                           concurrency: c.concurrency)
        let outcome = try await session.run { report(.labellingProgress($0)) }
        let usage = await (labeller as? LLMLabeller)?.client.usage()
        report(.labelled(outcome, by: labeller, usage: usage))
      }
      try await stage(.fit) {
        let data = try FitData(store: try LabelStore(path: storePath))
        report(.fitting(examples: data.examples.count, labeller: data.labeller, isSimulated: data.isSimulated))
        let fitted = try c.fit.fit(data)
        try fitted.write(to: model)
        report(.fitted(fitted, path: model))
      }
      var training = c.training
      training.envID = c.environmentID
      training.seed = c.seed &+ 1
      try await stage(.train(steps: training.totalTimesteps)) {
        let context = RewardContext(spec: try VecEnv.spec(for: training.envID), environmentCount: training.numEnvs,
                                    gamma: training.gamma)
        let reward = try RewardSpec(AIFeedbackRewardKind(modelPath: model, shape: c.rewardShape))
          .makeReward(for: context)
        let session = try TrainingSession(config: training, run: RunDirectory(path: run), resume: false, reward: reward)
        try session.run { report(.trainingProgress($0)) }
        report(.trained(session))
      }
      let evaluation = try await stage(.evaluate(episodes: c.evaluationEpisodes)) {
        let result = try Evaluation.run(try Checkpoint.load(from: RunDirectory(path: run).checkpointURL),
                                        episodes: c.evaluationEpisodes, seed: c.evaluationSeed)
        report(.evaluated(result))
        return result
      }
      rounds.append(Round(number: round, modelPath: model, runPath: run, evaluation: evaluation))
      if evaluation.successRate >= c.successThreshold { break }
    }
    var plotPath: String?
    if c.plotsReward, let last = rounds.last {
      let path = c.directory + "/learned-reward.svg"
      try await stage(.plot) {
        let model = try RewardModel(contentsOf: last.modelPath)
        let trace = try RewardTrace.record(model: model, checkpoint: try Checkpoint.load(
          from: RunDirectory(path: last.runPath).checkpointURL), seed: 1)
        let title = "learned reward along one episode of \(trace.environmentID) "
          + "(model \(URL(fileURLWithPath: last.modelPath).lastPathComponent))"
        try Data(trace.svg(title: title).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        report(.plotted(trace, path: path))
      }
      plotPath = path
    }
    return Result(rounds: rounds, plotPath: plotPath)
  }
}
