import Foundation
import PavlovSQLite

/// The SQLite file that holds the collected observations and their captions, the pairs to
/// compare, and every label with its provenance.
///
/// Every write is one transaction, so a process killed at any moment leaves the file as it
/// was after its last complete write; a label is unique per (pair, labeller), so a resumed
/// run can neither lose nor duplicate one. Pairs are unique per unordered caption pair:
/// identical caption pairs are labelled once. Not thread-safe: one store per task.
public final class LabelStore {
  /// The layout this version writes and reads. Bump it for any change of tables or meaning.
  /// Version 2 added `observations.staged_progress` (NULL where the env reports none); a
  /// version 1 store is upgraded in place when opened (its rows keep NULL there).
  public static let schemaVersion = 2
  static let format = "pavlov-label-store"

  /// Whether opening may create the store.
  public enum OpenMode: Sendable {
    /// The store must exist already (annotate, fit): a mistyped path is an error, never a new file.
    case existing
    /// Create an empty store if there is no file at the path (collect).
    case createIfMissing
  }

  let database: Database
  public let path: String
  /// True when this open created the store (its file, or the layout in an empty file).
  public private(set) var wasCreated = false

  /// Opens the store at `path`; with `.createIfMissing`, creates an empty one if there is no
  /// file there. A missing file (with `.existing`), a directory, or a file of another format or
  /// schema version is refused with a message saying what it is, and left as it was.
  public init(path: String, mode: OpenMode = .existing) throws(RewardError) {
    self.path = path
    let creating = try Self.checkPath(path, mode: mode)
    do {
      database = try Database(path: path, creating: creating)
    } catch let error where error.code == 26 {  // SQLITE_NOTADB
      throw .incompatibleFile("\(path) is not a Pavlov label store (not an SQLite database)")
    } catch {
      throw .storage(error.message)
    }
    try storage { try self.migrate(creating: creating) }
  }

