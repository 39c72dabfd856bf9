import Foundation
import PavlovLLM
import PavlovLearn
import PavlovSim

/// Continual re-labelling (`ai-feedback:MODEL,relabel=K,store=PATH,…`, the paper's Fig. 5
/// condition): pays a `LearnedReward` while keeping the newest observations the agent reached,
/// and every K iterations writes them into the label store, labels new pairs with a scripted
/// teacher (SIMULATED) or the language model (`labeller=llm`), refits the Bradley–Terry model
/// on all of that labeller's labels in the store, and swaps it in. With a scripted teacher,
/// refits read only the store and fixed seeds, so a seeded run refits the same way twice. A
/// refit that fails (a label the LLM could not give included) stops the run: training on a
/// stale model unannounced would measure the wrong condition.
public final class RelabellingReward: RewardFunction {
  /// What one refit did.
  public struct Refit: Sendable, Equatable {
    public var iteration: Int
    public var observationsAdded: Int
    public var labelsAdded: Int
    public var totalLabels: Int
    public var validationAccuracy: Double
    public var seconds: Double
  }

  public let reward: LearnedReward
  public let options: RelabellingOptions
  /// The scripted teacher, or nil when the language model labels.
  public let teacher: ScriptedTeacher?
  /// The language model labeller (`labeller=llm`), or nil.
  public let llmLabeller: LLMLabeller?
  /// The vision model labeller (`labeller=vision`), or nil.
  public let visionLabeller: VisionLabeller?
  public private(set) var refits: [Refit] = []
  private let spec: EnvSpec
  private var opened: LabelStore?
  private let fit: BradleyTerryFit
  private let log: (String) -> Void
  // The newest `options.window` observations reached, in a ring allocated once: a step only
  // copies bytes and numbers into it; captions are made at the refit, for the kept ones only.
  private var ringBytes: [UInt8]
  private var ringFacts: [(episode: Int, step: Int, progress: Float, event: Int, reward: Float, staged: Float?)]
  private let stagedColumn: Int?
  private var ringNext = 0
  private var ringCount = 0
  private var captioner: (any Captioner)?
  private var episodeOf: [Int]
  private var stepOf: [Int]
  private var nextEpisode: Int
  /// The mission shown to an LLM labeller ("" for scripted teachers, which do not read it).
  private let goal: String

  public var name: String { reward.name + ",relabel=\(options.every)" }

