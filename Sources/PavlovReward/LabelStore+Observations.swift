import Foundation
import PavlovSQLite

/// One observation as `collect` records it. `progress`, `stagedProgress`, `event`, `reward`
/// and `episodeReturn` are privileged: teachers and analyses read them, policies never.
public struct RecordedObservation: Sendable {
  public var episode: Int
  public var step: Int
  public var bytes: [UInt8]
  public var caption: String
  public var progress: Float
  /// Progress by stages, where the environment reports it (`InfoColumn.stagedProgressName`).
  public var stagedProgress: Float?
  public var event: Int
  public var reward: Float
  public var episodeReturn: Float

  public init(episode: Int, step: Int, bytes: [UInt8], caption: String, progress: Float, event: Int,
              reward: Float, episodeReturn: Float, stagedProgress: Float? = nil) {
    self.stagedProgress = stagedProgress
    self.episode = episode
    self.step = step
    self.bytes = bytes
    self.caption = caption
    self.progress = progress
    self.event = event
    self.reward = reward
    self.episodeReturn = episodeReturn
  }
}

extension LabelStore {
  /// Appends observations in one transaction (captions deduplicated).
  public func record(_ observations: [RecordedObservation]) throws(RewardError) {
    let expected = observationByteCount
    for o in observations where o.bytes.count != expected {
      throw .invalidArgument("observation has \(o.bytes.count) bytes; this store holds \(expected)-byte observations")
    }
    try storage {
      try database.transaction {
        let insertCaption = try database.prepare("INSERT OR IGNORE INTO captions(text) VALUES(?)")
        let findCaption = try database.prepare("SELECT id FROM captions WHERE text = ?")
        let insert = try database.prepare(
          "INSERT INTO observations(episode, step, data, caption_id, progress, event, reward, episode_return, "
            + "staged_progress) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for o in observations {
          try insertCaption.bind(o.caption).run()
          let captionID = try findCaption.bind(o.caption).first { $0.int(0) } ?? 0
          try insert.bind(o.episode, o.step, o.bytes, captionID, o.progress, o.event, o.reward, o.episodeReturn,
                          o.stagedProgress).run()
        }
      }
    }
  }

  /// Whether any observation carries staged progress (what `scripted:staged` compares).
  public func hasStagedProgress() throws(RewardError) -> Bool {
    try storage {
      try database.prepare("SELECT EXISTS(SELECT 1 FROM observations WHERE staged_progress IS NOT NULL)")
        .first { $0.int(0) != 0 } ?? false
    }
  }

  /// The first episode number not yet used (collect runs append new episodes).
  public func nextEpisode() throws(RewardError) -> Int {
    try storage { try database.prepare("SELECT COALESCE(MAX(episode) + 1, 0) FROM observations").first { $0.int(0) } ?? 0 }
  }

  /// Counts of what the store holds.
  public func counts() throws(RewardError) -> (observations: Int, captions: Int, pairs: Int, labels: Int) {
    try storage {
      func count(_ table: String) throws -> Int {
        try database.prepare("SELECT COUNT(*) FROM \(table)").first { $0.int(0) } ?? 0
      }
      return (try count("observations"), try count("captions"), try count("pairs"), try count("labels"))
    }
  }

  /// Calls `body` with batches of (observation ids, bytes row-major), `batchSize` at a time,
  /// for reward normalisation over everything collected.
  public func forEachObservationBatch(batchSize: Int, _ body: ([Int], [UInt8]) throws -> Void) throws {
    try forEachObservationBatch(batchSize: batchSize) { ids, bytes, _ in try body(ids, bytes) }
  }

  /// The same with each observation's event code. An observation of the wrong size (a hand
  /// edit) stops the walk with an error naming it, rather than shifting every row after it.
  public func forEachObservationBatch(batchSize: Int, _ body: ([Int], [UInt8], [Int32]) throws -> Void) throws {
    guard batchSize >= 1 else { throw RewardError.invalidArgument("batchSize must be at least 1; got \(batchSize)") }
    let expected = observationByteCount
    let statement = try database.prepare("SELECT id, data, event FROM observations ORDER BY id")
    var ids: [Int] = [], bytes: [UInt8] = [], events: [Int32] = []
    while try statement.step() {
      let data = statement.bytes(1)
      if let problem = observationProblem(id: statement.int(0), byteCount: data.count, expected: expected) {
        throw RewardError.incompatibleFile("store \(path): \(problem)")
      }
      ids.append(statement.int(0))
      bytes.append(contentsOf: data)
      events.append(Int32(truncatingIfNeeded: statement.int(2)))
      if ids.count == batchSize {
        try body(ids, bytes, events)
        ids.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
      }
    }
    if !ids.isEmpty { try body(ids, bytes, events) }
  }
}
