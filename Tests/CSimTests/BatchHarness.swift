import CSim

/// Owns a CSimVecEnv and a full set of step buffers, for tests that call the C ABI directly.
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

  /// Creates the batch or returns nil with the C status and message.
  static func make(_ id: String, count: Int32, seed: UInt64, threads: Int32 = 1)
    -> Result<BatchHarness, HarnessError>
  {
    var options = CSimOptions()
    csim_options_default(&options)
    options.num_threads = threads
    var handle: OpaquePointer?
    var message = [CChar](repeating: 0, count: 4096)
    let status = csim_vec_env_create(id, count, seed, &options, &handle, &message, message.count)
    guard status == CSIM_OK, let handle else {
      return .failure(HarnessError(status: status, message: String(cString: message)))
    }
    return .success(BatchHarness(handle: handle))
  }

  private init(handle: OpaquePointer) {
    self.handle = handle
    var spec = CSimSpec()
    _ = csim_vec_env_get_spec(handle, &spec)
    self.spec = spec
    count = Int(csim_vec_env_num_envs(handle))
    let obs = count * Int(spec.observation_size) * (spec.observation_dtype == CSIM_DTYPE_UINT8 ? 1 : 4)
    observations = [UInt8](repeating: 0, count: obs)
    finalObservations = [UInt8](repeating: 0, count: obs)
    rewards = [Float](repeating: 0, count: count)
    terminated = [UInt8](repeating: 0, count: count)
    truncated = [UInt8](repeating: 0, count: count)
    info = [Float](repeating: 0, count: count * Int(spec.info_dim))
    resetInfo = info
  }

  deinit { csim_vec_env_destroy(handle) }

  /// Observation elements per env (bytes for uint8 observations).
  var observationSize: Int { Int(spec.observation_size) }

  /// Calls `body` with buffers pointing at this harness's arrays. Lengths are in elements,
  /// so a uint8 observation buffer's length is its byte count.
  func withBuffers<R>(final: Bool = true, info withInfo: Bool = true, _ body: (inout CSimStepBuffers) -> R) -> R {
    let obsElements = Int64(count) * Int64(spec.observation_size)
    return observations.withUnsafeMutableBytes { o in
      finalObservations.withUnsafeMutableBytes { f in
        rewards.withUnsafeMutableBufferPointer { r in
          terminated.withUnsafeMutableBufferPointer { te in
            truncated.withUnsafeMutableBufferPointer { tr in
              info.withUnsafeMutableBufferPointer { inf in
               resetInfo.withUnsafeMutableBufferPointer { ri in
                var b = CSimStepBuffers(
                  observations: o.baseAddress, observations_length: obsElements,
                  rewards: r.baseAddress, rewards_length: Int64(count),
                  terminated: te.baseAddress, terminated_length: Int64(count),
                  truncated: tr.baseAddress, truncated_length: Int64(count),
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

  @discardableResult
  func reset() -> CSimStatus { withBuffers { csim_vec_env_reset(handle, &$0) } }

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

  var lastError: String { String(cString: csim_vec_env_last_error(handle)) }

  func observation(of env: Int) -> ArraySlice<UInt8> {
    observations[(env * observationSize)..<((env + 1) * observationSize)]
  }

  func infoRow(of env: Int) -> ArraySlice<Float> {
    let d = Int(spec.info_dim)
    return info[(env * d)..<((env + 1) * d)]
  }

  func caption(of env: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard csim_vec_env_caption(handle, env, &buffer, buffer.count, nil) == CSIM_OK else { return nil }
    return String(cString: buffer)
  }
}

struct HarnessError: Error {
  let status: CSimStatus
  let message: String
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
