import Foundation
import PavlovSQLite

/// One usable label with both observations, for fitting a reward model.
public struct PreferenceExample: Sendable {
  public var pairID: Int
  public var first: [UInt8]
  public var second: [UInt8]
  /// P(first ≻ second): 1, 0, 0.5 for a tie, or a soft probability.
  public var preference: Double
  /// Privileged progress of each side, to measure agreement with the oracle.
  public var firstProgress: Double
  public var secondProgress: Double
  /// The event code recorded with each observation (0: none).
  public var firstEvent: Int = 0
  public var secondEvent: Int = 0
}

extension LabelStore {
  /// Samples new pairs until the store holds `count` (or every distinct caption pair is
  /// taken), in one transaction. Observations are drawn uniformly, so pairs follow the
  /// collecting policy's visitation; a pair whose two captions are equal, or whose caption
  /// pair exists already, is drawn again. Returns how many pairs were added.
  ///
  /// With `eventShare` above 0, each new pair is with that probability drawn with one side
  /// from the observations that carry an event (the kind of event uniform among those in the
  /// store, then an observation of it), the other uniform: uniform draws almost never meet a
  /// rare event (NetHack's deaths are 0.03% of a random walk's observations), so a labeller
  /// would otherwise never rank it. 0 (the default) draws exactly as before.
  @discardableResult
  public func createPairs(upTo count: Int, seed: UInt64, eventShare: Double = 0) throws(RewardError) -> Int {
    guard count >= 0 else { throw .invalidArgument("--pairs must be at least 0; got \(count)") }
    guard (0...1).contains(eventShare) else {
      throw .invalidArgument("--event-share must be within 0...1 (the share of new pairs with an event on one side); got \(eventShare)")
    }
    return try storage {
      try database.transaction {
        let existing = try database.prepare("SELECT COUNT(*) FROM pairs").first { $0.int(0) } ?? 0
        guard existing < count else { return 0 }
        let observations = try database.prepare("SELECT id, caption_id, event FROM observations ORDER BY id").rows {
          (id: $0.int(0), caption: $0.int(1), event: $0.int(2))
        }
        guard observations.count >= 2 else {
          throw RewardError.insufficientData("store \(path) has \(observations.count) observations; run `pavlov collect` first")
        }
        // Observations with an event, grouped by kind in ascending code order (a fixed order, so
        // the draws depend on the seed only).
        let byEvent = Dictionary(grouping: observations.filter { $0.event != 0 }, by: \.event)
          .sorted { $0.key < $1.key }.map(\.value)
        if eventShare > 0, byEvent.isEmpty {
          throw RewardError.insufficientData(
            "--event-share \(eventShare): store \(path) has no observation with an event; use --event-share 0")
        }
        // Keyed by the number of pairs already there, so a second call continues the sequence.
        var generator = PairGenerator(seed: seed, pairID: existing)
        let insert = try database.prepare(
          "INSERT OR IGNORE INTO pairs(first_observation, second_observation, low_caption, high_caption) VALUES(?, ?, ?, ?)")
        var added = 0, attempts = 0
        let budget = 50 * (count - existing) + 1000
        while existing + added < count, attempts < budget {
          attempts += 1
          var a = observations[Int(generator.next() % UInt64(observations.count))]
          var b = observations[Int(generator.next() % UInt64(observations.count))]
          if eventShare > 0, generator.nextUnit() < eventShare {
            let kind = byEvent[Int(generator.next() % UInt64(byEvent.count))]
            let rare = kind[Int(generator.next() % UInt64(kind.count))]
            // Either side, so the event is not always first.
            if generator.next() & 1 == 0 { a = rare } else { b = rare }
          }
          guard a.caption != b.caption else { continue }
          try insert.bind(a.id, b.id, min(a.caption, b.caption), max(a.caption, b.caption)).run()
          added += database.changes
        }
        return added
      }
    }
  }

  /// Up to `limit` of the first `within` pairs (by id) that `labeller` has not labelled yet
  /// (a `failed` label, which got no answer, counts as not labelled: a rerun tries again).
  /// Only pairs with an id above `after` are returned: a caller walking through them passes
  /// the last id it saw, so a pair that fails again is not asked twice in one run.
  public func unlabelledPairs(labeller: String, within: Int, limit: Int, after: Int = 0) throws(RewardError)
    -> [LabellingPair]
  {
    let goal = self.goal
    return try storage {
      let rows = try database.prepare("""
        SELECT p.id, p.first_observation, p.second_observation FROM
          (SELECT id, first_observation, second_observation FROM pairs ORDER BY id LIMIT ?) AS p
        WHERE p.id > ?
          AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.pair_id = p.id AND l.labeller = ? AND l.status != 'failed')
        ORDER BY p.id LIMIT ?
        """).bind(within, after, labeller, limit).rows { (id: $0.int(0), first: $0.int(1), second: $0.int(2)) }
      return try rows.map { row in
        LabellingPair(id: row.id, first: try side(row.first), second: try side(row.second), goal: goal)
      }
    }
  }

