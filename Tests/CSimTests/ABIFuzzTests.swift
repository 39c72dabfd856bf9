import CSim
import CSimTesting
import XCTest

/// Random C-ABI calls in random orders, seeded and bounded (a few thousand calls, a few
/// seconds): random ids, counts and options, actions out of range or not finite, short
/// buffers, NULLs where allowed and where not, calls before reset, after faults and after
/// autoresets. Every status must be the one the header promises (a clean call succeeds, a
/// spoiled one fails with a message), no call writes past a length it was given or touches
/// rows it was not asked for, a failed step writes nothing, and every number written is
/// finite and within the spec's bounds.
final class ABIFuzzTests: XCTestCase {
  func testRandomCallsKeepTheContract() {
    for seed: UInt64 in [1, 2, 3] {
      var fuzzer = ABIFuzzer(seed: seed)
      fuzzer.run(calls: 1500)
      XCTAssertGreaterThan(fuzzer.okCalls, 300, "seed \(seed): too few calls succeeded to mean much")
      XCTAssertGreaterThan(fuzzer.failedCalls, 100, "seed \(seed): too few calls were spoiled")
    }
  }
}

extension TestRandom {
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// One live batch of the fuzzer, with guarded buffers sized for it.
final class FuzzBatch {
  let id: String
  let handle: OpaquePointer
  let spec: CSimSpec
  let count: Int
  let observationBytes: Int  // per env
  let observations: GuardedBuffer<UInt8>
  let finals: GuardedBuffer<UInt8>
  let rewards: GuardedBuffer<Float>
  let terminated: GuardedBuffer<UInt8>
  let truncated: GuardedBuffer<UInt8>
  let info: GuardedBuffer<Float>
  let resetInfo: GuardedBuffer<Float>
  var hasReset = false
  /// The event recorded with each env's current observation, where known.
  var events: [Int32?]

  init(id: String, handle: OpaquePointer) {
    self.id = id
    self.handle = handle
    var spec = CSimSpec()
    _ = csim_vec_env_get_spec(handle, &spec)
    self.spec = spec
    count = Int(csim_vec_env_num_envs(handle))
    observationBytes = Int(spec.observation_size) * (spec.observation_dtype == CSIM_DTYPE_UINT8 ? 1 : 4)
    let nan = Float(bitPattern: 0x7FC0_1234)
    observations = GuardedBuffer(count: count * observationBytes, fill: 0, sentinel: 0xA5)
    finals = GuardedBuffer(count: count * observationBytes, fill: 0, sentinel: 0xA5)
    rewards = GuardedBuffer(count: count, fill: 0, sentinel: nan)
    terminated = GuardedBuffer(count: count, fill: 0, sentinel: 0xA5)
    truncated = GuardedBuffer(count: count, fill: 0, sentinel: 0xA5)
    info = GuardedBuffer(count: count * Int(spec.info_dim), fill: 0, sentinel: nan)
    resetInfo = GuardedBuffer(count: count * Int(spec.info_dim), fill: 0, sentinel: nan)
    events = Array(repeating: nil, count: count)
  }

  deinit { csim_vec_env_destroy(handle) }

  var isDiscrete: Bool { spec.action_kind == CSIM_ACTION_DISCRETE }
  /// Observation buffers' length as the C ABI counts it: in elements, not bytes.
  var observationElements: Int64 { Int64(count) * spec.observation_size }
  var actionWidth: Int { Int(spec.action_dim) }
  var lastError: String { String(cString: csim_vec_env_last_error(handle)) }

  func clearAll() {
    observations.clear(); finals.clear(); rewards.clear(); terminated.clear(); truncated.clear()
    info.clear(); resetInfo.clear()
    // The observations are gone, so no event belongs to them until a call writes both again
    // (rows outside a step_range's, or every row after a failed call).
    events = Array(repeating: nil, count: count)
  }

  var guardsIntact: Bool {
    observations.guardIntact && finals.guardIntact && rewards.guardIntact && terminated.guardIntact
      && truncated.guardIntact && info.guardIntact && resetInfo.guardIntact
  }

