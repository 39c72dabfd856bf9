import Foundation

/// The continual re-labelling options of `ai-feedback` (`relabel=K,store=PATH[,labeller=…]
/// [,pairs=N][,window=M]`): every K iterations the newest M observations go into the label
/// store, N new pairs are labelled, and the Bradley–Terry model is refit on all labels.
///
/// A scripted teacher labels (SIMULATED: it reads privileged progress), or with `labeller=llm`
/// the language model does, reached with the client settings the llm-* kinds take
/// (`url=`, `model=`, `cache=`, `concurrency=`, `retries=`); `labeller=vision` is a vision
/// model shown frames of the observations (`VisionLabeller`), reached the same way.
public struct RelabellingOptions: Sendable, Equatable {
  /// Refit every this many PPO iterations.
  public var every: Int
  /// The label store the observations, pairs and labels go to (created if missing).
  public var storePath: String
  /// A scripted teacher, as `ScriptedTeacher(parsing:)` reads it ("oracle", "mistake=0.1").
  public var teacher: String
  /// New pairs drawn and labelled per refit.
  public var pairs: Int
  /// The newest observations kept between refits (over all envs).
  public var window: Int
  /// The language model's settings when it labels (`labeller=llm`); nil for the scripted teacher.
  public var llm: LLMRewardOptions?
  /// How the LLM is asked: chat (the chat prompt) or completion (one token, for small models).
  public var llmMode = LLMLabeller.Mode.chat
  /// The model is shown frames of the observations instead of captions (`labeller=vision`).
  public var showsFrames = false
  /// The frames' side in pixels (`frames=N`, 16 to 512); nil for the environment's default.
  public var frameSide: Int?

  public static let syntax = "relabel=K,store=PATH[,labeller=scripted:TEACHER|llm|vision][,pairs=N][,window=M]"
    + "[,mode=chat|completion][,url=URL][,model=NAME][,cache=PATH|none][,concurrency=N][,retries=N][,frames=SIDE]"
  /// The client settings `labeller=llm` takes (`mode` is the labeller's own).
  static let llmKeys = ["mode", "url", "model", "cache", "concurrency", "retries"]

  public init(every: Int, storePath: String, teacher: String = "oracle", pairs: Int = 200, window: Int = 2048) {
    self.every = every
    self.storePath = storePath
    self.teacher = teacher
    self.pairs = pairs
    self.window = window
  }

  /// Reads `key=value` options (nil when none says relabel); numbers and the labeller are checked.
  static func parse(_ options: [String], in text: String) throws(RewardError) -> RelabellingOptions? {
    var values: [String: String] = [:]
    for option in options {
      let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 2, (["relabel", "store", "labeller", "pairs", "window", "frames"] + llmKeys).contains(parts[0]) else {
        throw .invalidArgument("'\(text)': '\(option)' is not an option; allowed: ,count or ,potential "
          + "after the model file, then \(syntax)")
      }
      guard values[parts[0]] == nil else { throw .invalidArgument("'\(text)': \(parts[0])= is given twice") }
      values[parts[0]] = parts[1]
    }
    guard !values.isEmpty else { return nil }
    func count(_ key: String, default value: Int?) throws(RewardError) -> Int {
      guard let given = values[key] else { return value! }
      guard let number = Int(given), number >= 1 else {
        throw .invalidArgument("'\(text)': \(key)= must be a whole number of at least 1; got '\(given)'")
      }
      return number
    }
    guard values["relabel"] != nil else {
      throw .invalidArgument("'\(text)': store=, labeller=, pairs= and window= need relabel=K (\(syntax))")
    }
    guard let store = values["store"], !store.isEmpty else {
      throw .invalidArgument("'\(text)': relabel= needs store=PATH, the label store to grow (\(syntax))")
    }
    var teacher = "oracle"
    var llm: LLMRewardOptions?
    var llmMode = LLMLabeller.Mode.chat
    var showsFrames = false
    if let labeller = values["labeller"] {
      if labeller == "llm" || labeller == "vision" {
        showsFrames = labeller == "vision"
        var settings = LLMRewardOptions()
        for key in llmKeys where key != "mode" {
          if let value = values[key] { _ = try settings.take("\(key)=\(value)", in: text) }
        }
        llm = settings
        if let mode = values["mode"] {
          guard let chosen = LLMLabeller.Mode(rawValue: mode) else {
            throw .invalidArgument("'\(text)': mode= must be chat or completion; got '\(mode)'")
          }
          llmMode = chosen
        }
        if showsFrames, llmMode != .chat {
          throw .invalidArgument("'\(text)': labeller=vision is asked in chat (images are chat content parts); drop mode=\(llmMode.rawValue)")
        }
      } else {
        guard labeller.hasPrefix("scripted:") else {
          throw .invalidArgument("'\(text)': labeller= must be scripted:TEACHER (e.g. scripted:oracle), llm or vision; got '\(labeller)'")
        }
        teacher = String(labeller.dropFirst("scripted:".count))
      }
    }
    if llm == nil, let key = llmKeys.first(where: { values[$0] != nil }) {
      throw .invalidArgument("'\(text)': \(key)= sets the language model's client and needs labeller=llm or vision")
    }
    var options = RelabellingOptions(every: try count("relabel", default: nil), storePath: store, teacher: teacher,
                                     pairs: try count("pairs", default: 200), window: try count("window", default: 2048))
    options.llm = llm
    options.llmMode = llmMode
    options.showsFrames = showsFrames
    if let side = values["frames"] {
      guard showsFrames else { throw .invalidArgument("'\(text)': frames= sets the vision judge's frame size and needs labeller=vision") }
      guard let n = Int(side), ObservationFrames.sides.contains(n) else {
        throw .invalidArgument("'\(text)': frames= must be a side in pixels from 16 to 512; got '\(side)'")
      }
      options.frameSide = n
    }
    if llm == nil { _ = try options.makeTeacher() }
    guard options.window >= 2 else {
      throw .invalidArgument("'\(text)': window= must be at least 2 (pairs need two observations); got \(options.window)")
    }
    return options
  }

  /// The teacher, SIMULATED; `myopic` is refused because a window holds no whole episodes.
  func makeTeacher() throws(RewardError) -> ScriptedTeacher {
    let teacher = try ScriptedTeacher(parsing: teacher, signal: .progress)
    if case .myopic = teacher.kind {
      throw .invalidArgument("labeller scripted:\(self.teacher): the myopic teacher needs whole episodes; "
        + "allowed for re-labelling: oracle, staged, stochastic, mistake, skip, equal")
    }
    return teacher
  }

  var description: String {
    let mode = llmMode == .chat ? [] : ["mode=\(llmMode.rawValue)"]
    let frames = frameSide.map { ["frames=\($0)"] } ?? []
    let labeller = llm.map { ([showsFrames ? "labeller=vision" : "labeller=llm"] + mode + $0.pieces + frames).joined(separator: ",") }
      ?? "labeller=scripted:\(teacher)"
    return "relabel=\(every),store=\(storePath),\(labeller),pairs=\(pairs),window=\(window)"
  }
}
