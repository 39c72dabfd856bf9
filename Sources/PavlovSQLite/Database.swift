internal import CSQLite
import Foundation

/// A failed SQLite call: what Pavlov was doing and SQLite's own message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
  public let code: Int32
  public let message: String
  public var description: String { message }
}

/// One SQLite connection: the minimum Pavlov needs (statements, bindings, transactions).
///
/// Package-internal on purpose: the label store and the response cache expose their own
/// types, never SQL. Not thread-safe; one connection per thread or task.
package final class Database {
  private var handle: OpaquePointer?
  package let path: String

  /// Opens the database at `path`, in WAL mode so that a reader never blocks the writer and a
  /// killed writer loses at most its open transaction. With `creating` false a missing file is
  /// an error (SQLite's own check, so there is no window in which a file could be created).
  package init(path: String, creating: Bool = true) throws(SQLiteError) {
    self.path = path
    var db: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | (creating ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX
    let status = sqlite3_open_v2(path, &db, flags, nil)
    guard status == SQLITE_OK, let db else {
      let text = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(db)
      throw SQLiteError(code: status, message: "cannot open SQLite database \(path): \(text)")
    }
    handle = db
    // Another process (a second `pavlov annotate`) may hold the write lock for a moment.
    sqlite3_busy_timeout(db, 10_000)
    try execute("PRAGMA journal_mode=WAL")
    // NORMAL in WAL mode survives a killed process (only a power cut may drop the last commits).
    try execute("PRAGMA synchronous=NORMAL")
    try execute("PRAGMA foreign_keys=ON")
  }

  deinit { sqlite3_close_v2(handle) }

  /// Runs one or more statements that return no rows.
  package func execute(_ sql: String) throws(SQLiteError) {
    var error: UnsafeMutablePointer<CChar>?
    let status = sqlite3_exec(handle, sql, nil, nil, &error)
    if status != SQLITE_OK {
      let text = error.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(error)
      throw SQLiteError(code: status, message: "\(path): \(text) (in: \(sql.prefix(120)))")
    }
  }

  /// Compiles `sql`; bind `?` parameters by position (from 1) on the result.
  package func prepare(_ sql: String) throws(SQLiteError) -> Statement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else {
      throw SQLiteError(code: status, message: "\(path): \(lastMessage) (in: \(sql.prefix(120)))")
    }
    return Statement(statement, database: self)
  }

  /// Runs `body` inside one transaction (BEGIN IMMEDIATE: the write lock is taken up front,
  /// so two writers wait instead of failing halfway). Rolled back if `body` throws.
  package func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let value = try body()
      try execute("COMMIT")
      return value
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The rowid of the last INSERT on this connection.
  package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Rows changed by the last statement.
  package var changes: Int { Int(sqlite3_changes(handle)) }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A compiled statement. Bind, then `step()` through rows or `run()` once.
package final class Statement {
  private let statement: OpaquePointer
  private let database: Database

  fileprivate init(_ statement: OpaquePointer, database: Database) {
    self.statement = statement
    self.database = database
  }

  deinit { sqlite3_finalize(statement) }

  /// Binds `values` to parameters 1...n (Int, Int64, Double, Float, String, Data, Bool, nil).
  @discardableResult
  package func bind(_ values: (any Sendable)?...) throws(SQLiteError) -> Statement {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let status: Int32
      switch value {
      case nil: status = sqlite3_bind_null(statement, index)
      case let v as Int: status = sqlite3_bind_int64(statement, index, Int64(v))
      case let v as Int64: status = sqlite3_bind_int64(statement, index, v)
      case let v as Bool: status = sqlite3_bind_int64(statement, index, v ? 1 : 0)
      case let v as Double: status = sqlite3_bind_double(statement, index, v)
      case let v as Float: status = sqlite3_bind_double(statement, index, Double(v))
      case let v as String: status = sqlite3_bind_text(statement, index, v, -1, transientDestructor)
      case let v as Data:
        status = v.withUnsafeBytes { bytes in
          sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                            Int32(bytes.count), transientDestructor)
        }
      case let v as [UInt8]:
        status = v.withUnsafeBytes { bytes in
          sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                            Int32(bytes.count), transientDestructor)
        }
      default:
        throw SQLiteError(code: SQLITE_MISUSE, message: "cannot bind a \(type(of: value!)) to SQLite")
      }
      guard status == SQLITE_OK else {
        throw SQLiteError(code: status, message: "\(database.path): \(database.lastMessage)")
      }
    }
    return self
  }

  /// Advances to the next row; false when there are no more.
  package func step() throws(SQLiteError) -> Bool {
    let status = sqlite3_step(statement)
    switch status {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      let message = database.lastMessage
      sqlite3_reset(statement)
      throw SQLiteError(code: status, message: "\(database.path): \(message)")
    }
  }

  /// Runs a statement that returns no rows.
  package func run() throws(SQLiteError) {
    while try step() {}
    sqlite3_reset(statement)
  }

  /// Every row, mapped by `row`.
  package func rows<T>(_ row: (Statement) throws -> T) throws -> [T] {
    var result: [T] = []
    while try step() { result.append(try row(self)) }
    sqlite3_reset(statement)
    return result
  }

  /// The first row mapped by `row`, or nil.
  package func first<T>(_ row: (Statement) throws -> T) throws -> T? {
    defer { sqlite3_reset(statement) }
    return try step() ? try row(self) : nil
  }

  package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
  package func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
  package func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
  package func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
  package func string(_ column: Int32) -> String {
    guard let text = sqlite3_column_text(statement, column) else { return "" }
    return String(cString: text)
  }
  package func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
  package func bytes(_ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(statement, column))
    guard count > 0, let base = sqlite3_column_blob(statement, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: base, count: count))
  }
}

/// SQLITE_TRANSIENT: SQLite copies the bound value before the call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
