import FakeLLMServer
import Foundation
import PavlovLLM
import XCTest
@testable import PavlovReward

/// `pavlov annotate`'s loop as a library type, in process: every label committed as it
/// arrives, an interrupted session resumed with none lost or duplicated, the concurrency and
/// the rate honoured, failed labels asked again and unparseable ones kept (issue 11, item 2).
final class LabellingSessionTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-session-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func collectedStore(_ name: String, steps: Int = 1500) throws -> LabelStore {
    let store = try LabelStore(path: directory.appendingPathComponent(name).path, mode: .createIfMissing)
    try ObservationCollector(environmentID: "MiniGrid-DoorKey-8x8-v0", environmentCount: 8, seed: 5)
      .collectRandom(steps: steps, into: store)
    return store
  }

  private func labels(_ store: LabelStore, _ labeller: String) throws -> [String] {
    try store.examples(labeller: labeller).map { "\($0.pairID) \($0.preference)" }
  }

  func testAnInterruptedSessionResumesWithNoLabelLostOrDuplicated() async throws {
    let teacher = try ScriptedTeacher(parsing: "stochastic=3", seed: 9)
    let reference = try collectedStore("reference.db"), interrupted = try collectedStore("interrupted.db")
    let full = try await LabellingSession(store: reference, labeller: teacher, pairs: 200, seed: 9).run()
    XCTAssertEqual(full.labelled, 200)

    // Cancelled from inside after 40 labels, with more in flight: it stops as a kill would.
    let path = interrupted.path
    let stopped = Task {
      try await LabellingSession(store: try LabelStore(path: path), labeller: teacher, pairs: 200, seed: 9, concurrency: 8).run {
        if case .progress(let p) = $0, p.done == 40 { withUnsafeCurrentTask { $0?.cancel() } }
      }
    }
    let result = await stopped.result
    XCTAssertThrowsError(try result.get(), "the session ran to the end; nothing was interrupted")
    let committed = try interrupted.labelCounts(labeller: teacher.name).values.reduce(0, +)
    XCTAssertEqual(committed, 40, "every label reported was committed, and only those")

    var plan: LabellingSession.Plan?
    let resumed = try await LabellingSession(store: interrupted, labeller: teacher, pairs: 200, seed: 9).run {
      if case .planned(let p) = $0 { plan = p }
    }
    XCTAssertEqual(plan, LabellingSession.Plan(requestedPairs: 200, newPairs: 0, pairs: 200, alreadyLabelled: 40,
                                               toLabel: 160))
    XCTAssertEqual(resumed.labelled, 160)
    XCTAssertEqual(try labels(interrupted, teacher.name), try labels(reference, teacher.name))

    let again = try await LabellingSession(store: interrupted, labeller: teacher, pairs: 200, seed: 9).run()
    XCTAssertEqual(again.labelled, 0, "a finished session has nothing left to label")
  }

  /// Counts labels in flight; each takes a few milliseconds.
  private final class InFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var peak = 0
    func enter() { lock.withLock { now += 1; peak = max(peak, now) } }
    func leave() { lock.withLock { now -= 1 } }
  }

  private struct SlowTeacher: PreferenceLabeller {
    let inFlight: InFlight
    var name: String { "slow" }
    var summary: String { "slow" }
    func label(_ pair: LabellingPair) async -> Label {
      inFlight.enter()
      try? await Task.sleep(nanoseconds: 10_000_000)
      inFlight.leave()
      return Label(preference: 1, status: .preferred, labeller: name, isSimulated: true)
    }
  }

  func testConcurrencyAndRateAreHonoured() async throws {
    let store = try collectedStore("labels.db", steps: 600)
    let inFlight = InFlight()
    let outcome = try await LabellingSession(store: store, labeller: SlowTeacher(inFlight: inFlight), pairs: 24,
                                             concurrency: 3).run()
    XCTAssertEqual(outcome.labelled, 24)
    XCTAssertEqual(inFlight.peak, 3)

    let start = Date()
    let limited = try await LabellingSession(store: store, labeller: try ScriptedTeacher(kind: .oracle), pairs: 24,
                                             maxRate: 100).run()
    XCTAssertEqual(limited.labelled, 24)
    XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.2, "24 labels at 100/s take at least 0.23 s")
  }

  func testFailedLabelsAreAskedAgainAndUnparseableOnesKept() async throws {
    let store = try collectedStore("labels.db", steps: 400)
    func judge(_ server: FakeLLMServer) throws -> LLMLabeller {
      var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-model")
      configuration.maxRetries = 0
      return LLMLabeller(client: try LLMClient(configuration: configuration),
                         prompt: PreferencePrompt(environment: "MiniGrid-DoorKey-8x8-v0"))
    }
    // One pair at a time, so requests map to pairs: a 500 (failed), a bad answer and a bad
    // answer to the retry prompt (unparseable), an answer, a body that is no JSON (failed).
    let flaky = try FakeLLMServer { _, index in
      switch index % 5 {
      case 0: return FakeLLMServer.Response(status: 500, body: Data("boom".utf8))
      case 1, 2: return FakeLLMServer.chatAnswer("no idea, and no format")
      case 3: return FakeLLMServer.chatAnswer("(\"best_description\": 2)")
      default: return FakeLLMServer.Response(body: Data("not json".utf8))
      }
    }
    defer { flaky.stop() }
    let first = try await LabellingSession(store: store, labeller: try judge(flaky), pairs: 12, concurrency: 1).run()
    XCTAssertEqual(first.labelled, 12)
    XCTAssertGreaterThan(first.failed, 0)
    XCTAssertGreaterThan(first.unparseable, 0)
    let before = try store.labelCounts(labeller: nil)
    XCTAssertEqual(before[.failed], first.failed)

    let healthy = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"best_description\": 1)") }
    defer { healthy.stop() }
    let rerun = try await LabellingSession(store: store, labeller: try judge(healthy), pairs: 12).run()
    XCTAssertEqual(rerun.labelled, first.failed, "exactly the labels without an answer are asked again")
    let after = try store.labelCounts(labeller: nil)
    XCTAssertNil(after[.failed])
    XCTAssertEqual(after[.unparseable], before[.unparseable])
    XCTAssertEqual(after.values.reduce(0, +), 12)
  }

  func testBadSettingsAreRefusedByName() throws {
    let store = try collectedStore("labels.db", steps: 100)
    let teacher = try ScriptedTeacher(kind: .oracle)
    let cases: [(pairs: Int, concurrency: Int, rate: Double, message: String)] = [
      (-1, 1, 0, "pairs must be at least 0"), (10, 0, 0, "concurrency must be at least 1"),
      (10, 1, -1, "rate"), (10, 1, .nan, "rate"), (10, 1, .infinity, "rate"),
    ]
    for c in cases {
      XCTAssertThrowsError(try LabellingSession(store: store, labeller: teacher, pairs: c.pairs, concurrency: c.concurrency,
                                                maxRate: c.rate)) { error in
        XCTAssertTrue("\(error)".contains(c.message), "\(error)")
      }
    }
    XCTAssertEqual(try store.counts().pairs, 0, "nothing was drawn")
  }
}
