import Foundation

/// Everything needed to continue or evaluate a PPO run, in one binary file:
/// "PAVLOVCK", a little-endian UInt32 format version, a UInt32 header length, the JSON header,
/// then float32 blobs: every parameter buffer, then each optimiser's first and second moments.
public struct Checkpoint {
  public static let formatVersion: UInt32 = 1
  static let magic = Array("PAVLOVCK".utf8)

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
    let json: Data
    do { json = try JSONEncoder().encode(header) } catch { throw .checkpoint("cannot encode the header: \(error)") }
    var data = Data(Self.magic)
    appendLittleEndian(&data, Self.formatVersion)
    appendLittleEndian(&data, UInt32(json.count))
    data.append(json)
    for blob in parameters + firstMoments + secondMoments {
      blob.withUnsafeBytes { data.append(contentsOf: $0) }  // float32, little-endian on every supported host
    }
    return data
  }

  public static func load(from url: URL) throws(TrainingError) -> Checkpoint {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw .checkpoint("cannot read \(url.path): \(error.localizedDescription)")
    }
    return try decode(data, source: url.path)
  }

  static func decode(_ data: Data, source: String) throws(TrainingError) -> Checkpoint {
    let bytes = [UInt8](data)
    guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
      throw .checkpoint("\(source) is not a Pavlov checkpoint (it does not start with PAVLOVCK)")
    }
    let version = readLittleEndian(bytes, 8), headerLength = Int(readLittleEndian(bytes, 12))
    guard version == formatVersion else {
      throw .checkpoint("\(source) has checkpoint format \(version); this pavlov reads format \(formatVersion)")
    }
    guard 16 + headerLength <= bytes.count else { throw .checkpoint("\(source) is truncated (header)") }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
    } catch {
      throw .checkpoint("\(source) has an unreadable header: \(error)")
    }
    let lengths = header.bufferLengths
    let floats = 3 * lengths.reduce(0, +)
    var offset = 16 + headerLength
    guard bytes.count - offset == 4 * floats else {
      throw .checkpoint("\(source) holds \(bytes.count - offset) bytes of parameters, expected \(4 * floats)")
    }
    func blobs() -> [[Float]] {
      lengths.map { count in
        defer { offset += 4 * count }
        return bytes.withUnsafeBytes { raw in
          (0..<count).map { k in raw.loadUnaligned(fromByteOffset: offset + 4 * k, as: Float.self) }
        }
      }
    }
    let parameters = blobs(), first = blobs(), second = blobs()
    return Checkpoint(header: header, parameters: parameters, firstMoments: first, secondMoments: second)
  }
}

private func appendLittleEndian(_ data: inout Data, _ value: UInt32) {
  withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
}

private func readLittleEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
  (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
}
