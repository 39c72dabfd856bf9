import CSim
import XCTest

/// Owns a CSimVecEnv and a full set of step buffers, for tests that call the C ABI directly
/// (core, grid and Wordle tests alike). Env indices are Swift `Int`s; counts and ranges passed
/// on to the C ABI are `Int32`.
final class BatchHarness {
  let handle: OpaquePointer
  let spec: CSimSpec
  let count: Int
  var observations: [UInt8]
  var finalObservations: [UInt8]
  var rewards: [Float]
  var terminated: [UInt8]
  var truncated: [UInt8]
  var info: [Float]
  var resetInfo: [Float]

  /// Creates the batch, or throws the C status and message (a test that throws fails).
  init(_ id: String, count: Int32 = 1, seed: UInt64 = 0, threads: Int32 = 1, maxSteps: Int32 = 0,
       rewardKind: Int32 = 0) throws(HarnessError)
  {
    var options = CSimOptions()
    csim_options_default(&options)
    options.num_threads = threads
    options.max_episode_steps = maxSteps
    options.reward_kind = rewardKind
    var created: OpaquePointer?
    var message = [CChar](repeating: 0, count: 8192)
    let status = csim_vec_env_create(id, count, seed, &options, &created, &message, message.count)
    guard status == CSIM_OK, let created else {
      throw HarnessError(id: id, status: status, message: cText(message))
    }
    handle = created
    var spec = CSimSpec()
    _ = csim_vec_env_get_spec(created, &spec)
    self.spec = spec
    self.count = Int(csim_vec_env_num_envs(created))
    let bytes = self.count * Int(spec.observation_size) * (spec.observation_dtype == CSIM_DTYPE_UINT8 ? 1 : 4)
    observations = [UInt8](repeating: 0, count: bytes)
    finalObservations = observations
    rewards = [Float](repeating: 0, count: self.count)
    terminated = [UInt8](repeating: 0, count: self.count)
    truncated = terminated
    info = [Float](repeating: 0, count: self.count * Int(spec.info_dim))
    resetInfo = info
  }

  /// Creates the batch or returns the C status and message, for tests of creation errors.
  static func make(_ id: String, count: Int32 = 1, seed: UInt64 = 0, threads: Int32 = 1, maxSteps: Int32 = 0,
                   rewardKind: Int32 = 0) -> Result<BatchHarness, HarnessError>
  {
    do {
      return .success(
        try BatchHarness(id, count: count, seed: seed, threads: threads, maxSteps: maxSteps, rewardKind: rewardKind))
    } catch {
      return .failure(error)
    }
  }

  deinit { csim_vec_env_destroy(handle) }

  /// Observation elements per env (bytes for uint8 observations).
  var observationSize: Int { Int(spec.observation_size) }

  /// Calls `body` with buffers pointing at this harness's arrays. Lengths are in elements,
  /// so a uint8 observation buffer's length is its byte count. `final: false` passes no
  /// final_observations; `info: false` passes neither info nor reset_info.
  func withBuffers<R>(final: Bool = true, info withInfo: Bool = true, _ body: (inout CSimStepBuffers) -> R) -> R {
    let obsElements = Int64(count) * Int64(spec.observation_size)
    let n = Int64(count)
    return observations.withUnsafeMutableBytes { o in
      finalObservations.withUnsafeMutableBytes { f in
        rewards.withUnsafeMutableBufferPointer { r in
          terminated.withUnsafeMutableBufferPointer { te in
            truncated.withUnsafeMutableBufferPointer { tr in
              info.withUnsafeMutableBufferPointer { inf in
                resetInfo.withUnsafeMutableBufferPointer { ri in
                  var b = CSimStepBuffers(
                    observations: o.baseAddress, observations_length: obsElements,
                    rewards: r.baseAddress, rewards_length: n,
                    terminated: te.baseAddress, terminated_length: n,
                    truncated: tr.baseAddress, truncated_length: n,
                    final_observations: final ? f.baseAddress : nil, final_observations_length: final ? obsElements : 0,
                    info: withInfo ? inf.baseAddress : nil, info_length: withInfo ? Int64(inf.count) : 0,
                    reset_info: withInfo ? ri.baseAddress : nil, reset_info_length: withInfo ? Int64(ri.count) : 0)
                  return body(&b)
                }
              }
            }
          }
        }
      }
    }
  }

  // MARK: - Stepping

  /// Resets every env; a failed reset fails the calling test.
  @discardableResult
  func reset(file: StaticString = #filePath, line: UInt = #line) -> CSimStatus {
    let status = withBuffers { csim_vec_env_reset(handle, &$0) }
    XCTAssertEqual(status, CSIM_OK, "reset: \(lastError)", file: file, line: line)
    return status
  }

