import Foundation
import PavlovSim

/// PNG frames of stored observations, drawn by the environment from the observation alone
/// (`VecEnv.renderRGB(observation:width:height:)`), for a `VisionLabeller`. The arm draws every
/// task; environments that cannot draw an observation are refused when this is made.
///
/// One handle serves every caller behind a lock: a handle is used from one thread at a time,
/// and a picture (a few milliseconds) is short next to the judge's answer.
public final class ObservationFrames: FrameSource, @unchecked Sendable {
  public let environmentID: String
  public let width: Int
  public let height: Int
  public static let sides = 16...512
  private let env: VecEnv
  private let lock = NSLock()

  /// Frames of `side` pixels square (default: the environment's `frameSide`, 128 for the arm).
  public init(environmentID: String, side: Int? = nil) throws(RewardError) {
    let env: VecEnv
    do {
      env = try VecEnv(id: environmentID, count: 1, options: .init(threadCount: 1))
    } catch {
      throw .invalidArgument("frames of \(environmentID): \(error)")
    }
    guard let defaultSide = env.spec.frameSide else {
      throw .invalidArgument("\(environmentID) cannot draw stored observations (the arm tasks can); use a caption judge instead")
    }
    let side = side ?? defaultSide
    guard Self.sides.contains(side) else {
      throw .invalidArgument("frame size \(side) is outside \(Self.sides.lowerBound)...\(Self.sides.upperBound) pixels a side")
    }
    self.environmentID = environmentID
    self.env = env
    width = side
    height = side
  }

  public var summary: String { "\(width)x\(height) PNG frames of \(environmentID)" }

  /// The PNG of one stored observation (`observationByteCount` bytes).
  public func png(of observation: [UInt8]) throws -> [UInt8] {
    let rgb = try lock.withLock { try env.renderRGB(observation: observation, width: width, height: height) }
    return try PNGImage.encode(rgb: rgb, width: width, height: height)
  }
}
