import Foundation
import PavlovLLM
import PavlovLearn
import PavlovSim

/// The options the LLM reward kinds share, written after the kind's own in a reward string:
/// `[,threshold=T][,count|,potential][,url=URL][,model=NAME][,cache=PATH|none][,concurrency=N][,retries=N]`.
/// URL and model default to $PAVLOV_LLM_URL and $PAVLOV_LLM_MODEL, then the local server, as
/// for `annotate --labeller llm`; the key comes only from $PAVLOV_LLM_API_KEY.
public struct LLMRewardOptions: Sendable, Equatable {
  public static let syntax =
    "[,threshold=T][,count|,potential][,url=URL][,model=NAME][,cache=PATH|none][,concurrency=N][,retries=N]"
  public static let concurrencyRange = 1...64

  public var shape: LearnedReward.Shape = .plain
  /// r̂ at or below this pays 0 (ELLM's threshold); nil for none.
  public var threshold: Float?
  public var url: String?
  public var model: String?
  /// The persistent response cache: nil for `LLMConfiguration.defaultCachePath`, "none" for none.
  public var cache: String?
  /// Requests in flight at once while a step's new captions are scored.
  public var concurrency = 4
  /// Retries of a call after a 429, a 5xx or a connection error (the client's default: 4).
  public var retries = 4

  public init() {}

  /// Takes `piece` if it is a shared option (true), else leaves it to the kind (false).
  mutating func take(_ piece: String, in text: String) throws(RewardError) -> Bool {
    if let shape = LearnedReward.Shape(rawValue: piece), shape != .plain {
      guard self.shape == .plain else { throw .invalidArgument("'\(text)': count and potential exclude each other") }
      self.shape = shape
      return true
    }
    let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 2 else { return false }
    let value = parts[1]
    guard !value.isEmpty else { throw .invalidArgument("'\(text)': '\(parts[0])=' needs a value") }
    switch parts[0] {
    case "threshold":
      guard let t = Float(value), t.isFinite else { throw .invalidArgument("'\(text)': threshold '\(value)' is not a finite number") }
      threshold = t
    case "url":
      guard let parsed = URL(string: value), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
        throw .invalidArgument("'\(text)': url '\(value)' is not an http(s) URL; expected e.g. \(LLMConfiguration.defaultURL)")
      }
      url = value
    case "model": model = value
    case "cache": cache = value
    case "concurrency":
      guard let n = Int(value), Self.concurrencyRange.contains(n) else {
        throw .invalidArgument("'\(text)': concurrency must be a whole number from 1 to 64; got '\(value)'")
      }
      concurrency = n
    case "retries":
      guard let n = Int(value), (0...20).contains(n) else {
        throw .invalidArgument("'\(text)': retries must be a whole number from 0 to 20; got '\(value)'")
      }
      retries = n
    default: return false
    }
    return true
  }

  /// The shared options as they are written, in a fixed order (empty when all are defaults).
  var pieces: [String] {
    var pieces: [String] = []
    if let threshold { pieces.append("threshold=\(threshold)") }
    if shape != .plain { pieces.append(shape.rawValue) }
    if let url { pieces.append("url=\(url)") }
    if let model { pieces.append("model=\(model)") }
    if let cache { pieces.append("cache=\(cache)") }
    if concurrency != 4 { pieces.append("concurrency=\(concurrency)") }
    if retries != 4 { pieces.append("retries=\(retries)") }
    return pieces
  }

  /// The client these options describe.
  func makeClient(for kind: String) throws(RewardError) -> LLMClient {
    do {
      var configuration = try LLMConfiguration.resolve(url: url, model: model)
      configuration.maxConcurrentRequests = concurrency
      configuration.maxRetries = retries
      if cache != "none" {
        let path = cache ?? LLMConfiguration.defaultCachePath
        try? FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        configuration.cachePath = path
      }
      let client = try LLMClient(configuration: configuration)
      // For the FLOP estimate in the usage summary; nil (and no harm) where the server does not say.
      let parameters = waitFor { await client.serverParameterCount() }
      waitFor { await client.setParameterCount(parameters) }
      return client
    } catch {
      throw .invalidArgument("'\(kind)': \(error)")
    }
  }

  /// The environment's goal in words: its mission, as the labellers see it.
  static func goal(of spec: EnvSpec, for kind: String) throws(RewardError) -> String {
    do {
      let vec = try VecEnv(id: spec.id, count: 1, seed: 0)
      try vec.reset()
      return try vec.mission(of: 0)
    } catch {
      throw .invalidArgument("'\(kind)': cannot read the mission of \(spec.id): \(error)")
    }
  }
}

/// Splits "a,b,c" keeping empty pieces, so that "scale=10,,count" is refused, not read as two.
func optionPieces(_ options: String?) -> [String] {
  // "llm-scalar:" is the defaults, as "llm-scalar" is.
  guard let options, !options.isEmpty else { return [] }
  return options.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
}

/// The pieces of "[scripted,]OPTIONS", and whether they start with `scripted` (the SIMULATED
/// stand-in of a kind that has one).
func scriptedAndOptionPieces(_ options: String?) -> (isScripted: Bool, pieces: [String]) {
  var pieces = optionPieces(options)
  guard pieces.first == "scripted" else { return (false, pieces) }
  pieces.removeFirst()
  return (true, pieces)
}