  @discardableResult
  func step(_ actions: [Int32]) -> CSimStatus {
    actions.withUnsafeBufferPointer { a in
      withBuffers { csim_vec_env_step(handle, a.baseAddress, Int64(a.count), &$0) }
    }
  }

  @discardableResult
  func stepRange(_ begin: Int32, _ end: Int32, _ actions: [Int32]) -> CSimStatus {
    actions.withUnsafeBufferPointer { a in
      withBuffers { csim_vec_env_step_range(handle, begin, end, a.baseAddress, Int64(a.count), &$0) }
    }
  }

  // MARK: - Rows

  /// Env `env`'s observation row (its bytes).
  func observation(_ env: Int = 0) -> [UInt8] { row(env, observations) }

  /// Env `env`'s observation as integers, one per element, read in the spec's integer dtype
  /// (uint8 or int32; NetHack's observation is int32).
  func integers(_ env: Int = 0) -> [Int] {
    let bytes = observation(env)
    guard spec.observation_dtype == CSIM_DTYPE_INT32 else { return bytes.map { Int($0) } }
    return bytes.withUnsafeBytes { raw in raw.bindMemory(to: Int32.self).map { Int($0) } }
  }

  /// Env `env`'s final-observation row (its bytes).
  func finalObservation(_ env: Int = 0) -> [UInt8] { row(env, finalObservations) }

  private func row(_ env: Int, _ buffer: [UInt8]) -> [UInt8] {
    let width = buffer.count / count
    return Array(buffer[(env * width)..<((env + 1) * width)])
  }

  /// Info column `column` of env `env`.
  func info(_ env: Int, _ column: Int) -> Float { info[env * Int(spec.info_dim) + column] }

  // MARK: - Text

  /// The live caption of env `env`; a failing call fails the calling test.
  func caption(_ env: Int = 0, file: StaticString = #filePath, line: UInt = #line) -> String {
    checkedText(file, line) { csim_vec_env_caption(handle, Int32(env), $0, $1, nil) }
  }

  /// The text render of env `env`; a failing call fails the calling test.
  func render(_ env: Int = 0, file: StaticString = #filePath, line: UInt = #line) -> String {
    checkedText(file, line) { csim_vec_env_render_text(handle, Int32(env), $0, $1, nil) }
  }

  /// Captions a stored observation; returns the status and the text.
  func caption(observation: [UInt8], event: Int32) -> (CSimStatus, String) {
    text { buffer, size in
      observation.withUnsafeBytes { csim_vec_env_caption_observation(handle, $0.baseAddress, event, buffer, size, nil) }
    }
  }

  /// The name of action `action`, with the status.
  func actionName(_ action: Int32) -> (CSimStatus, String) {
    text { csim_vec_env_action_name(handle, action, $0, $1, nil) }
  }

  func eventName(_ code: Int32) -> String? { csim_vec_env_event_name(handle, code).map { String(cString: $0) } }

  var lastError: String { String(cString: csim_vec_env_last_error(handle)) }

  /// Starts env 0's next episode from a JSON state (csim_vec_env_set_state_json), writing its
  /// first observation into the buffers; the status says whether the state was taken.
  func loadState(_ json: String) -> CSimStatus {
    var row = [Float](repeating: 0, count: Int(spec.info_dim))
    return observations.withUnsafeMutableBytes { o in
      csim_vec_env_set_state_json(handle, 0, json, o.baseAddress!, spec.observation_size, &row, Int64(row.count))
    }
  }

  /// The scripted expert's action for env 0 of a one-env batch with discrete actions.
  func expertAction(file: StaticString = #filePath, line: UInt = #line) -> Int32 {
    var out: [Float] = [-1]
    XCTAssertEqual(csim_vec_env_expert_actions(handle, &out, 1), CSIM_OK, lastError, file: file, line: line)
    return Int32(out[0])
  }

  private func text(_ call: (UnsafeMutablePointer<CChar>, Int) -> CSimStatus) -> (CSimStatus, String) {
    var buffer = [CChar](repeating: 0, count: 8192)
    let status = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
    return (status, cText(buffer))
  }

  private func checkedText(_ file: StaticString, _ line: UInt, _ call: (UnsafeMutablePointer<CChar>, Int) -> CSimStatus)
    -> String
  {
    let (status, result) = text(call)
    XCTAssertEqual(status, CSIM_OK, lastError, file: file, line: line)
    return result
  }
}

struct HarnessError: Error, CustomStringConvertible {
  let id: String
  let status: CSimStatus
  let message: String
  var description: String { "create \(id): status \(status.rawValue): \(message)" }
}

/// The NUL-terminated text in a C char buffer.
func cText(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A small deterministic generator for test actions (SplitMix64).
struct TestRandom {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func actions(count: Int, below n: Int32) -> [Int32] {
    (0..<count).map { _ in Int32(truncatingIfNeeded: next() % UInt64(n)) }
  }
}
