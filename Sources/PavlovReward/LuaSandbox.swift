internal import CLuaSandbox

/// Why a reward program was refused or failed: the sandbox's message, to show the user and to
/// feed back to the LLM.
public struct RewardProgramError: Error, CustomStringConvertible, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The limits a reward program runs under (per call of `reward`, and for loading it).
public struct SandboxLimits: Sendable, Equatable {
  /// Bytes the Lua state may hold in all: the program, its tables and the inputs.
  public var memoryBytes = 32 << 20
  /// VM instructions per call, counted in steps of 100.
  public var instructionBudget: Int64 = 2_000_000
  /// Seconds per call: instructions do not bound the time of library calls (a sort of a large
  /// table is one instruction), so a deadline on the host's clock does.
  public var timeLimit = 0.25

  public init(memoryBytes: Int = 32 << 20, instructionBudget: Int64 = 2_000_000, timeLimit: Double = 0.25) {
    self.memoryBytes = memoryBytes
    self.instructionBudget = instructionBudget
    self.timeLimit = timeLimit
  }
}

/// One Lua 5.4 state confined by CLuaSandbox: base functions without loaders, printing, pcall or
/// metatables; math without random; table; string without rep, patterns or dump. No io, os,
/// package, debug. Not thread-safe: one reward function owns one sandbox.
final class LuaSandbox {
  private let handle: OpaquePointer
  private var errorText = [CChar](repeating: 0, count: 1024)

  init(limits: SandboxLimits) throws(RewardProgramError) {
    guard let handle = lua_sandbox_new(limits.memoryBytes, limits.instructionBudget, limits.timeLimit) else {
      throw RewardProgramError("cannot create a Lua state within \(limits.memoryBytes) bytes")
    }
    self.handle = handle
  }

  deinit { lua_sandbox_free(handle) }

  /// Declares the next input part: `size` numbers as an array, or one number (`scalar`), in
  /// the first argument (`table` 0) or the second (1).
  func addPart(_ name: String, size: Int, scalar: Bool, table: Int) throws(RewardProgramError) {
    let status = errorText.withUnsafeMutableBufferPointer { error in
      lua_sandbox_add_part(handle, Int32(table), name, Int32(size), scalar ? 1 : 0, error.baseAddress, error.count)
    }
    guard status == 0 else { throw RewardProgramError(lastError) }
  }

  func load(_ code: String) throws(RewardProgramError) {
    let length = code.utf8.count
    let status = code.withCString { text in
      errorText.withUnsafeMutableBufferPointer { error in
        lua_sandbox_load(handle, text, length, error.baseAddress, error.count)
      }
    }
    guard status == 0 else { throw RewardProgramError(lastError) }
  }

  /// reward(inputs...) for `values`, every part's numbers in order.
  func call(_ values: UnsafeBufferPointer<Double>) throws(RewardProgramError) -> Double {
    var result = 0.0
    let status = errorText.withUnsafeMutableBufferPointer { error in
      lua_sandbox_call(handle, values.baseAddress, values.count, &result, error.baseAddress, error.count)
    }
    guard status == 0 else { throw RewardProgramError(lastError) }
    return result
  }

  var memoryInUse: Int { lua_sandbox_memory_in_use(handle) }

  private var lastError: String {
    errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }
}
