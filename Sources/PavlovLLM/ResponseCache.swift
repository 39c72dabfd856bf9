import Foundation
import PavlovSQLite

/// A persistent cache of successful responses, keyed by the endpoint and the exact request
/// body (model, messages or prompt, sampling parameters, serialised with sorted keys), so a
/// rerun never pays twice. Headers (the API key) are never part of a key or a value.
actor ResponseCache {
  private let database: Database

  init(path: String) throws(LLMError) {
    do {
      database = try Database(path: path)
      try database.execute("""
        CREATE TABLE IF NOT EXISTS responses(
          key TEXT PRIMARY KEY, body BLOB NOT NULL, created_at TEXT NOT NULL)
        """)
    } catch {
      throw .invalidArgument("response cache \(path): \(error.message)")
    }
  }

  func response(for key: String) -> Data? {
    guard let row = try? database.prepare("SELECT body FROM responses WHERE key = ?").bind(key).first({ $0.bytes(0) }) else {
      return nil
    }
    return Data(row)
  }

  func store(_ body: Data, for key: String) {
    // A cache that cannot be written costs money on the next run but must not fail this one.
    try? database.prepare("INSERT OR REPLACE INTO responses(key, body, created_at) VALUES(?, ?, ?)")
      .bind(key, body, ISO8601DateFormatter().string(from: Date())).run()
  }

  func count() -> Int {
    (try? database.prepare("SELECT COUNT(*) FROM responses").first { $0.int(0) }) ?? 0
  }
}

/// Lets at most `limit` requests run at once; the rest wait in order.
actor ConcurrencyLimiter {
  private let limit: Int
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) { self.limit = max(1, limit) }

  func acquire() async {
    if running < limit {
      running += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      running -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}

/// The running `Usage` totals, shared by concurrent calls.
actor UsageCounter {
  var usage: Usage
  init(parameterCount: Double?) { usage = Usage(parameterCount: parameterCount) }
  func add(_ change: (inout Usage) -> Void) { change(&usage) }
}
