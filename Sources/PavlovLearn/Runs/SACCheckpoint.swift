import Foundation

/// Everything needed to continue or evaluate a SAC run, in one binary file laid out like PPO's
/// `Checkpoint` but with its own magic, so neither algorithm mistakes the other's file:
/// "PAVLOVSC", a little-endian UInt32 format version, a UInt32 header length, the JSON header,
/// float32 blobs (`Header.bufferLengths`: the parameters of the actor, Q1, Q2, target Q1,
/// target Q2 and log α; the first and second Adam moments of the actor, Q1, Q2 and α; the
/// replay buffer's observations, next observations, actions, rewards, terminations and events), then
/// the FNV-1a 64 checksum of everything before it.
///
/// The replay buffer is saved (its filled rows only) so that a resumed run continues with the
/// data its critics were trained on: refilling it would silently change the run (the first
/// updates after a resume would see a few thousand fresh transitions instead of the last
/// million). The price is the file's size: 85 floats a transition on the arm (340 MB at 1M).
public struct SACCheckpoint {
  /// 2 added the replay buffer's event codes (for relabelling); format 1 existed only before merge.
  public static let formatVersion: UInt32 = 2
  static let magic = Array("PAVLOVSC".utf8)
  static let maximumByteCount = 1 << 36

  public struct Header: Codable, Equatable {
    public var formatVersion: UInt32
    public var config: SACConfig
    public var rewardName: String
    public var globalStep: Int
    public var iteration: Int
    public var updateCount: Int
    public var seconds: Double
    public var observationSize: Int
    public var actionDimension: Int
    var random: RandomStream
    var observationStatistics: RunningMeanStd?
    var optimizerSteps: [Int]
    public var replayCount: Int
    public var replayPosition: Int
    public var bufferLengths: [Int]
  }

  public var header: Header
  /// actor, Q1, Q2, target Q1, target Q2, log α.
  public var parameters: [[Float]]
  var firstMoments: [[Float]]
  var secondMoments: [[Float]]
  var replay: [[Float]]

  /// Whether `url` starts with SAC's magic (a PPO checkpoint, or no file, gives false).
  public static func isSACCheckpoint(at url: URL) -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: 8)).map { Array($0) == magic } ?? false
  }

  public func encoded() throws(TrainingError) -> Data {
    var header = header
    header.formatVersion = Self.formatVersion
    header.bufferLengths = (parameters + firstMoments + secondMoments + replay).map(\.count)
    let json: Data
    do { json = try JSONEncoder().encode(header) } catch { throw .checkpoint("cannot encode the header: \(error)") }
    var data = Data(Self.magic)
    withUnsafeBytes(of: Self.formatVersion.littleEndian) { data.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt32(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    for blob in parameters + firstMoments + secondMoments + replay {
      blob.withUnsafeBytes { data.append(contentsOf: $0) }  // float32, little-endian on every supported host
    }
    let checksum = data.withUnsafeBytes { fnv1a64($0) }
    withUnsafeBytes(of: checksum.littleEndian) { data.append(contentsOf: $0) }
    return data
  }

  public static func load(from url: URL) throws(TrainingError) -> SACCheckpoint {
    var status = stat()
    guard stat(url.path, &status) == 0 else {
      throw .checkpoint("cannot read \(url.path): \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .checkpoint("\(url.path) is not a regular file") }
    guard Int(status.st_size) <= maximumByteCount else {
      throw .checkpoint("\(url.path) holds \(status.st_size) bytes, more than any SAC checkpoint (\(maximumByteCount))")
    }
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw .checkpoint("cannot read \(url.path): \(error.localizedDescription)")
    }
    return try decode(data, source: url.path)
  }

  static func decode(_ data: Data, source: String) throws(TrainingError) -> SACCheckpoint {
    do {
      return try data.withUnsafeBytes { bytes in try decode(bytes, source: source) }
    } catch let error as TrainingError {
      throw error
    } catch {
      throw .checkpoint("\(source): \(error)")
    }
  }

  private static func decode(_ bytes: UnsafeRawBufferPointer, source: String) throws(TrainingError) -> SACCheckpoint {
      guard bytes.count >= 24, Array(bytes[0..<8]) == magic else {
        throw .checkpoint("\(source) is not a Pavlov SAC checkpoint (it does not start with PAVLOVSC)")
      }
      let version = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
      guard version == formatVersion else {
        throw .checkpoint("\(source) has SAC checkpoint format \(version); this pavlov reads format \(formatVersion)")
      }
      let body = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)])
      guard fnv1a64(body) == bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian else {
        throw .checkpoint("\(source) is damaged: its checksum does not match its contents "
                          + "(resume or evaluate from an intact copy, or retrain)")
      }
      let headerLength = Int(bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
      guard headerLength <= body.count - 16 else { throw .checkpoint("\(source) is truncated") }
      let header: Header
      do {
        header = try JSONDecoder().decode(Header.self, from: Data(body[16..<(16 + headerLength)]))
      } catch {
        throw .checkpoint("\(source) has an unreadable header: \(error)")
      }
      let lengths = header.bufferLengths
      guard lengths.count == 6 + 8 + 6, lengths.allSatisfy({ $0 >= 0 && $0 <= body.count / 4 }),
            4 * lengths.reduce(0, +) == body.count - 16 - headerLength else {
        throw .checkpoint("\(source) is damaged: its blobs (\(lengths.count), \(lengths.reduce(0, +)) floats) do not "
                          + "fill the file's \(body.count - 16 - headerLength) bytes")
      }
      var offset = 16 + headerLength
      var blobs: [[Float]] = []
      for count in lengths {
        blobs.append([Float](unsafeUninitializedCapacity: count) { out, initialized in
          for k in 0..<count {
            out[k] = Float(bitPattern: UInt32(littleEndian: body.loadUnaligned(fromByteOffset: offset + 4 * k,
                                                                               as: UInt32.self)))
          }
          initialized = count
        })
        offset += 4 * count
      }
      let checkpoint = SACCheckpoint(header: header, parameters: Array(blobs[0..<6]), firstMoments: Array(blobs[6..<10]),
                                     secondMoments: Array(blobs[10..<14]), replay: Array(blobs[14..<20]))
      for (k, blob) in checkpoint.parameters.enumerated() where !blob.allSatisfy(\.isFinite) {
        throw .checkpoint("\(source) holds non-finite weights in parameter buffer \(k)")
      }
      return checkpoint
  }
}