  /// Whether any byte of env rows outside `rows` was written (buffers start cleared).
  func touched(outside rows: Range<Int>) -> Bool {
    let n = Int(spec.info_dim)
    for env in 0..<count where !rows.contains(env) {
      if (0..<observationBytes).contains(where: { observations[env * observationBytes + $0] != 0 }) { return true }
      if rewards[env] != 0 || terminated[env] != 0 || truncated[env] != 0 { return true }
      if (0..<n).contains(where: { info[env * n + $0] != 0 || resetInfo[env * n + $0] != 0 }) { return true }
    }
    return false
  }
}

/// Drives random calls; every check is an XCTest assertion naming the seed and call number.
struct ABIFuzzer {
  private var random: TestRandom
  private let seed: UInt64
  private var call = 0
  private var batch: FuzzBatch?
  private let ids: [String]
  private(set) var okCalls = 0
  private(set) var failedCalls = 0

  init(seed: UInt64) {
    self.seed = seed
    random = TestRandom(state: seed)
    // NetHack's ids are left out: its engine is optional (the seeded call sequence must not
    // depend on whether it is installed), and several of this fuzzer's expectations are written
    // for the other families (missions, experts, pictures). NetHackTests and the Python tests
    // (test_nethack.py) cover NetHack's calls.
    ids = (0..<csim_env_count()).compactMap { csim_env_id($0).map { String(cString: $0) } }
      .filter { !$0.hasPrefix("NetHack") }
  }

  private func context(_ what: String) -> String {
    "seed \(seed) call \(call) \(what) on \(batch?.id ?? "no batch")"
  }

  /// Records a status and checks it against what the call should give: `expected` for a
  /// clean call (nil: either OK or `alternative`), any failure with a message for a spoiled one.
  private mutating func expect(
    _ status: CSimStatus, _ what: String, clean: Bool, expected: CSimStatus? = CSIM_OK,
    alternative: CSimStatus = CSIM_ERROR_INVALID_ARGUMENT, handle: OpaquePointer? = nil
  ) {
    XCTAssertTrue((0...8).contains(status.rawValue), context("\(what): unknown status \(status.rawValue)"))
    if status == CSIM_OK { okCalls += 1 } else { failedCalls += 1 }
    if clean {
      if let expected {
        XCTAssertEqual(status, expected, context("\(what): \(lastError(handle))"))
      } else {
        XCTAssertTrue(status == CSIM_OK || status == alternative, context("\(what): \(status) \(lastError(handle))"))
      }
    } else {
      XCTAssertNotEqual(status, CSIM_OK, context("\(what) was spoiled but succeeded"))
    }
    if status != CSIM_OK, let handle {
      XCTAssertFalse(String(cString: csim_vec_env_last_error(handle)).isEmpty, context("\(what): no message"))
    }
  }

  private func lastError(_ handle: OpaquePointer?) -> String {
    handle.map { String(cString: csim_vec_env_last_error($0)) } ?? ""
  }

  mutating func run(calls: Int) {
    for n in 0..<calls {
      call = n
      guard let b = batch, !random.chance(0.02) else {
        create()
        // Mostly reset at once, so that most calls meet live episodes.
        if let fresh = batch, random.chance(0.7) { reset(fresh) }
        continue
      }
      switch random.below(100) {
      case 0..<3: batch = nil  // destroy
      case 3..<13: reset(b)
      case 13..<43: step(b, range: nil)
      case 43..<55: step(b, range: randomRange(b))
      case 55..<61: liveText(b)
      case 61..<70: captionObservation(b)
      case 70..<73: actionName(b)
      case 73..<79: expert(b)
      case 79..<81: renderRGB(b)
      case 81..<84: injectFault(b)
      case 84..<92: getters(b)
      default: nullHandle()
      }
    }
    batch = nil
  }

  // MARK: Creation