  /// Checks the store before the run: an existing one must hold `spec`'s environment; a missing
  /// one must have a directory to go in, and is created at the first refit (so a run refused
  /// later leaves no file behind). `log` hears each refit.
  public init(reward: LearnedReward, options: RelabellingOptions, spec: EnvSpec, environmentCount: Int,
              fit: BradleyTerryFit = BradleyTerryFit(), log: @escaping (String) -> Void = { _ in }) throws(RewardError) {
    self.reward = reward
    self.options = options
    self.spec = spec
    if let llm = options.llm {
      teacher = nil
      let kind = options.showsFrames ? "labeller=vision" : "labeller=llm"
      let client = try llm.makeClient(for: kind)
      if options.showsFrames {
        visionLabeller = VisionLabeller(client: client, prompt: VisionPreferencePrompt(environment: spec.id),
                                        frames: try ObservationFrames(environmentID: spec.id, side: options.frameSide))
        llmLabeller = nil
      } else {
        llmLabeller = LLMLabeller(client: client, prompt: PreferencePrompt(environment: spec.id), mode: options.llmMode)
        visionLabeller = nil
      }
      goal = try LLMRewardOptions.goal(of: spec, for: kind)
    } else {
      let teacher = try options.makeTeacher()
      if teacher.signal == .staged, spec.infoColumn(named: InfoColumn.stagedProgressName) == nil {
        throw .invalidArgument("labeller=\(teacher.name) compares staged progress, which \(spec.id) does not report "
          + "(its info columns: \(spec.infoColumnNames.joined(separator: ", "))); use labeller=scripted:oracle")
      }
      self.teacher = teacher
      llmLabeller = nil
      visionLabeller = nil
      goal = ""
    }
    let path = options.storePath
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard !isDirectory.boolValue else {
        throw .invalidArgument("store=\(path) is a directory; give a label store file")
      }
      let existing = try LabelStore(path: path)
      if existing.environmentID != nil {
        let held = try existing.checkEnvironment()
        guard held.id == spec.id else {
          throw .invalidArgument("store=\(path) holds \(held.id) observations, not \(spec.id); use another store")
        }
      }
    } else {
      let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
      guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw .invalidArgument("store=\(path): the directory \(parent) does not exist")
      }
    }
    self.fit = fit
    self.log = log
    ringBytes = [UInt8](repeating: 0, count: options.window * spec.observationByteCount)
    ringFacts = Array(repeating: (0, 0, 0, 0, 0, nil), count: options.window)
    stagedColumn = spec.infoColumn(named: InfoColumn.stagedProgressName)
    episodeOf = Array(0..<environmentCount)
    stepOf = [Int](repeating: 0, count: environmentCount)
    nextEpisode = environmentCount
  }

  public func rewards(for batch: TransitionBatch, into rewards: UnsafeMutableBufferPointer<Float>) throws {
    try reward.rewards(for: batch, into: rewards)
    captioner = batch.captioner
    let width = batch.spec.infoWidth, bytes = spec.observationByteCount
    ringBytes.withUnsafeMutableBytes { ring in
      for e in 0..<batch.count {
        stepOf[e] += 1
        ring.baseAddress!.advanced(by: ringNext * bytes).copyMemory(
          from: batch.reachedObservation(of: e).baseAddress!, byteCount: bytes)
        ringFacts[ringNext] = (episodeOf[e], stepOf[e], batch.info[e * width + InfoColumn.progress],
                               batch.event(of: e), batch.environmentRewards[e],
                               stagedColumn.map { batch.info[e * width + $0] })
        ringNext = (ringNext + 1) % options.window
        ringCount = min(ringCount + 1, options.window)
        if batch.ended(e) {
          episodeOf[e] = nextEpisode
          nextEpisode += 1
          stepOf[e] = 0
        }
      }
    }
  }

  /// The ring's observations, oldest first, with their captions; empties the ring.
  private func drainWindow() throws -> [RecordedObservation] {
    guard let captioner, ringCount > 0 else { return [] }
    let bytes = spec.observationByteCount
    var newest: [RecordedObservation] = []
    newest.reserveCapacity(ringCount)
    for k in 0..<ringCount {
      let slot = (ringNext - ringCount + k + options.window) % options.window
      let row = Array(ringBytes[(slot * bytes)..<((slot + 1) * bytes)])
      let facts = ringFacts[slot]
      let caption = try row.withUnsafeBytes { try captioner.caption(observation: $0, event: facts.event) }
      newest.append(RecordedObservation(episode: facts.episode, step: facts.step, bytes: row, caption: caption,
                                        progress: facts.progress, event: facts.event, reward: facts.reward,
                                        episodeReturn: 0, stagedProgress: facts.staged))
    }
    ringCount = 0
    return newest
  }

  public func iterationEnded(_ iteration: Int) throws {
    guard iteration % options.every == 0 else { return }
    do { try refit(iteration: iteration) } catch {
      throw RewardError.invalidArgument("re-labelling at iteration \(iteration) failed, so the run stops "
        + "rather than train on a stale reward model: \(error)")
    }
  }

  private func refit(iteration: Int) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let newest = try drainWindow()
    // Episode numbers are local to this run; the store's own numbering keeps them apart from others.
    let store = try openStore()
    let offset = try store.nextEpisode()
    try store.record(newest.map { var o = $0; o.episode += offset; return o })
    let before = try store.counts().pairs
    var added = 0
    if let judge = modelJudge {
      added = try labelWithModel(judge.labeller, client: judge.client, store: store, upTo: before + options.pairs,
                                 iteration: iteration)
    } else if let teacher {
      // Pairs are drawn over the whole store (the newest observations and older ones).
      try store.createPairs(upTo: before + options.pairs, seed: UInt64(iteration))
      var cursor = 0
      while true {
        let pairs = try store.unlabelledPairs(labeller: teacher.name, within: Int.max, limit: 256, after: cursor)
        guard let last = pairs.last else { break }
        cursor = last.id
        try store.record(pairs.map { ($0.id, teacher.labelNow($0)) })
        added += pairs.count
      }
    }
    let data = try FitData(store: store, labeller: labellerName)
    var fit = self.fit
    fit.seed = UInt64(iteration)
    let model = try fit.fit(data)
    try reward.replaceModel(model)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let refit = Refit(iteration: iteration, observationsAdded: newest.count, labelsAdded: added,
                      totalLabels: data.examples.count, validationAccuracy: model.report?.validationAccuracy ?? .nan,
                      seconds: seconds)
    refits.append(refit)
    let cost = usage().map { "LLM calls so far \($0.requests + $0.cacheHits), \($0.totalTokens) tokens" }
      ?? "SIMULATED, no LLM calls"
    log("relabel: iteration \(iteration), \(refit.observationsAdded) observations stored, \(added) labels added by "
      + "\(labellerName) (\(cost)), \(refit.totalLabels) in the fit, held-out accuracy "
      + String(format: "%.3f, %.2f s", refit.validationAccuracy, seconds))
  }

  /// The name the labels are recorded under (and the fit reads).
  public var labellerName: String { modelJudge?.labeller.name ?? teacher?.name ?? "" }

  /// The language or vision model that labels, with its client; nil for a scripted teacher.
  private var modelJudge: (labeller: any PreferenceLabeller, client: LLMClient)? {
    if let llmLabeller { return (llmLabeller, llmLabeller.client) }
    if let visionLabeller { return (visionLabeller, visionLabeller.client) }
    return nil
  }

  /// What the LLM labeller has cost so far (nil for a scripted teacher).
  public func usage() -> Usage? {
    guard let client = modelJudge?.client else { return nil }
    return waitFor { await client.usage() }
  }

  /// Draws pairs up to `target` and has the LLM label those it has not; any label without an
  /// answer stops the run (unparseable answers are kept, as `pavlov annotate` keeps them).
  private func labelWithModel(_ labeller: any PreferenceLabeller, client: LLMClient, store: LabelStore, upTo target: Int,
                              iteration: Int) throws -> Int {
    let session = try LabellingSession(store: store, labeller: labeller, pairs: target, seed: UInt64(iteration),
                                       concurrency: options.llm?.concurrency ?? 4)
    nonisolated(unsafe) let running = session
    let outcome = waitFor { () -> Result<LabellingSession.Outcome, any Error> in
      do { return .success(try await running.run()) } catch { return .failure(error) }
    }
    let done = try outcome.get()
    if done.failed > 0 {
      throw RewardError.invalidArgument("the language model gave no answer for \(done.failed) of \(done.labelled) pairs "
        + "(\(client.configuration)); check the server, or use labeller=scripted:TEACHER")
    }
    return done.labelled
  }

  private func openStore() throws -> LabelStore {
    if let opened { return opened }
    let store = try LabelStore(path: options.storePath, mode: .createIfMissing)
    // Scripted teachers do not read the goal; an LLM labeller is shown the mission.
    try store.attach(environmentID: spec.id, observationType: spec.observationType.rawValue,
                     observationByteCount: spec.observationByteCount, observationHigh: spec.observationBounds.upperBound,
                     goal: goal)
    opened = store
    return store
  }
}
