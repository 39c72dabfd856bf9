import Foundation
import PavlovSim
import XCTest
@testable import PavlovReward

/// Reward programs that try to leave the sandbox or exhaust the machine: each is refused with a
/// clear error, the process goes on, and the same state keeps working afterwards. The memory
/// cap (32 MiB by default, 8 MiB here) is what keeps the "gigabytes" tests from taking any.
final class LuaSandboxEscapeTests: XCTestCase {
  private static let spec = EnvSpec(
    id: "test", observationType: .uint8, observationShape: [3], observationBounds: 0...255,
    actionSpace: .discrete(count: 2), rewardRange: 0...1, maxEpisodeSteps: 10, infoColumnNames: ["success"],
    eventNames: [""])
  private static let limits = SandboxLimits(memoryBytes: 8 << 20, instructionBudget: 1_000_000)

  private func program(_ code: String, limits: SandboxLimits = limits) throws -> RewardProgram {
    try RewardProgram(code: code, spec: Self.spec, limits: limits)
  }

  private func call(_ program: RewardProgram, _ bytes: [UInt8] = [1, 2, 3]) throws -> Double {
    try bytes.withUnsafeBytes { try program.reward(observation: $0, info: nil) }
  }

  /// The error of the first call of `reward(obs)` with `body`, after checking the state still works.
  private func failure(_ body: String, limits: SandboxLimits = limits, file: StaticString = #filePath,
                       line: UInt = #line) throws -> String {
    let code = "function reward(obs)\n  if obs.observation[1] == 0 then return 7 end\n\(body)\nend"
    let p = try program(code, limits: limits)
    var message = ""
    do {
      let value = try call(p)
      XCTFail("returned \(value)", file: file, line: line)
    } catch let error as RewardProgramError {
      message = error.message
    }
    // The state survives the failure: the next call answers.
    XCTAssertEqual(try call(p, [0, 0, 0]), 7, file: file, line: line)
    XCTAssertLessThanOrEqual(p.memoryInUse, limits.memoryBytes, file: file, line: line)
    return message
  }

