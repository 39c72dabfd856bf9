import Foundation
import PavlovLearn
import PavlovSim

/// Who acts while observations are collected.
public enum CollectionPolicy: Sendable, Equatable, CustomStringConvertible {
  /// Uniformly random actions.
  case random
  /// The sampling policy of a `pavlov train` run directory's checkpoint.
  case trained(runDirectory: String)
  /// The environment's scripted expert (privileged: it may read state a policy cannot see), for
  /// data that reaches states a random walk rarely does.
  case expert

  /// "random", "expert", or the path of a run directory.
  public init(parsing text: String) {
    switch text {
    case "random": self = .random
    case "expert": self = .expert
    default: self = .trained(runDirectory: text)
    }
  }

  public var description: String {
    switch self {
    case .random: return "the random policy"
    case .trained(let path): return "the policy of \(path)"
    case .expert: return "the scripted expert"
    }
  }
}

/// What one collection did, and what the store holds after it.
public struct CollectionSummary: Sendable {
  public var recorded: Int
  public var seconds: Double
  /// Whether the store was created by this collection.
  public var createdStore: Bool
  public var observations: Int
  public var captions: Int
  public var pairs: Int
  public var labels: Int
}

extension ObservationCollector {
  /// Everything a collection into `storePath` with `policy` could be refused for, checked before
  /// a store is created: the environment, the policy's run directory, the store's path.
  public func check(storePath: String, policy: CollectionPolicy) throws(RewardError) {
    if case .trained(let path) = policy,
       !FileManager.default.fileExists(atPath: RunDirectory(path: path).checkpointURL.path) {
      throw RewardError.invalidArgument(
        "policy '\(path)': not 'random', not 'expert' and not a run directory with a checkpoint.bin")
    }
    do { _ = try checkEnvironment() } catch let error as RewardError { throw error } catch {
      throw RewardError.invalidArgument("\(error)")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: storePath, isDirectory: &isDirectory), isDirectory.boolValue {
      throw RewardError.invalidArgument("the label store \(storePath) is a directory; give a file name")
    }
    let parent = URL(fileURLWithPath: storePath).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw RewardError.invalidArgument("the label store \(storePath): the directory \(parent) does not exist")
    }
  }

  /// Records `steps` observations acted on by `policy` into the label store at `storePath`,
  /// created if missing (and only once the policy has loaded, so a refusal leaves no new store).
  public func collect(steps: Int, intoStoreAt storePath: String, policy: CollectionPolicy) throws -> CollectionSummary {
    let start = DispatchTime.now().uptimeNanoseconds
    try check(storePath: storePath, policy: policy)
    var source: ((VecEnv, UnsafeMutableBufferPointer<Int32>) throws -> Void)? = nil
    var continuousSource: ((VecEnv, UnsafeMutableBufferPointer<Float>) throws -> Void)? = nil
    if case .expert = policy {
      if case .continuous = try VecEnv.spec(for: environmentID).actionSpace {
        continuousSource = { vec, actions in try vec.expertActions(into: actions) }
      } else {
        var scratch: [Float] = []
        source = { vec, actions in
          if scratch.count != vec.count { scratch = [Float](repeating: 0, count: vec.count) }
          try scratch.withUnsafeMutableBufferPointer { try vec.expertActions(into: $0) }
          for i in 0..<vec.count { actions[i] = Int32(scratch[i]) }
        }
      }
    }
    if case .trained(let path) = policy {
      let checkpoint = try Checkpoint.load(from: RunDirectory(path: path).checkpointURL)
      let spec = try VecEnv.spec(for: environmentID)
      let trained = try TrainedPolicy(checkpoint, spec: spec, maxBatchSize: environmentCount, seed: seed)
      if case .continuous = spec.actionSpace {
        continuousSource = { vec, actions in
          try trained.continuousActions(observations: vec.observations, count: vec.count, greedy: false, into: actions)
        }
      } else {
        source = { vec, actions in
          try trained.actions(observations: vec.observations, count: vec.count, into: actions)
        }
      }
    }
    let store = try LabelStore(path: storePath, mode: .createIfMissing)
    let recorded = try collect(steps: steps, into: store, policy: source, continuousPolicy: continuousSource)
    let counts = try store.counts()
    return CollectionSummary(
      recorded: recorded, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
      createdStore: store.wasCreated, observations: counts.observations, captions: counts.captions, pairs: counts.pairs,
      labels: counts.labels)
  }
}
