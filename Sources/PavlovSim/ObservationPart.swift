internal import CSim

/// One named part of an environment's flat observation (csim.h's `CSimObservationPart`), after
/// EnvPool's spec: MiniGrid's "image" is 7×7×3 codes, its "direction" one code in 0..<4.
///
/// Learners choose their encoders from the parts (one-hot for categorical parts, normalised
/// numbers otherwise) instead of recognising environment ids.
public struct ObservationPart: Sendable, Hashable {
  /// Unique within the environment, e.g. "image".
  public let name: String
  /// Index of the part's first element in the flat observation.
  public let offset: Int
  /// Row-major dimensions; empty for a scalar.
  public let shape: [Int]
  public let elementType: EnvSpec.ElementType
  /// Bounds of every element.
  public let bounds: ClosedRange<Float>
  /// nil for numbers. For category codes, the number of categories per channel: one count for
  /// every element, or one per entry of the last axis (MiniGrid's image: object 11, colour 6,
  /// state 3).
  public let categories: [Int]?

  public init(name: String, offset: Int, shape: [Int], elementType: EnvSpec.ElementType, bounds: ClosedRange<Float>,
              categories: [Int]?) {
    self.name = name
    self.offset = offset
    self.shape = shape
    self.elementType = elementType
    self.bounds = bounds
    self.categories = categories
  }

  /// Elements in the part: the product of the shape (1 for a scalar).
  public var size: Int { shape.reduce(1, *) }

  /// The elements' indices in the flat observation.
  public var range: Range<Int> { offset..<(offset + size) }

  public var isCategorical: Bool { categories != nil }

  /// Categories of the part's element `index` (0-based within the part); nil for numbers.
  public func categoryCount(ofElement index: Int) -> Int? {
    guard let categories else { return nil }
    return categories.count == 1 ? categories[0] : categories[index % categories.count]
  }
}

extension EnvSpec {
  /// The part named `name`, if the environment has one.
  public func observationPart(named name: String) -> ObservationPart? {
    observationParts.first { $0.name == name }
  }

  /// Per element of the observation, its number of categories, when every part is categorical
  /// (nil when some part holds numbers): what a one-hot encoder of the whole observation needs.
  public var categoryCountsPerElement: [Int]? {
    var counts: [Int] = []
    counts.reserveCapacity(observationSize)
    for part in observationParts {
      guard part.isCategorical else { return nil }
      for e in 0..<part.size { counts.append(part.categoryCount(ofElement: e)!) }
    }
    return counts
  }
}

extension ObservationPart {
  /// Reads environment `id`'s parts from the core and checks what every consumer relies on:
  /// they cover the observation exactly, in order, and their category lists fit their shapes.
  static func read(id: String, observationSize: Int) throws(SimulationError) -> [ObservationPart] {
    var parts: [ObservationPart] = []
    for k in 0..<csim_env_observation_part_count(id) {
      var raw = CSimObservationPart()
      let status = csim_env_observation_part(id, k, &raw)
      guard status == CSIM_OK else {
        throw SimulationError(status: status, message: "reading observation part \(k) of \(id)")
      }
      parts.append(ObservationPart(raw))
    }
    var next = 0
    for part in parts {
      let channels = part.categories?.count ?? 1
      guard part.offset == next, part.shape.allSatisfy({ $0 > 0 }), channels == 1 || channels == part.shape.last,
            part.categories?.allSatisfy({ $0 > 0 }) ?? true else {
        throw .internalError("\(id): observation part \"\(part.name)\" (offset \(part.offset), shape \(part.shape), "
                             + "categories \(part.categories ?? [])) does not follow the previous part at \(next) or "
                             + "does not fit its shape")
      }
      next += part.size
    }
    guard next == observationSize else {
      throw .internalError("\(id): the observation parts cover \(next) elements, not the observation's "
                           + "\(observationSize)")
    }
    return parts
  }

  init(_ raw: CSimObservationPart) {
    let rank = max(0, min(Int(raw.rank), Int(CSIM_MAX_RANK)))
    let channels = max(0, min(Int(raw.num_category_channels), Int(CSIM_MAX_CATEGORY_CHANNELS)))
    self.init(
      name: withUnsafeBytes(of: raw.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
      offset: Int(raw.offset),
      shape: withUnsafeBytes(of: raw.shape) { Array($0.bindMemory(to: Int32.self).prefix(rank).map(Int.init)) },
      elementType: EnvSpec.ElementType(raw.dtype),
      bounds: safeRange(raw.low, raw.high),
      categories: channels == 0
        ? nil : withUnsafeBytes(of: raw.categories) { Array($0.bindMemory(to: Int32.self).prefix(channels).map(Int.init)) })
  }
}

extension EnvSpec.ElementType {
  init(_ raw: CSimDType) {
    switch raw {
    case CSIM_DTYPE_INT32: self = .int32
    case CSIM_DTYPE_FLOAT32: self = .float32
    default: self = .uint8
    }
  }
}
