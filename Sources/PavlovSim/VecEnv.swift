internal import CSim

/// A batch of `count` copies of one environment, stepped together by the C core.
///
/// Not `Sendable`: the core requires that one handle is used from one thread at a time,
/// and the class holds mutable result buffers that every call rewrites. The one
/// exception, `step(range:…)` on disjoint ranges, is re-entrant by the core's design; see
/// `stepConcurrently(_:chunkCount:)` for a host scheduler built on it.
///
/// Results land in `results`, a `StepBatch` allocated once at creation; the `observations`,
/// `rewards`, flags and info views below read it without copying. To write into memory
/// you own (a rollout slot), use `step(_:into:)` and `reset(into:)`.
public final class VecEnv {
  public let spec: EnvSpec
  public let count: Int
  /// The buffers `reset()` and `step(_:)` write; zero-copy views of the latest results.
  public let results: StepBatch
  let handle: OpaquePointer
  /// Reused for captions and renders so a text call allocates only its String.
  var textScratch: [CChar] = Array(repeating: 0, count: 1024)

  /// Creates `count` environments `id`, seeded by `seed` (each env's stream is keyed by
  /// (seed, env index), so trajectories do not depend on the thread count).
  public init(id: String, count: Int, seed: UInt64 = 0, options: Options = Options()) throws {
    try Library.checkCompatibility()
    try Library.checkID(id)
    guard let count32 = Int32(exactly: count), count32 > 0 else {
      throw SimulationError.invalidArgument("count must be within 1...\(Int32.max); got \(count)")
    }
    var rawOptions = options.raw
    var errorText = [CChar](repeating: 0, count: 4096)
    var created: OpaquePointer?
    let status = errorText.withUnsafeMutableBufferPointer { error in
      csim_vec_env_create(id, count32, seed, &rawOptions, &created, error.baseAddress, error.count)
    }
    guard status == CSIM_OK, let handle = created else {
      let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      throw SimulationError(status: status == CSIM_OK ? CSIM_ERROR_INTERNAL : status, message: message)
    }
    self.handle = handle
    self.count = count
    do {
      self.spec = try Self.readSpec(of: handle)
    } catch {
      csim_vec_env_destroy(handle)
      throw error
    }
    self.results = StepBatch(spec: spec, count: count)
  }

  deinit {
    csim_vec_env_destroy(handle)
  }

  /// Ids of every registered environment.
  public static var availableIDs: [String] { Library.environmentIDs }

  /// The spec of `id` with default options, including its info and event names.
  public static func spec(for id: String) throws -> EnvSpec {
    try Library.checkCompatibility()
    try Library.checkID(id)
    // Read by id, without making an env: an id whose engine is not installed (NetHack) can
    // still be listed and described.
    var raw = CSimSpec()
    let status = csim_env_spec(id, &raw)
    guard status == CSIM_OK else { throw SimulationError(status: status, message: "no spec for \(id)") }
    return try readSpec(raw, infoName: { csim_env_info_name(id, $0) }, eventName: { csim_env_event_name(id, $0) })
  }

  /// Threads `step` uses, the calling thread included.
  public var threadCount: Int { Int(csim_vec_env_num_threads(handle)) }

  /// The name of event code `code` ("" for 0, nil when unknown).
  public func eventName(_ code: Int) -> String? {
    guard code >= 0, code < spec.eventNames.count else { return nil }
    return spec.eventNames[code]
  }

  // MARK: Views of the latest results (zero-copy, see StepBatch)

  public var observations: UnsafeRawBufferPointer { results.observations }
  public func observationBytes(of index: Int) -> UnsafeRawBufferPointer { results.observationBytes(of: index) }
  public var rewards: UnsafeBufferPointer<Float> { results.rewards }
  public var terminated: UnsafeBufferPointer<UInt8> { results.terminated }
  public var truncated: UnsafeBufferPointer<UInt8> { results.truncated }
  public func finalObservationBytes(of index: Int) -> UnsafeRawBufferPointer? { results.finalObservationBytes(of: index) }
  /// Privileged info: for teachers and analyses, never a policy's input.
  public func info(of index: Int) -> UnsafeBufferPointer<Float> { results.info(of: index)! }

  // MARK: Errors

  /// Turns a status into a thrown error with the handle's message.
  func check(_ status: CSimStatus) throws(SimulationError) {
    guard status != CSIM_OK else { return }
    throw SimulationError(status: status, message: String(cString: csim_vec_env_last_error(handle)))
  }

  private static func readSpec(of handle: OpaquePointer) throws -> EnvSpec {
    var raw = CSimSpec()
    let status = csim_vec_env_get_spec(handle, &raw)
    guard status == CSIM_OK else {
      throw SimulationError(status: status, message: String(cString: csim_vec_env_last_error(handle)))
    }
    return try readSpec(raw, infoName: { csim_vec_env_info_name(handle, $0) },
                        eventName: { csim_vec_env_event_name(handle, $0) })
  }

  private static func readSpec(
    _ raw: CSimSpec, infoName: (Int32) -> UnsafePointer<CChar>?, eventName: (Int32) -> UnsafePointer<CChar>?
  ) throws -> EnvSpec {
    var infoNames: [String] = []
    for column in 0..<max(0, raw.info_dim) {
      infoNames.append(infoName(column).map { String(cString: $0) } ?? "column\(column)")
    }
    var eventNames: [String] = []
    // Event codes are dense from 0; the core answers NULL past the last one. The cap only
    // guards against a core that never does.
    while eventNames.count < 4096, let name = eventName(Int32(eventNames.count)) {
      eventNames.append(String(cString: name))
    }
    let id = withUnsafeBytes(of: raw.id) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    return EnvSpec(raw, infoColumnNames: infoNames, eventNames: eventNames,
                   observationParts: try ObservationPart.read(id: id, observationSize: Int(raw.observation_size)),
                   actionTokens: try ActionTokens.read(id: id, actionCount: raw.action_kind == CSIM_ACTION_DISCRETE
                                                         ? Int(raw.num_actions) : 0),
                   learnerHints: readLearnerHints(id: id))
  }
}

@available(*, unavailable, message: "a VecEnv handle must be used from one thread at a time")
extension VecEnv: Sendable {}