  private mutating func create() {
    batch = nil
    var clean = true
    var id = random.pick(ids)
    // Arm batches stay small: their physics is the slow part of a step.
    var count = Int32(1 + random.below(id.hasPrefix("arm/") ? 2 : 4))
    var options = CSimOptions()
    csim_options_default(&options)
    options.num_threads = Int32(random.below(4))
    // Short limits, for autoresets; Wordle refuses more than its six guesses.
    options.max_episode_steps = random.chance(0.5) ? 0 : Int32(1 + random.below(id.hasPrefix("Wordle") ? 6 : 12))
    if random.chance(0.3) {
      clean = false
      switch random.below(6) {
      case 0: id = random.pick(["", "nope", id + "x", String(id.dropLast())])
      case 1: count = random.pick([0, -1, Int32.min])
      case 2: options.num_threads = random.pick([-1, Int32(CSIM_MAX_THREADS) + 1, Int32.max])
      case 3: options.max_episode_steps = random.pick([-1, Int32.min])
      case 4: options.reward_kind = random.pick([-1, 99, Int32.max])
      default: count = random.pick([0, Int32.min])
      }
    }
    var handle: OpaquePointer?
    var message = [CChar](repeating: 0, count: 1024)
    let useOptions = clean && options.max_episode_steps == 0 && options.num_threads == 0 && random.chance(0.2)
    let status =
      useOptions
      ? csim_vec_env_create(id, count, random.next(), nil, &handle, &message, message.count)
      : csim_vec_env_create(id, count, random.next(), &options, &handle, &message, message.count)
    expect(status, "create \(id) x\(count) threads \(options.num_threads)", clean: clean)
    if status == CSIM_OK, let handle {
      batch = FuzzBatch(id: id, handle: handle)
      XCTAssertEqual(batch!.count, Int(count), context("num_envs"))
      let threads = csim_vec_env_num_threads(handle)
      XCTAssertTrue(threads >= 1 && threads <= count, context("num_threads \(threads)"))
    } else {
      XCTAssertNil(handle, context("a failed create returned a handle"))
      XCTAssertFalse(cText(message).isEmpty, context("create failed without a message"))
    }
  }

  // MARK: Reset and step

  private mutating func reset(_ b: FuzzBatch) {
    b.clearAll()
    var buffers = stepBuffers(b, forStep: false)
    let clean = !spoil(&buffers, b, forStep: false)
    let passNil = random.chance(0.03)
    let status = passNil ? csim_vec_env_reset(b.handle, nil) : csim_vec_env_reset(b.handle, &buffers)
    expect(status, "reset", clean: clean && !passNil, handle: b.handle)
    XCTAssertTrue(b.guardsIntact, context("reset wrote past a length"))
    guard status == CSIM_OK else {
      XCTAssertFalse(b.touched(outside: 0..<0), context("a failed reset wrote"))
      return
    }
    b.hasReset = true
    checkRows(b, 0..<b.count, buffers: buffers)
    for env in 0..<b.count { b.events[env] = buffers.info == nil ? nil : Int32(b.info[env * Int(b.spec.info_dim) + Int(CSIM_INFO_EVENT)]) }
  }

  private mutating func randomRange(_ b: FuzzBatch) -> Range<Int> {
    let begin = random.below(b.count + 1)
    return begin..<(begin + random.below(b.count - begin + 1))
  }

  /// How a step's actions or range are spoiled, if they are.
  private enum StepSpoil { case none, badAction, shortActions, nullActions, badRange }