  /// Checks what is at `path` before SQLite touches it; returns whether the layout may be created.
  private static func checkPath(_ path: String, mode: OpenMode) throws(RewardError) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      guard mode == .createIfMissing else {
        throw .invalidArgument("the label store \(path) does not exist (`pavlov collect --store \(path)` creates one)")
      }
      let parent = (path as NSString).deletingLastPathComponent
      var parentIsDirectory: ObjCBool = false
      guard parent.isEmpty || (FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsDirectory)
                               && parentIsDirectory.boolValue) else {
        throw .invalidArgument("cannot create the label store \(path): the directory \(parent) does not exist")
      }
      return true
    }
    guard !isDirectory.boolValue else {
      throw .invalidArgument("\(path) is a directory, not a Pavlov label store")
    }
    // An empty file is what SQLite calls an empty database: opening it would write a header.
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    if size == 0, mode == .existing {
      throw .incompatibleFile("\(path) is an empty file, not a Pavlov label store (`pavlov collect --store \(path)` fills it)")
    }
    return mode == .createIfMissing
  }

  private func migrate(creating: Bool) throws {
    let tables = try database.prepare("SELECT name FROM sqlite_master WHERE type='table'").rows { $0.string(0) }
    if tables.isEmpty {
      guard creating else {
        throw RewardError.incompatibleFile("\(path) is an empty SQLite database, not a Pavlov label store")
      }
      wasCreated = true
      try database.transaction {
        try database.execute(Self.schema)
        try setMeta("format", Self.format)
        try setMeta("schema_version", String(Self.schemaVersion))
      }
      return
    }
    guard tables.contains("meta"), try meta("format") == Self.format else {
      throw RewardError.incompatibleFile("\(path) is not a Pavlov label store (tables: \(tables.sorted().joined(separator: ", ")))")
    }
    var version = try meta("schema_version") ?? "?"
    if version == "1" {
      try database.transaction {
        // Another process may have upgraded it since the read above.
        guard try meta("schema_version") == "1" else { return }
        try database.execute("ALTER TABLE observations ADD COLUMN staged_progress REAL")
        try setMeta("schema_version", "2")
      }
      version = "2"
    }
    guard version == String(Self.schemaVersion) else {
      throw RewardError.incompatibleFile(
        "\(path) is a label store of schema version \(version); this Pavlov reads version \(Self.schemaVersion). "
          + "Collect into a new store, or use the Pavlov that wrote it.")
    }
  }

  // MARK: Meta

  /// The environment the observations come from (set by the first `collect`).
  public var environmentID: String? { try? meta("env_id") }
  /// The environment's goal in plain English, for prompts.
  public var goal: String { (try? meta("goal")) ?? "" }
  /// Bytes in one stored observation.
  public var observationByteCount: Int { Int((try? meta("observation_bytes")) ?? "") ?? 0 }
  /// Upper bound of every observation element (for scaling inputs to a reward model).
  public var observationHigh: Float { Float((try? meta("observation_high")) ?? "") ?? 1 }
  /// Element type of stored observations: "uint8", "int32" or "float32" (PavlovSim's names).
  public var observationType: String { (try? meta("observation_type")) ?? "uint8" }

  /// Records which environment this store holds; a store of another environment or layout
  /// is refused (pairs of different environments cannot be compared).
  public func attach(environmentID: String, observationType: String, observationByteCount: Int,
                     observationHigh: Float, goal: String)
    throws(RewardError)
  {
    if let existing = self.environmentID {
      guard existing == environmentID, self.observationByteCount == observationByteCount else {
        throw .invalidArgument(
          "store \(path) holds \(existing) observations (\(self.observationByteCount) bytes); cannot add \(environmentID) "
            + "(\(observationByteCount) bytes): use another --store")
      }
      return
    }
    try storage {
      try database.transaction {
        try setMeta("env_id", environmentID)
        try setMeta("observation_bytes", String(observationByteCount))
        try setMeta("observation_high", String(observationHigh))
        try setMeta("observation_type", observationType)
        try setMeta("goal", goal)
      }
    }
  }

  func meta(_ key: String) throws -> String? {
    try database.prepare("SELECT value FROM meta WHERE key = ?").bind(key).first { $0.string(0) }
  }

  func setMeta(_ key: String, _ value: String) throws {
    try database.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)").bind(key, value).run()
  }

  /// Runs `body`, turning SQLite failures into `RewardError.storage`.
  func storage<T>(_ body: () throws -> T) throws(RewardError) -> T {
    do {
      return try body()
    } catch let error as RewardError {
      throw error
    } catch let error as SQLiteError {
      throw .storage(error.message)
    } catch {
      throw .storage("\(path): \(error)")
    }
  }

  static let schema = """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE captions(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
    CREATE TABLE observations(
      id INTEGER PRIMARY KEY,
      episode INTEGER NOT NULL,
      step INTEGER NOT NULL,
      data BLOB NOT NULL,
      caption_id INTEGER NOT NULL REFERENCES captions(id),
      progress REAL NOT NULL,
      event INTEGER NOT NULL,
      reward REAL NOT NULL,
      episode_return REAL NOT NULL,
      staged_progress REAL);
    CREATE INDEX observations_by_episode ON observations(episode, step);
    CREATE TABLE pairs(
      id INTEGER PRIMARY KEY,
      first_observation INTEGER NOT NULL REFERENCES observations(id),
      second_observation INTEGER NOT NULL REFERENCES observations(id),
      low_caption INTEGER NOT NULL REFERENCES captions(id),
      high_caption INTEGER NOT NULL REFERENCES captions(id),
      UNIQUE(low_caption, high_caption),
      CHECK(low_caption < high_caption));
    CREATE TABLE labels(
      id INTEGER PRIMARY KEY,
      pair_id INTEGER NOT NULL REFERENCES pairs(id),
      labeller TEXT NOT NULL,
      simulated INTEGER NOT NULL,
      model TEXT,
      prompt_version TEXT,
      status TEXT NOT NULL,
      preference REAL,
      raw_answer TEXT NOT NULL,
      latency_ms REAL NOT NULL,
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE(pair_id, labeller));
    """
}