  private func side(_ observationID: Int) throws -> PairSide {
    let row = try database.prepare("""
      SELECT o.episode, o.step, c.text, o.progress, o.episode_return, o.data, o.staged_progress
      FROM observations o JOIN captions c ON c.id = o.caption_id WHERE o.id = ?
      """).bind(observationID).first {
        (episode: $0.int(0), step: $0.int(1), caption: $0.string(2), progress: $0.double(3), ret: $0.double(4),
         data: $0.bytes(5), staged: $0.optionalDouble(6))
      }
    guard let row else { throw RewardError.storage("\(path): observation \(observationID) is missing") }
    let history = try database.prepare(
      "SELECT progress FROM observations WHERE episode = ? AND step <= ? ORDER BY step"
    ).bind(row.episode, row.step).rows { $0.double(0) }
    return PairSide(observationID: observationID, caption: row.caption, progress: row.progress,
                    episodeReturn: row.ret, progressHistory: history, observation: row.data, stagedProgress: row.staged)
  }

  /// Records labels in one transaction. A label that already exists for its (pair,
  /// labeller) is kept and the new one ignored (a resumed run never duplicates), except a
  /// `failed` one, which the new label replaces.
  public func record(_ labels: [(pairID: Int, label: Label)]) throws(RewardError) {
    let now = ISO8601DateFormatter().string(from: Date())
    try storage {
      try database.transaction {
        let insert = try database.prepare("""
          INSERT INTO labels(pair_id, labeller, simulated, model, prompt_version, status, preference,
            raw_answer, latency_ms, prompt_tokens, completion_tokens, created_at)
          VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(pair_id, labeller) DO UPDATE SET
            simulated = excluded.simulated, model = excluded.model, prompt_version = excluded.prompt_version,
            status = excluded.status, preference = excluded.preference, raw_answer = excluded.raw_answer,
            latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens,
            completion_tokens = excluded.completion_tokens, created_at = excluded.created_at
          WHERE labels.status = 'failed'
          """)
        for (pairID, l) in labels {
          try insert.bind(pairID, l.labeller, l.isSimulated, l.model, l.promptVersion, l.status.rawValue, l.preference,
                          l.rawAnswer, l.latency * 1000, l.promptTokens, l.completionTokens, now).run()
        }
      }
    }
  }

  /// Label counts by status for `labeller` (all labellers when nil).
  public func labelCounts(labeller: String?) throws(RewardError) -> [LabelStatus: Int] {
    try storage {
      let statement = try database.prepare(
        "SELECT status, COUNT(*) FROM labels WHERE (?1 IS NULL OR labeller = ?1) GROUP BY status")
      var counts: [LabelStatus: Int] = [:]
      try statement.bind(labeller)
      while try statement.step() {
        if let status = LabelStatus(rawValue: statement.string(0)) { counts[status] = statement.int(1) }
      }
      return counts
    }
  }

  /// The labellers that have labels in this store, with how many.
  public func labellers() throws(RewardError) -> [(name: String, simulated: Bool, count: Int)] {
    try storage {
      try database.prepare("SELECT labeller, MAX(simulated), COUNT(*) FROM labels GROUP BY labeller ORDER BY labeller")
        .rows { (name: $0.string(0), simulated: $0.int(1) != 0, count: $0.int(2)) }
    }
  }

  /// Every usable label (preferred or tie) of `labeller`, with both observations. Every label
  /// of `labeller` is checked first (see LabelStore+Validation.swift): if any is not what a
  /// labeller writes, or an observation has the wrong size, nothing is returned and the error
  /// lists the rows.
  public func examples(labeller: String) throws(RewardError) -> [PreferenceExample] {
    let expected = observationByteCount
    let (examples, problems) = try storage {
      let statement = try database.prepare("""
        SELECT l.id, p.id, l.status, typeof(l.preference), l.preference, a.id, a.data, b.id, b.data,
          a.progress, b.progress, a.event, b.event
        FROM labels l JOIN pairs p ON p.id = l.pair_id
          JOIN observations a ON a.id = p.first_observation JOIN observations b ON b.id = p.second_observation
        WHERE l.labeller = ? ORDER BY p.id
        """).bind(labeller)
      var examples: [PreferenceExample] = [], problems: [String] = []
      while try statement.step() {
        let labelID = statement.int(0), pairID = statement.int(1)
        let first = statement.bytes(6), second = statement.bytes(8)
        let problem = Self.problem(status: statement.string(2), preferenceType: statement.string(3),
                                   preference: statement.double(4))
          ?? observationProblem(id: statement.int(5), byteCount: first.count, expected: expected)
          ?? observationProblem(id: statement.int(7), byteCount: second.count, expected: expected)
        if let problem {
          problems.append("label \(labelID) (pair \(pairID)): \(problem)")
        } else if let preference = statement.optionalDouble(4) {
          examples.append(PreferenceExample(
            pairID: pairID, first: first, second: second, preference: preference, firstProgress: statement.double(9),
            secondProgress: statement.double(10), firstEvent: statement.int(11), secondEvent: statement.int(12)))
        }
      }
      return (examples, problems)
    }
    guard problems.isEmpty else { throw refusal(problems, labeller: labeller) }
    return examples
  }
}