  private mutating func step(_ b: FuzzBatch, range: Range<Int>?) {
    b.clearAll()
    var buffers = stepBuffers(b, forStep: true)
    let buffersSpoiled = spoil(&buffers, b, forStep: true)
    let rows = range ?? 0..<b.count
    let width = b.actionWidth
    let total = b.count * width
    var discrete = (0..<total).map { _ in Int32(random.below(Int(max(1, b.spec.num_actions)))) }
    var continuous = (0..<total).map { _ in Float(random.below(2001)) / 500 - 2 }  // [-2, 2]: some get clipped
    var how = StepSpoil.none
    if !buffersSpoiled && random.chance(0.25) {
      how = random.pick([.badAction, .shortActions, .nullActions, range == nil ? .shortActions : .badRange])
      // Actions outside the range are not looked at: a bad one needs a row to land in.
      if how == .badAction && rows.isEmpty { how = .none }
    }
    if how == .badAction {
      let k = (rows.lowerBound + random.below(rows.count)) * width + random.below(width)
      discrete[k] = random.pick([-1, b.spec.num_actions, Int32.max, Int32.min])
      continuous[k] = random.pick([Float.nan, -Float.nan, .infinity, -.infinity])
    }
    let length = how == .shortActions ? Int64(random.pick([-1, random.below(total)])) : Int64(total)
    var begin = Int32(rows.lowerBound), end = Int32(rows.upperBound)
    if how == .badRange {
      switch random.below(3) {
      case 0: begin = -1
      case 1: end = Int32(b.count) + 1
      default: (begin, end) = (Int32(b.count), Int32(b.count) - 1)
      }
    }
    let status: CSimStatus = discrete.withUnsafeBufferPointer { d in
      continuous.withUnsafeBufferPointer { c in
        let chosen = b.isDiscrete ? UnsafeRawPointer(d.baseAddress) : UnsafeRawPointer(c.baseAddress)
        let actions = how == .nullActions ? nil : chosen
        if range != nil { return csim_vec_env_step_range(b.handle, begin, end, actions, length, &buffers) }
        return csim_vec_env_step(b.handle, actions, length, &buffers)
      }
    }
    let what = range.map { "step_range \($0)" } ?? "step"
    let clean = b.hasReset && !buffersSpoiled && how == .none
    if b.hasReset && how == .badAction {
      expect(status, what, clean: true, expected: CSIM_ERROR_INVALID_ACTION, handle: b.handle)
    } else {
      expect(status, what, clean: clean, handle: b.handle)
    }
    XCTAssertTrue(b.guardsIntact, context("\(what) wrote past a length"))
    guard status == CSIM_OK else {
      XCTAssertFalse(b.touched(outside: 0..<0), context("a failed \(what) wrote: \(b.lastError)"))
      return
    }
    XCTAssertFalse(b.touched(outside: rows), context("\(what) wrote rows outside its range"))
    checkRows(b, rows, buffers: buffers)
    let n = Int(b.spec.info_dim)
    for env in rows {
      // The event recorded with the observation now in the buffer: the step's, or for an env
      // that ended, its next episode's first (reset_info), where those were asked for.
      let ended = b.terminated[env] != 0 || b.truncated[env] != 0
      if ended {
        b.events[env] = buffers.reset_info == nil ? nil : Int32(b.resetInfo[env * n + Int(CSIM_INFO_EVENT)])
      } else {
        b.events[env] = buffers.info == nil ? nil : Int32(b.info[env * n + Int(CSIM_INFO_EVENT)])
      }
    }
  }

  /// Full, correct step buffers with optional ones sometimes left out.
  private mutating func stepBuffers(_ b: FuzzBatch, forStep: Bool) -> CSimStepBuffers {
    let obs = b.observationElements
    let n = Int64(b.count)
    let infoCount = Int64(b.info.count)
    var buffers = CSimStepBuffers()
    buffers.observations = UnsafeMutableRawPointer(b.observations.pointer)
    buffers.observations_length = obs
    if forStep || random.chance(0.7) {
      buffers.rewards = b.rewards.pointer
      buffers.rewards_length = n
      buffers.terminated = b.terminated.pointer
      buffers.terminated_length = n
      buffers.truncated = b.truncated.pointer
      buffers.truncated_length = n
    }
    if random.chance(0.6) {
      buffers.final_observations = UnsafeMutableRawPointer(b.finals.pointer)
      buffers.final_observations_length = obs
    }
    if random.chance(0.7) {
      buffers.info = b.info.pointer
      buffers.info_length = infoCount
    }
    if random.chance(0.5) {
      buffers.reset_info = b.resetInfo.pointer
      buffers.reset_info_length = infoCount
    }
    return buffers
  }

  /// Sometimes makes one buffer NULL or short where that is an error; true when it did.
  private mutating func spoil(_ buffers: inout CSimStepBuffers, _ b: FuzzBatch, forStep: Bool) -> Bool {
    guard random.chance(0.15) else { return false }
    switch random.below(forStep ? 6 : 3) {
    case 0: buffers.observations = nil
    case 1: buffers.observations_length = Int64(random.below(Int(b.observationElements)))
    case 2:
      guard buffers.info != nil else { return false }
      buffers.info_length = Int64(random.below(b.info.count))
    case 3: buffers.rewards = nil
    case 4: buffers.truncated_length = Int64(random.below(b.count))
    default:
      guard buffers.final_observations != nil else { return false }
      buffers.final_observations_length = -1
    }
    return true
  }