  func testFilesProcessesModulesAndTheClockAreAbsent() throws {
    XCTAssertTrue(try failure("return io.open('/etc/passwd')").contains("global 'io'"))
    XCTAssertTrue(try failure("os.execute('touch /tmp/pwned') return 1").contains("global 'os'"))
    XCTAssertTrue(try failure("return os.clock()").contains("global 'os'"))
    XCTAssertTrue(try failure("return os.time()").contains("global 'os'"))
    XCTAssertTrue(try failure("local m = require('io') return 1").contains("global 'require'"))
    XCTAssertTrue(try failure("dofile('/etc/passwd') return 1").contains("global 'dofile'"))
    XCTAssertTrue(try failure("print('hi') return 1").contains("global 'print'"))
    XCTAssertTrue(try failure("collectgarbage('stop') return 1").contains("global 'collectgarbage'"))
    XCTAssertTrue(try failure("return debug.getinfo(1).currentline").contains("global 'debug'"))
    XCTAssertTrue(try failure("return math.random()").contains("field 'random'"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/pwned"))
  }

  func testBytecodeIsNeverLoaded() throws {
    XCTAssertTrue(try failure("return load('return 1')()").contains("global 'load'"))
    let dump = try failure("return string.dump(reward)")
    XCTAssertTrue(dump.contains("field 'dump'"), dump)
    // A precompiled chunk given as the program itself.
    XCTAssertThrowsError(try program("\u{1B}Lua\u{54}\u{00}garbage")) { error in
      XCTAssertTrue("\(error)".contains("binary chunk"), "\(error)")
    }
  }

  func testAnEndlessLoopRunsOutOfItsBudget() throws {
    let start = Date()
    XCTAssertTrue(try failure("while true do end").contains("instruction budget of 1000000 exceeded"))
    // Catching the error to go on looping is not possible: there is no pcall.
    XCTAssertTrue(try failure("while true do pcall(function() while true do end end) end").contains("global 'pcall'"))
    // An endless loop at load time is caught the same way.
    XCTAssertThrowsError(try program("while true do end")) { XCTAssertTrue("\($0)".contains("instruction budget")) }
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
  }

  /// One instruction can do long work inside a library function; the clock bounds the call.
  func testLongLibraryWorkRunsOutOfTime() throws {
    let roomy = SandboxLimits(memoryBytes: 8 << 20, instructionBudget: 1_000_000_000, timeLimit: 0.2)
    let start = Date()
    let message = try failure("""
      local t = {}
      for i = 1, 200000 do t[i] = (i * 7919) % 200003 end
      for k = 1, 1e9 do table.sort(t, nil) end
      """, limits: roomy)
    XCTAssertEqual(message, "time limit of 0.2 s exceeded (long work inside library calls?)")
    // The limit is the thread's CPU time: on a loaded machine the wall time is longer.
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
  }

  func testGigabytesAreRefusedByTheMemoryCap() throws {
    let roomy = SandboxLimits(memoryBytes: 8 << 20, instructionBudget: 1_000_000_000)
    XCTAssertTrue(try failure("return #string.rep('x', 2^30)").contains("field 'rep'"))
    XCTAssertTrue(try failure("return #(('x'):rep(2^30))").contains("method 'rep'"))
    XCTAssertEqual(try failure("local s = 'x' while true do s = s .. s end", limits: roomy),
                   "memory limit of 8388608 bytes exceeded")
    XCTAssertEqual(try failure("local t = {} for i = 1, 2^40 do t[i] = i end", limits: roomy),
                   "memory limit of 8388608 bytes exceeded")
    XCTAssertEqual(try failure("local t = {} for i = 1, 2^30 do t[i] = {i} end", limits: roomy),
                   "memory limit of 8388608 bytes exceeded")
  }

  func testDeepRecursionIsAnErrorNotACrash() throws {
    let roomy = SandboxLimits(memoryBytes: 8 << 20, instructionBudget: 1_000_000_000)
    let message = try failure("local function f(n) return 1 + f(n + 1) end return f(1)", limits: roomy)
    XCTAssertTrue(message.contains("stack overflow") || message.contains("memory limit"), message)
    let coroutine = try failure("return coroutine.wrap(function() end)()")
    XCTAssertTrue(coroutine.contains("global 'coroutine'"), coroutine)
  }

  func testAResultMustBeAFiniteNumber() throws {
    XCTAssertEqual(try failure("return nil"), "reward returned a nil; it must return a finite number")
    XCTAssertEqual(try failure("return '3'"), "reward returned a string; it must return a finite number")
    XCTAssertEqual(try failure("return 0/0"), "reward returned -nan; it must return a finite number")
    XCTAssertEqual(try failure("return math.huge"), "reward returned inf; it must return a finite number")
    XCTAssertEqual(try failure("error('no reward here')"), "reward:3: no reward here")
    XCTAssertEqual(try failure("error({})"), "error object is a table value")
  }

  func testAProgramMustDefineReward() throws {
    XCTAssertThrowsError(try program("x = 1")) {
      XCTAssertEqual("\($0)", "the program must define a global function reward(obs); reward is a nil")
    }
    XCTAssertThrowsError(try program("function reward(obs) return 1")) {
      XCTAssertTrue("\($0)".contains("'end' expected"), "\($0)")
    }
  }

  func testTheInputsArriveByPartNameAndAProgramCannotCorruptThem() throws {
    let p = try program("""
      function reward(obs)
        local s = obs.observation[1] + 10 * obs.observation[2] + 100 * obs.observation[3]
        obs.observation = nil
        return s
      end
      """)
    XCTAssertEqual(try call(p, [1, 2, 3]), 321)
    XCTAssertEqual(try call(p, [4, 5, 6]), 654)
  }
}
