import Foundation
import PavlovSim

/// The critic pass every program goes through before it is used (the paper's rebuttal, Eureka):
/// does it compile, is it defined on every sample input (runs without error, returns a finite
/// number within its budget), is it not constant. A rejection says why, in words that go back
/// to the LLM.
public struct RewardProgramCritic {
  public enum Verdict: Equatable {
    case accepted(RewardStatistics)
    case rejected(String)
  }

  public struct RewardStatistics: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
  }

  public let spec: EnvSpec
  public let inputs: RewardProgram.Inputs
  public let limits: SandboxLimits
  public let samples: RewardSamples

  public init(spec: EnvSpec, inputs: RewardProgram.Inputs, limits: SandboxLimits = SandboxLimits(),
              samples: RewardSamples) {
    self.spec = spec
    self.inputs = inputs
    self.limits = limits
    self.samples = samples
  }

  public func judge(_ code: String) -> Verdict {
    let program: RewardProgram
    do { program = try RewardProgram(code: code, spec: spec, inputs: inputs, limits: limits) } catch {
      return .rejected("it does not load: \(error.message)")
    }
    var values: [Double] = []
    for i in 0..<samples.count {
      do {
        values.append(try samples.withSample(i) { o, info throws(RewardProgramError) in
          try program.reward(observation: o, info: info)
        })
      } catch {
        return .rejected("it fails on sample input \(i + 1) of \(samples.count) (\(samples.captions[i])): \(error.message)")
      }
    }
    guard let low = values.min(), let high = values.max() else { return .rejected("there were no sample inputs") }
    guard high > low else {
      return .rejected("it is constant: it returned \(low) on all \(values.count) sample inputs, so it cannot guide learning")
    }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return .accepted(RewardStatistics(count: values.count, mean: mean, standardDeviation: variance.squareRoot(),
                                      minimum: low, maximum: high))
  }
}

/// Observations (and their info rows and captions) from a short random rollout: the inputs the
/// critic runs a program on, and the examples the prompt shows.
public struct RewardSamples: Sendable {
  public let spec: EnvSpec
  public private(set) var observations: [[UInt8]] = []
  public private(set) var infos: [[Float]] = []
  public private(set) var captions: [String] = []

  public var count: Int { observations.count }

  /// `steps` random steps of `environments` envs, keeping distinct observations (at most `limit`).
  public init(spec: EnvSpec, environments: Int = 8, steps: Int = 64, limit: Int = 256, seed: UInt64 = 0) throws {
    self.spec = spec
    let vec = try VecEnv(id: spec.id, count: environments, seed: seed)
    try vec.reset()
    var seen = Set<[UInt8]>()
    // SplitMix64 with the sample rollout's historical offset, so the samples stay the same.
    var random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
    for step in 0...steps {
      for e in 0..<environments where observations.count < limit {
        let bytes = Array(vec.observationBytes(of: e))
        guard seen.insert(bytes).inserted else { continue }
        observations.append(bytes)
        let info = Array(vec.info(of: e))
        infos.append(info)
        captions.append(try bytes.withUnsafeBytes { try vec.caption(observation: $0, event: Int(info[InfoColumn.event])) })
      }
      if step == steps { break }
      switch spec.actionSpace {
      case .discrete(let count):
        try vec.step((0..<environments).map { _ in Int32(random.next() % UInt64(count)) })
      case .continuous(let dimension, let bounds):
        try vec.step((0..<(environments * dimension)).map { _ in
          bounds.lowerBound + Float(random.next() % 1001) / 1000 * (bounds.upperBound - bounds.lowerBound)
        })
      }
    }
  }

  func withSample<T>(_ index: Int, _ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Float>) throws(RewardProgramError) -> T)
    throws(RewardProgramError) -> T
  {
    // withUnsafeBytes rethrows untyped errors, so the typed error travels in a Result.
    let result: Result<T, RewardProgramError> = observations[index].withUnsafeBytes { o in
      infos[index].withUnsafeBufferPointer { i in
        do throws(RewardProgramError) { return .success(try body(o, i)) } catch { return .failure(error) }
      }
    }
    return try result.get()
  }

  /// Sample `index` as Lua text: obs = { part = {…}, … }.
  func lua(_ index: Int) -> String {
    var values: [Double]
    let bytes = observations[index]
    switch spec.observationType {
    case .uint8: values = bytes.map(Double.init)
    case .int32, .float32:
      values = bytes.withUnsafeBytes { raw in
        (0..<spec.observationSize).map { i in
          spec.observationType == .int32 ? Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))
            : Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self))
        }
      }
    }
    let fields = spec.observationParts.map { part -> String in
      let numbers = values[part.range].map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.3f", $0) }
      return part.shape.isEmpty ? "\(part.name) = \(numbers[0])" : "\(part.name) = {\(Self.runs(numbers))}"
    }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  /// Numbers joined by commas, a run of one value `minimumRun` or more times written "v×n": a
  /// web page's 8,616 numbers are mostly padding, and written out they made a prompt of 55,030
  /// tokens (the local model reads 4,096).
  static func runs(_ numbers: [String], minimumRun: Int = 4) -> String {
    var out: [String] = []
    var i = 0
    while i < numbers.count {
      var j = i + 1
      while j < numbers.count && numbers[j] == numbers[i] { j += 1 }
      if j - i >= minimumRun {
        out.append("\(numbers[i])×\(j - i)")
      } else {
        out += numbers[i..<j]
      }
      i = j
    }
    return out.joined(separator: ",")
  }
}