  /// Every number a successful call wrote for `rows`: finite, within the spec's bounds.
  private func checkRows(_ b: FuzzBatch, _ rows: Range<Int>, buffers: CSimStepBuffers) {
    let spec = b.spec
    let n = Int(spec.info_dim)
    for env in rows {
      checkObservation(b, b.observations.pointer + env * b.observationBytes, "observation of env \(env)")
      if b.terminated[env] != 0 || b.truncated[env] != 0, buffers.final_observations != nil {
        checkObservation(b, b.finals.pointer + env * b.observationBytes, "final observation of env \(env)")
      }
      if buffers.rewards != nil {
        let r = b.rewards[env]
        XCTAssertTrue(r.isFinite && r >= spec.reward_low - 1e-4 && r <= spec.reward_high + 1e-4,
                      context("reward \(r) of env \(env)"))
      }
      XCTAssertTrue(b.terminated[env] <= 1 && b.truncated[env] <= 1, context("flags of env \(env)"))
      for k in 0..<n {
        XCTAssertTrue(b.info[env * n + k].isFinite, context("info[\(env)][\(k)] = \(b.info[env * n + k])"))
        XCTAssertTrue(b.resetInfo[env * n + k].isFinite, context("reset_info[\(env)][\(k)]"))
      }
    }
  }

  private func checkObservation(_ b: FuzzBatch, _ bytes: UnsafeMutablePointer<UInt8>, _ what: String) {
    let spec = b.spec
    for k in 0..<Int(spec.observation_size) {
      let value: Float
      if spec.observation_dtype == CSIM_DTYPE_UINT8 {
        value = Float(bytes[k])
      } else if spec.observation_dtype == CSIM_DTYPE_INT32 {
        value = Float(UnsafeRawPointer(bytes).loadUnaligned(fromByteOffset: 4 * k, as: Int32.self))
      } else {
        value = UnsafeRawPointer(bytes).loadUnaligned(fromByteOffset: 4 * k, as: Float.self)
      }
      if !(value.isFinite && value >= spec.observation_low && value <= spec.observation_high) {
        return XCTFail(context("\(what): element \(k) = \(value) outside [\(spec.observation_low), \(spec.observation_high)]"))
      }
    }
  }

  // MARK: Text

  /// A text call into a guarded buffer of random capacity; checks the header's buffer rules.
  private mutating func text(
    _ b: FuzzBatch, _ what: String, clean: Bool, expected: CSimStatus?, alternative: CSimStatus = CSIM_ERROR_INVALID_ARGUMENT,
    _ call: (UnsafeMutablePointer<CChar>?, Int, UnsafeMutablePointer<Int>) -> CSimStatus
  ) {
    let short = random.chance(0.2)
    let capacity = short ? random.below(24) : 16384
    let buffer = GuardedBuffer<CChar>(count: max(capacity, 1), fill: 0x55, sentinel: 0x5A)
    let passNil = short && random.chance(0.2)
    var length = -7
    let status = call(passNil ? nil : buffer.pointer, capacity, &length)
    XCTAssertTrue(buffer.guardIntact, context("\(what) wrote past its capacity \(capacity)"))
    if short && (status == CSIM_ERROR_BUFFER_TOO_SMALL || status == CSIM_ERROR_NULL_POINTER) {
      // The text did not fit (or there was no room at all): a cut, NUL-terminated prefix.
      failedCalls += 1
      if status == CSIM_ERROR_BUFFER_TOO_SMALL {
        XCTAssertEqual(strlen(buffer.pointer), capacity - 1, context("\(what): cut text"))
        XCTAssertGreaterThanOrEqual(length, capacity, context("\(what): length of a cut text"))
      }
      return
    }
    expect(status, what, clean: clean, expected: expected, alternative: alternative, handle: b.handle)
    guard status == CSIM_OK else { return }
    XCTAssertEqual(strlen(buffer.pointer), length, context("\(what): length"))
    let text = String(cString: buffer.pointer)
    for bad in ["9223372036854775808", "-nan", " nan", " inf"] {
      XCTAssertFalse(text.contains(bad), context("\(what): '\(text)'"))
    }
  }

  private mutating func liveText(_ b: FuzzBatch) {
    let spoiled = random.chance(0.2)
    let index = spoiled ? random.pick([-1, Int32(b.count), Int32.max]) : Int32(random.below(b.count))
    let clean = !spoiled
    let expected = b.hasReset ? CSIM_OK : CSIM_ERROR_INVALID_ARGUMENT
    switch random.below(3) {
    case 0: text(b, "caption", clean: clean, expected: expected) { csim_vec_env_caption(b.handle, index, $0, $1, $2) }
    case 1: text(b, "mission", clean: clean, expected: expected) { csim_vec_env_mission(b.handle, index, $0, $1, $2) }
    default:
      text(b, "render_text", clean: clean, expected: expected) { csim_vec_env_render_text(b.handle, index, $0, $1, $2) }
    }
  }

