import PavlovSim

/// Some of an observation's categorical parts, one-hot encoded, the rest left out: the
/// "one-hot-parts" view, with the parts named in the environment's `one_hot_parts` hint
/// (comma-separated). NetHack names its crop's glyph classes and its status bins: its raw
/// glyph ids (5,977 per cell) and message bytes are too many categories for a one-hot layer.
/// Reads uint8 or int32 observations.
public struct OneHotParts: ObservationView {
  public static let viewName = "one-hot-parts"
  public static let partsHint = "one_hot_parts"

  public let categoryCounts: [Int]
  /// Per feature: the element it reads and the index of its first category.
  private let elements: [Int]
  private let bases: [Int32]
  private let counts: [Int32]
  private let elementType: EnvSpec.ElementType

  /// The view over `spec`'s parts named in its hint; throws naming a missing or numeric part.
  public init(spec: EnvSpec) throws(TrainingError) {
    func fail(_ what: String) -> TrainingError {
      .invalidConfig(field: "wordle_knowledge", message: "the \(Self.viewName) observation view needs \(what); "
                       + "\(spec.id) has parts \(spec.observationParts.map { "\($0.name) \($0.shape)" })")
    }
    guard spec.observationType != .float32 else { throw fail("a uint8 or int32 observation") }
    guard let hint = spec.learnerHints[Self.partsHint] else {
      throw fail("the hint \(Self.partsHint) naming the categorical parts to encode")
    }
    let names = hint.split(separator: ",").map { String($0) }
    guard !names.isEmpty, Set(names).count == names.count else {
      throw fail("distinct part names in \(Self.partsHint), got \"\(hint)\"")
    }
    var counts: [Int] = [], elements: [Int] = []
    for name in names {
      guard let part = spec.observationPart(named: name), part.isCategorical else {
        throw fail("a categorical part \"\(name)\"")
      }
      for e in 0..<part.size {
        elements.append(part.offset + e)
        counts.append(part.categoryCount(ofElement: e)!)
      }
    }
    var running: Int32 = 0
    bases = counts.map { count in
      defer { running += Int32(count) }
      return running
    }
    categoryCounts = counts
    self.counts = counts.map { Int32($0) }
    self.elements = elements
    elementType = spec.observationType
  }

  public func encode(_ row: UnsafeRawPointer, into out: UnsafeMutablePointer<Int32>) -> Int? {
    for k in 0..<elements.count {
      let j = elements[k]
      let value = elementType == .int32 ? row.load(fromByteOffset: 4 * j, as: Int32.self)
                                        : Int32(row.load(fromByteOffset: j, as: UInt8.self))
      guard value >= 0, value < counts[k] else { return j }
      out[k] = bases[k] + value
    }
    return nil
  }
}
