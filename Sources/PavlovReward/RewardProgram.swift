import PavlovSim

/// A reward program in its sandbox, bound to an environment's inputs: `reward(obs)` gets each
/// observation part under its name (an array of numbers, 1-based and row-major, or a number for
/// a scalar part); the privileged variant, `reward(obs, state)`, also gets each info column
/// under its name (the paper's App. A.5 condition).
public final class RewardProgram {
  public enum Inputs: String, Sendable, CaseIterable {
    /// What the agent observes.
    case observation
    /// The observation and the privileged state (info columns).
    case privileged
  }

  public let code: String
  public let spec: EnvSpec
  public let inputs: Inputs
  private let sandbox: LuaSandbox
  private var values: [Double]

  /// Compiles and runs `code` (which must define `reward`); throws its error.
  public init(code: String, spec: EnvSpec, inputs: Inputs = .observation, limits: SandboxLimits = SandboxLimits())
    throws(RewardProgramError)
  {
    self.code = code
    self.spec = spec
    self.inputs = inputs
    sandbox = try LuaSandbox(limits: limits)
    for part in spec.observationParts {
      try sandbox.addPart(part.name, size: part.size, scalar: part.shape.isEmpty, table: 0)
    }
    var count = spec.observationSize
    if inputs == .privileged {
      for name in spec.infoColumnNames { try sandbox.addPart(name, size: 1, scalar: true, table: 1) }
      count += spec.infoWidth
    }
    values = [Double](repeating: 0, count: count)
    try sandbox.load(code)
  }

  /// The reward of one observation (`spec.observationByteCount` bytes) and, for the privileged
  /// variant, its info row; throws the program's error or a non-finite result.
  public func reward(observation: UnsafeRawBufferPointer, info: UnsafeBufferPointer<Float>?) throws(RewardProgramError)
    -> Double
  {
    let n = spec.observationSize
    switch spec.observationType {
    case .uint8: for i in 0..<n { values[i] = Double(observation[i]) }
    case .int32: for i in 0..<n { values[i] = Double(observation.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) }
    case .float32: for i in 0..<n { values[i] = Double(observation.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)) }
    }
    if inputs == .privileged {
      guard let info, info.count == spec.infoWidth else {
        throw RewardProgramError("the privileged program needs the step's \(spec.infoWidth) info columns")
      }
      for j in 0..<info.count { values[n + j] = Double(info[j]) }
    }
    return try values.withUnsafeBufferPointer { v throws(RewardProgramError) in try sandbox.call(v) }
  }

  /// Bytes the program's Lua state holds now.
  public var memoryInUse: Int { sandbox.memoryInUse }
}
