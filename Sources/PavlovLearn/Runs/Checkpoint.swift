import Foundation

/// Everything needed to continue or evaluate a PPO run, in one binary file:
/// "PAVLOVCK", a little-endian UInt32 format version, a UInt32 header length, the JSON header,
/// then float32 blobs: every parameter buffer, then each optimiser's first and second moments,
/// and last (format 2) the FNV-1a 64 checksum of everything before it, little-endian.
///
/// Reading trusts nothing in the file: the checksum catches damage, every length is checked
/// against the file before anything is allocated, and non-finite weights are refused (a NaN
/// network would evaluate to "success 0.000" without a word). Format 1 files (no checksum)
/// are still read, with the same checks on their contents.
public struct Checkpoint {
  public static let formatVersion: UInt32 = 2
  static let magic = Array("PAVLOVCK".utf8)
  /// Far above any network Pavlov builds (hidden_size ≤ 4096); a bigger file is not a checkpoint.
  static let maximumByteCount = 1 << 32

  public struct Header: Codable, Equatable {
    public var formatVersion: UInt32
    public var config: PPOConfig
    public var shape: NetworkShape
    public var rewardName: String
    public var globalStep: Int
    public var iteration: Int
    public var seconds: Double
    var random: RandomStream
    var observationStatistics: RunningMeanStd?
    var rewardScaler: RewardScaler?
    var optimizerSteps: [Int]
    var learningRates: [Float]
    public var bufferLengths: [Int]
  }

  public var header: Header
  /// One per buffer of `ActorCritic.parameterBuffers`.
  public var parameters: [[Float]]
  var firstMoments: [[Float]]
  var secondMoments: [[Float]]

  public func encoded() throws(TrainingError) -> Data {
    var header = header
    header.formatVersion = Self.formatVersion
    let json: Data
    do { json = try JSONEncoder().encode(header) } catch { throw .checkpoint("cannot encode the header: \(error)") }
    var data = Data(Self.magic)
    appendLittleEndian(&data, Self.formatVersion)
    appendLittleEndian(&data, UInt32(json.count))
    data.append(json)
    for blob in parameters + firstMoments + secondMoments {
      blob.withUnsafeBytes { data.append(contentsOf: $0) }  // float32, little-endian on every supported host
    }
    let checksum = data.withUnsafeBytes { fnv1a64($0) }
    withUnsafeBytes(of: checksum.littleEndian) { data.append(contentsOf: $0) }
    return data
  }

  public static func load(from url: URL) throws(TrainingError) -> Checkpoint {
    // A checkpoint is a regular file of bounded size; reading a FIFO or /dev/zero would hang.
    var status = stat()
    guard stat(url.path, &status) == 0 else {
      throw .checkpoint("cannot read \(url.path): \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .checkpoint("\(url.path) is not a regular file") }
    guard Int(status.st_size) <= maximumByteCount else {
      throw .checkpoint("\(url.path) holds \(status.st_size) bytes, more than any checkpoint (\(maximumByteCount))")
    }
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw .checkpoint("cannot read \(url.path): \(error.localizedDescription)")
    }
    return try decode(data, source: url.path)
  }

  static func decode(_ data: Data, source: String) throws(TrainingError) -> Checkpoint {
    var bytes = [UInt8](data)
    if bytes.count >= 8, Array(bytes[0..<8]) == SACCheckpoint.magic {
      throw .checkpoint("\(source) is a SAC checkpoint; this reads PPO runs (`pavlov eval --run` and "
                        + "`pavlov train --resume` read both)")
    }
    guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
      throw .checkpoint("\(source) is not a Pavlov checkpoint (it does not start with PAVLOVCK)")
    }
    let version = readLittleEndian(bytes, 8)
    switch version {
    case formatVersion:
      guard bytes.count >= 24 else { throw .checkpoint("\(source) is truncated (no checksum)") }
      let stored = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[bytes.count - 8 + $1]) << (8 * UInt64($1)) }
      bytes.removeLast(8)
      guard bytes.withUnsafeBytes({ fnv1a64($0) }) == stored else {
        throw .checkpoint("\(source) is damaged: its checksum does not match its contents "
                          + "(resume or evaluate from an intact copy, or retrain)")
      }
    case 1:
      break  // no checksum; its contents get every other check
    default:
      throw .checkpoint("\(source) has checkpoint format \(version); this pavlov reads formats 1 and \(formatVersion)"
                        + (version > formatVersion ? " (it was made by a newer pavlov)" : ""))
    }
    let headerLength = Int(readLittleEndian(bytes, 12))
    guard headerLength <= bytes.count - 16 else {
      throw .checkpoint("\(source) is truncated: its header claims \(headerLength) bytes, the file holds \(bytes.count - 16)")
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
    } catch {
      throw .checkpoint("\(source) has an unreadable header: \(error)")
    }
    var offset = 16 + headerLength
    let floats = try header.validatedFloatCount(payloadBytes: bytes.count - offset, source: source)
    assert(4 * floats == bytes.count - offset)
    func blobs() -> [[Float]] {
      header.bufferLengths.map { count in
        defer { offset += 4 * count }
        return bytes.withUnsafeBytes { raw in
          (0..<count).map { k in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * k,
                                                                                          as: UInt32.self))) }
        }
      }
    }
    let checkpoint = Checkpoint(header: header, parameters: blobs(), firstMoments: blobs(), secondMoments: blobs())
    try checkpoint.requireFiniteValues(source: source)
    return checkpoint
  }
}

/// FNV-1a, 64 bits: cheap, dependency-free, and any single flipped bit changes it.
func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash = hash &* 0x0000_0100_0000_01b3
  }
  return hash
}

private func appendLittleEndian(_ data: inout Data, _ value: UInt32) {
  withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
}

private func readLittleEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
  (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
}