  private mutating func captionObservation(_ b: FuzzBatch) {
    let env = random.below(b.count)
    var observation = Array(UnsafeBufferPointer(start: b.observations.pointer + env * b.observationBytes,
                                                count: b.observationBytes))
    var event = b.events[env] ?? 0
    let clean = true
    // The observation as written, with its event, must caption; before a reset or with the
    // event unknown it may be refused (Wordle checks the event against the board).
    var expected: CSimStatus? = b.hasReset && b.events[env] != nil ? CSIM_OK : nil
    switch random.below(4) {
    case 0: break
    case 1:  // a number no env writes: refused
      if b.spec.observation_dtype == CSIM_DTYPE_FLOAT32 {
        let k = random.below(Int(b.spec.observation_size))
        let bad = random.pick([Float.nan, .infinity, -.infinity, 1e30, -3e9, b.spec.observation_high * 2 + 1])
        withUnsafeBytes(of: bad) { observation.replaceSubrange(4 * k..<4 * k + 4, with: $0) }
        expected = CSIM_ERROR_INVALID_ARGUMENT
      } else {
        observation[random.below(observation.count)] = UInt8(truncatingIfNeeded: random.next())
        expected = nil  // some bytes are fine where they land, others are refused
      }
    case 2:  // random bytes throughout
      for k in observation.indices { observation[k] = UInt8(truncatingIfNeeded: random.next()) }
      expected = nil
    default:  // an event code out of range, or one the board may contradict
      event = random.pick([-1, Int32.min, Int32(b.spec.info_dim) + 100, 1, 2, 3])
      expected = nil
    }
    if random.chance(0.05) {
      expect(csim_vec_env_caption_observation(b.handle, nil, 0, nil, 0, nil), "caption_observation NULL", clean: false,
             handle: b.handle)
      return
    }
    observation.withUnsafeBytes { o in
      text(b, "caption_observation", clean: clean, expected: expected) {
        csim_vec_env_caption_observation(b.handle, o.baseAddress, event, $0, $1, $2)
      }
    }
  }

  private mutating func actionName(_ b: FuzzBatch) {
    let inRange = random.chance(0.7)
    let action = inRange ? Int32(random.below(Int(max(1, b.spec.num_actions)))) : random.pick([-1, Int32.max, b.spec.num_actions])
    let clean = inRange && b.isDiscrete
    text(b, "action_name \(action)", clean: clean, expected: CSIM_OK) { csim_vec_env_action_name(b.handle, action, $0, $1, $2) }
  }

  // MARK: Privileged helpers and pictures

  private mutating func expert(_ b: FuzzBatch) {
    let total = b.count * b.actionWidth
    let actions = GuardedBuffer<Float>(count: total, fill: 0, sentinel: Float(bitPattern: 0x7FC0_4321))
    let spoiled = random.chance(0.2)
    let length = spoiled ? Int64(random.below(total)) : Int64(total)
    let status = csim_vec_env_expert_actions(b.handle, spoiled && random.chance(0.5) ? nil : actions.pointer, length)
    // Every family has an expert now (grid BFS planner, Wordle solver, arm scripts, web task experts).
    let expected = b.hasReset ? CSIM_OK : CSIM_ERROR_INVALID_ARGUMENT
    expect(status, "expert_actions", clean: !spoiled, expected: expected, handle: b.handle)
    XCTAssertTrue(actions.guardIntact, context("expert_actions wrote past its length"))
    guard status == CSIM_OK else { return }
    for a in actions.elements {
      if b.isDiscrete {
        XCTAssertTrue(a.rounded() == a && a >= 0 && a < Float(b.spec.num_actions), context("expert action \(a)"))
      } else {
        XCTAssertTrue(a.isFinite && a >= b.spec.action_low && a <= b.spec.action_high, context("expert action \(a)"))
      }
    }
  }

