/// Memory for one batch of step results, allocated once and owned here.
///
/// Every `VecEnv` owns one (its `results`); a caller can make more, for example to keep
/// the previous step while stepping into a second batch. The read views are zero-copy:
/// they alias this memory and see every later step written into it, so copy out what must
/// outlive the next step. They are valid only while the batch is alive.
public final class StepBatch {
  public let spec: EnvSpec
  public let count: Int
  private let observationMemory: UnsafeMutableRawBufferPointer
  private let finalObservationMemory: UnsafeMutableRawBufferPointer?
  private let rewardMemory: UnsafeMutableBufferPointer<Float>
  private let terminatedMemory: UnsafeMutableBufferPointer<UInt8>
  private let truncatedMemory: UnsafeMutableBufferPointer<UInt8>
  private let infoMemory: UnsafeMutableBufferPointer<Float>?

  /// Allocates zeroed buffers for `count` envs of `spec`. Final observations and info
  /// cost memory (and, for final observations, a copy per finished episode): leave them
  /// out where nothing reads them.
  public init(spec: EnvSpec, count: Int, keepsFinalObservations: Bool = true, keepsInfo: Bool = true) {
    precondition(count >= 0, "a batch cannot hold a negative number of envs")
    self.spec = spec
    self.count = count
    let observationBytes = count * spec.observationByteCount
    observationMemory = Self.allocateBytes(observationBytes)
    finalObservationMemory = keepsFinalObservations ? Self.allocateBytes(observationBytes) : nil
    rewardMemory = Self.allocate(Float.self, count)
    terminatedMemory = Self.allocate(UInt8.self, count)
    truncatedMemory = Self.allocate(UInt8.self, count)
    infoMemory = keepsInfo ? Self.allocate(Float.self, count * spec.infoWidth) : nil
  }

  deinit {
    observationMemory.deallocate()
    finalObservationMemory?.deallocate()
    rewardMemory.deallocate()
    terminatedMemory.deallocate()
    truncatedMemory.deallocate()
    infoMemory?.deallocate()
  }

  /// The writable views to pass to `VecEnv.step(_:into:)` or `reset(into:)`.
  public var buffers: StepBuffers {
    StepBuffers(
      observations: observationMemory, rewards: rewardMemory, terminated: terminatedMemory,
      truncated: truncatedMemory, finalObservations: finalObservationMemory, info: infoMemory)
  }

  /// All observations, (count x observationByteCount) bytes, env-major.
  public var observations: UnsafeRawBufferPointer { UnsafeRawBufferPointer(observationMemory) }

  /// Env `index`'s observation bytes (read them as `spec.observationType`).
  public func observationBytes(of index: Int) -> UnsafeRawBufferPointer {
    row(of: index, width: spec.observationByteCount, in: UnsafeRawBufferPointer(observationMemory))
  }

  /// All observations as elements of type `T`, which must match `spec.observationType`.
  public func observations<T: FixedWidthInteger>(as type: T.Type) -> UnsafeBufferPointer<T> {
    typed(observationMemory, as: T.self)
  }

  /// All observations as `Float`s (for `.float32` environments).
  public func observations(as type: Float.Type) -> UnsafeBufferPointer<Float> {
    typed(observationMemory, as: Float.self)
  }

  /// Env `index`'s observation just before its autoreset, meaningful only where
  /// `terminated` or `truncated` is 1 for that env. Nil when the batch keeps none.
  public func finalObservationBytes(of index: Int) -> UnsafeRawBufferPointer? {
    finalObservationMemory.map {
      row(of: index, width: spec.observationByteCount, in: UnsafeRawBufferPointer($0))
    }
  }

  public var rewards: UnsafeBufferPointer<Float> { UnsafeBufferPointer(rewardMemory) }
  public var terminated: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(terminatedMemory) }
  public var truncated: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(truncatedMemory) }

  /// Whether env `index`'s episode ended on the last step (its row now shows a new episode).
  public func isDone(_ index: Int) -> Bool {
    terminatedMemory[index] != 0 || truncatedMemory[index] != 0
  }

  /// All privileged info, (count x infoWidth). Nil when the batch keeps none.
  public var info: UnsafeBufferPointer<Float>? { infoMemory.map { UnsafeBufferPointer($0) } }

  /// Env `index`'s privileged info row (columns named by `spec.infoColumnNames`).
  public func info(of index: Int) -> UnsafeBufferPointer<Float>? {
    guard let memory = infoMemory else { return nil }
    precondition(index >= 0 && index < count, "env index \(index) is not within 0..<\(count)")
    return UnsafeBufferPointer(rebasing: memory[index * spec.infoWidth..<(index + 1) * spec.infoWidth])
  }

  private func row(of index: Int, width: Int, in memory: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    precondition(index >= 0 && index < count, "env index \(index) is not within 0..<\(count)")
    return UnsafeRawBufferPointer(rebasing: memory[index * width..<(index + 1) * width])
  }

  private func typed<T>(_ memory: UnsafeMutableRawBufferPointer, as type: T.Type) -> UnsafeBufferPointer<T> {
    precondition(
      MemoryLayout<T>.stride == spec.observationType.byteWidth,
      "observations of \(spec.id) are \(spec.observationType), not \(T.self)")
    guard let base = memory.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(
      start: base.assumingMemoryBound(to: T.self), count: memory.count / MemoryLayout<T>.stride)
  }

  // Aligned to 64 bytes so rows of a float batch start on a cache line (no false sharing
  // between the core's threads at chunk edges, and friendly to SIMD readers).
  private static func allocateBytes(_ count: Int) -> UnsafeMutableRawBufferPointer {
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 64)
    memory.initializeMemory(as: UInt8.self, repeating: 0)
    return UnsafeMutableRawBufferPointer(rebasing: memory[0..<count])
  }

  private static func allocate<T: Numeric>(_ type: T.Type, _ count: Int) -> UnsafeMutableBufferPointer<T> {
    let memory = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
    memory.initialize(repeating: 0)
    return UnsafeMutableBufferPointer(rebasing: memory[0..<count])
  }
}
