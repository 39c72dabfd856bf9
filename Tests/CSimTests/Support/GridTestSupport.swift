import CSim
import XCTest

/// A batch of one MiniGrid id with its own step buffers, for the grid tests (C ABI only).
final class GridBatch {
  let handle: OpaquePointer
  let spec: CSimSpec
  let count: Int
  var obs: [UInt8]
  var finalObs: [UInt8]
  var rewards: [Float]
  var terminated: [UInt8]
  var truncated: [UInt8]
  var info: [Float]

  /// Info columns (the common four, then the grid's extras).
  enum Column: Int {
    case success = 0, progress, event, episodeStep, agentX, agentY, agentDir, carrying, carryingColor, goalX, goalY
  }

  init(_ id: String, count: Int = 1, seed: UInt64 = 0, threads: Int32 = 1, maxSteps: Int32 = 0) throws {
    var options = CSimOptions()
    csim_options_default(&options)
    options.num_threads = threads
    options.max_episode_steps = maxSteps
    var h: OpaquePointer?
    var message = [CChar](repeating: 0, count: 2048)
    let status = csim_vec_env_create(id, Int32(count), seed, &options, &h, &message, message.count)
    guard status == CSIM_OK, let h else {
      throw NSError(domain: "GridBatch", code: Int(status.rawValue),
                    userInfo: [NSLocalizedDescriptionKey: String(cString: message)])
    }
    handle = h
    var s = CSimSpec()
    _ = csim_vec_env_get_spec(h, &s)
    spec = s
    self.count = count
    obs = [UInt8](repeating: 0, count: count * Int(s.observation_size))
    finalObs = obs
    rewards = [Float](repeating: 0, count: count)
    terminated = [UInt8](repeating: 0, count: count)
    truncated = terminated
    info = [Float](repeating: 0, count: count * Int(s.info_dim))
  }

  deinit { csim_vec_env_destroy(handle) }

  private func withBuffers<R>(_ body: (inout CSimStepBuffers) -> R) -> R {
    let n = Int64(count)
    let o = Int64(obs.count)
    return obs.withUnsafeMutableBytes { ob in
      finalObs.withUnsafeMutableBytes { fo in
        rewards.withUnsafeMutableBufferPointer { r in
          terminated.withUnsafeMutableBufferPointer { te in
            truncated.withUnsafeMutableBufferPointer { tr in
              info.withUnsafeMutableBufferPointer { inf in
                var b = CSimStepBuffers(
                  observations: ob.baseAddress, observations_length: o, rewards: r.baseAddress, rewards_length: n,
                  terminated: te.baseAddress, terminated_length: n, truncated: tr.baseAddress, truncated_length: n,
                  final_observations: fo.baseAddress, final_observations_length: o,
                  info: inf.baseAddress, info_length: Int64(inf.count), reset_info: nil, reset_info_length: 0)
                return body(&b)
              }
            }
          }
        }
      }
    }
  }

  func reset() { XCTAssertEqual(withBuffers { csim_vec_env_reset(handle, &$0) }, CSIM_OK) }

  @discardableResult
  func step(_ actions: [Int32]) -> CSimStatus {
    actions.withUnsafeBufferPointer { a in
      withBuffers { csim_vec_env_step(handle, a.baseAddress, Int64(a.count), &$0) }
    }
  }

  /// Steps env 0 (single-env batches).
  @discardableResult
  func step(_ action: Int32) -> CSimStatus { step([action]) }

  @discardableResult
  func stepRange(_ begin: Int, _ end: Int, _ actions: [Int32]) -> CSimStatus {
    actions.withUnsafeBufferPointer { a in
      withBuffers { csim_vec_env_step_range(handle, Int32(begin), Int32(end), a.baseAddress, Int64(a.count), &$0) }
    }
  }

  func observation(_ i: Int = 0) -> [UInt8] { Array(obs[i * 148..<(i + 1) * 148]) }
  func finalObservation(_ i: Int = 0) -> [UInt8] { Array(finalObs[i * 148..<(i + 1) * 148]) }
  func value(_ c: Column, _ i: Int = 0) -> Float { info[i * Int(spec.info_dim) + c.rawValue] }

  private func text(_ call: (UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<Int>) -> CSimStatus) -> String {
    var buffer = [CChar](repeating: 0, count: 8192)
    var length = 0
    let status = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count, &length) }
    XCTAssertEqual(status, CSIM_OK)
    return String(cString: buffer)
  }

  func render(_ i: Int = 0) -> String { text { csim_vec_env_render_text(handle, Int32(i), $0, $1, $2) } }
  func caption(_ i: Int = 0) -> String { text { csim_vec_env_caption(handle, Int32(i), $0, $1, $2) } }

  /// Captions a stored observation; returns the status and the text.
  func caption(observation: [UInt8], event: Int32) -> (CSimStatus, String) {
    var buffer = [CChar](repeating: 0, count: 4096)
    var length = 0
    let status = observation.withUnsafeBytes { o in
      buffer.withUnsafeMutableBufferPointer {
        csim_vec_env_caption_observation(handle, o.baseAddress, event, $0.baseAddress, $0.count, &length)
      }
    }
    return (status, String(cString: buffer))
  }

  func eventName(_ code: Int32) -> String? {
    guard let p = csim_vec_env_event_name(handle, code) else { return nil }
    return String(cString: p)
  }

  var lastError: String { String(cString: csim_vec_env_last_error(handle)) }
}