  private mutating func renderRGB(_ b: FuzzBatch) {
    let begin = random.below(b.count)
    let end = begin + 1 + random.below(b.count - begin)
    var width = Int32(16 + random.below(9)), height = Int32(16 + random.below(9))
    let spoiled = random.chance(0.3)
    var length = Int64(end - begin) * Int64(width * height * 3)
    if spoiled {
      if random.chance(0.5) { length -= 1 } else { width = random.pick([0, 15, 513, -1]); height = random.pick([16, -5]) }
    }
    let pixels = GuardedBuffer<UInt8>(count: max(0, Int(length)), fill: 0, sentinel: 0xA5)
    let status = csim_vec_env_render_rgb(b.handle, Int32(begin), Int32(end), width, height, pixels.pointer, length)
    expect(status, "render_rgb", clean: !spoiled && b.hasReset, expected: nil, handle: b.handle)
    XCTAssertTrue(pixels.guardIntact, context("render_rgb wrote past its length"))
  }

  private mutating func injectFault(_ b: FuzzBatch) {
    let spoiled = random.chance(0.2)
    let index = spoiled ? random.pick([-1, Int32(b.count)]) : Int32(random.below(b.count))
    let before = csim_vec_env_fault_count(b.handle)
    let status = csim_vec_env_inject_fault(b.handle, index)
    let hasPhysics = b.id.hasPrefix("arm/")
    let expected = hasPhysics && b.hasReset ? CSIM_OK : CSIM_ERROR_INVALID_ARGUMENT
    expect(status, "inject_fault", clean: !spoiled, expected: expected, handle: b.handle)
    XCTAssertEqual(csim_vec_env_fault_count(b.handle), before, context("injecting is not yet a fault"))
  }

  private mutating func getters(_ b: FuzzBatch) {
    var spec = CSimSpec()
    expect(csim_vec_env_get_spec(b.handle, &spec), "get_spec", clean: true, handle: b.handle)
    expect(csim_vec_env_get_spec(b.handle, nil), "get_spec NULL", clean: false, handle: b.handle)
    XCTAssertEqual(Int(csim_vec_env_num_envs(b.handle)), b.count)
    XCTAssertNil(csim_vec_env_info_name(b.handle, random.pick([-1, b.spec.info_dim, Int32.max])))
    XCTAssertNotNil(csim_vec_env_info_name(b.handle, Int32(random.below(Int(b.spec.info_dim)))))
    XCTAssertNil(csim_vec_env_event_name(b.handle, random.pick([-1, Int32.max])))
    XCTAssertNotNil(csim_vec_env_event_name(b.handle, 0))
    XCTAssertGreaterThanOrEqual(csim_vec_env_fault_count(b.handle), 0)
    _ = String(cString: csim_vec_env_last_error(b.handle))
  }

  private mutating func nullHandle() {
    var buffers = CSimStepBuffers()
    var spec = CSimSpec()
    var text = [CChar](repeating: 0, count: 64)
    var length = 0
    let statuses = [
      csim_vec_env_reset(nil, &buffers), csim_vec_env_step(nil, nil, 0, &buffers),
      csim_vec_env_step_range(nil, 0, 1, nil, 0, nil), csim_vec_env_get_spec(nil, &spec),
      csim_vec_env_caption(nil, 0, &text, text.count, &length),
      csim_vec_env_caption_observation(nil, text, 0, &text, text.count, &length),
      csim_vec_env_mission(nil, 0, &text, text.count, &length), csim_vec_env_action_name(nil, 0, &text, text.count, &length),
      csim_vec_env_render_text(nil, 0, &text, text.count, &length), csim_vec_env_expert_actions(nil, nil, 0),
      csim_vec_env_inject_fault(nil, 0), csim_vec_env_render_rgb(nil, 0, 1, 16, 16, nil, 0),
      csim_vec_env_render_observation_rgb(nil, text, 16, 16, nil, 0),
      csim_env_spec(nil, &spec), csim_env_spec("MiniGrid-Empty-5x5-v0", nil),
    ]
    for (k, status) in statuses.enumerated() {
      XCTAssertEqual(status, CSIM_ERROR_NULL_POINTER, context("NULL handle call \(k)"))
    }
    failedCalls += statuses.count
    XCTAssertEqual(csim_vec_env_num_envs(nil), 0)
    XCTAssertEqual(csim_vec_env_num_threads(nil), 0)
    XCTAssertEqual(csim_vec_env_fault_count(nil), 0)
    XCTAssertNil(csim_vec_env_info_name(nil, 0))
    XCTAssertNil(csim_vec_env_event_name(nil, 0))
    XCTAssertEqual(String(cString: csim_vec_env_last_error(nil)), "env is NULL")
    csim_vec_env_destroy(nil)
  }
}
