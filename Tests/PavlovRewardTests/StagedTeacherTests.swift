import Foundation
import PavlovSQLite
import PavlovSim
import XCTest
@testable import PavlovReward

/// `scripted:staged` (SIMULATED): the oracle on staged progress (reach the object, be at it,
/// hold or move it), recorded beside progress in the label store where the env reports it.
final class StagedTeacherTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-staged-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  private func side(_ id: Int, _ caption: String, progress: Double, staged: Double?) -> PairSide {
    PairSide(observationID: id, caption: caption, progress: progress, episodeReturn: 0, stagedProgress: staged)
  }

  func testParsingAndName() throws {
    let staged = try ScriptedTeacher(parsing: "staged")
    XCTAssertEqual(staged.kind, .oracle)
    XCTAssertEqual(staged.signal, .staged)
    XCTAssertEqual(staged.name, "scripted:staged")
    XCTAssertTrue(staged.summary.contains("SIMULATED") && staged.summary.contains("staged progress"), staged.summary)
    XCTAssertEqual(try ScriptedTeacher(kind: .oracle, signal: .staged).name, "scripted:staged")
    XCTAssertEqual(try ScriptedTeacher(parsing: "oracle").name, "scripted:oracle", "the old teacher keeps its name")
    let refused: [(() throws -> ScriptedTeacher, String)] = [
      ({ try ScriptedTeacher(parsing: "staged=1") }, "takes no parameter"),
      ({ try ScriptedTeacher(parsing: "staged", signal: .return) }, "return signal does not apply"),
      ({ try ScriptedTeacher(kind: .mistake(epsilon: 0.1), signal: .staged) }, "oracle only"),
      ({ try ScriptedTeacher(parsing: "wizard") }, "oracle, staged,"),
    ]
    for (make, expected) in refused {
      XCTAssertThrowsError(try make()) { XCTAssertTrue("\($0)".contains(expected), "\($0)") }
    }
  }

  /// Hand-picked moments of sweep-into, as the captions put them: progress ties all the ones
  /// before the cube moves; staged progress orders them reach < at the cube < held < moved.
  func testTheTeachersChoiceOnHandPickedPairs() throws {
    let staged = try ScriptedTeacher(parsing: "staged"), oracle = try ScriptedTeacher(parsing: "oracle")
    let far = side(1, "the gripper is open, 25 cm from the cube; the cube is 20 cm from the goal", progress: 0, staged: 0.05)
    let near = side(2, "the gripper is open, 12 cm from the cube; the cube is 20 cm from the goal", progress: 0, staged: 0.2)
    let at = side(3, "the gripper is open, at the cube; the cube is 20 cm from the goal", progress: 0, staged: 0.45)
    let held = side(4, "the gripper is 2 cm open, at the cube; the cube is 20 cm from the goal", progress: 0,
                    staged: 2.0 / 3)
    let moved = side(5, "the gripper is 2 cm open, at the cube; the cube is 11 cm from the goal", progress: 0.6,
                     staged: 2.0 / 3 + 0.2)
    let order = [far, near, at, held, moved]
    for (i, a) in order.enumerated() {
      for (j, b) in order.enumerated() where i != j {
        let pair = LabellingPair(id: 10 * i + j, first: a, second: b, goal: "sweep the cube into the hole")
        XCTAssertEqual(staged.labelNow(pair).preference, i > j ? 1 : 0, "\(a.caption) vs \(b.caption)")
        XCTAssertEqual(staged.labelNow(pair).labeller, "scripted:staged")
        XCTAssertTrue(staged.labelNow(pair).isSimulated)
        if i < 4 && j < 4 { XCTAssertEqual(oracle.labelNow(pair).status, .tie, "progress is silent before the cube moves") }
      }
    }
    let same = LabellingPair(id: 99, first: near, second: side(6, "x", progress: 0, staged: 0.2), goal: "")
    XCTAssertEqual(staged.labelNow(same).status, .tie)
    // Never a guess where a side has none recorded.
    let unknown = LabellingPair(id: 98, first: near, second: side(7, "y", progress: 0, staged: nil), goal: "")
    let label = staged.labelNow(unknown)
    XCTAssertEqual(label.status, .failed)
    XCTAssertNil(label.preference)
    XCTAssertTrue(label.rawAnswer.contains("observation 7"), label.rawAnswer)
  }

  /// `collect` records the arm's staged progress beside progress; annotate labels by it, and a
  /// store of an env without it is refused with a message rather than labelled.
  func testStoresRecordItAndSessionsRefuseStoresWithout() async throws {
    let arm = try LabelStore(path: path("arm.sqlite"), mode: .createIfMissing)
    try ObservationCollector(environmentID: "arm/sweep-into", environmentCount: 2, seed: 4).collectRandom(steps: 200, into: arm)
    XCTAssertTrue(try arm.hasStagedProgress())
    let session = try LabellingSession(store: arm, labeller: try ScriptedTeacher(parsing: "staged"), pairs: 40, seed: 1)
    let outcome = try await session.run()
    XCTAssertEqual(outcome.labelled, 40)
    let sides = try arm.unlabelledPairs(labeller: "nobody", within: 40, limit: 40).flatMap { [$0.first, $0.second] }
    XCTAssertTrue(sides.allSatisfy { ($0.stagedProgress ?? -1) >= 0 && $0.stagedProgress! <= 1 })
    // Random actions barely leave the start: the hand's reach is small but seen; the cube rests.
    XCTAssertTrue(sides.contains { $0.stagedProgress! > 0.01 && $0.progress < 1e-6 }, "staged progress speaks where progress is ~0")
    let counts = try arm.labelCounts(labeller: "scripted:staged")
    XCTAssertGreaterThan(counts[.preferred, default: 0], counts[.tie, default: 0])

    let grid = try LabelStore(path: path("grid.sqlite"), mode: .createIfMissing)
    try ObservationCollector(environmentID: "MiniGrid-Empty-5x5-v0", seed: 4).collectRandom(steps: 50, into: grid)
    XCTAssertFalse(try grid.hasStagedProgress())
    XCTAssertThrowsError(try LabellingSession(store: grid, labeller: try ScriptedTeacher(parsing: "staged"), pairs: 10)) {
      XCTAssertTrue("\($0)".contains("holds none") && "\($0)".contains("scripted:oracle"), "\($0)")
    }
  }

  /// A store written before staged progress (schema version 1) opens, is upgraded in place, and
  /// keeps its rows (with none recorded for them).
  func testAVersionOneStoreIsUpgraded() throws {
    let file = path("v1.sqlite")
    let database = try Database(path: file, creating: true)
    let versionOne = LabelStore.schema.replacingOccurrences(of: ",\n  staged_progress REAL)", with: ")")
    XCTAssertFalse(versionOne.contains("staged"))
    try database.execute(versionOne)
    try database.execute("""
      INSERT INTO meta VALUES('format', 'pavlov-label-store'), ('schema_version', '1'), ('env_id', 'arm/sweep-into'),
        ('observation_bytes', '156'), ('observation_high', '10'), ('observation_type', 'float32'), ('goal', 'g');
      INSERT INTO captions VALUES(1, 'old');
      INSERT INTO observations(episode, step, data, caption_id, progress, event, reward, episode_return)
        VALUES(0, 0, zeroblob(156), 1, 0.25, 0, 0, 0);
      """)
    let store = try LabelStore(path: file)
    XCTAssertEqual(try store.meta("schema_version"), "2")
    XCTAssertFalse(try store.hasStagedProgress())
    try store.record([RecordedObservation(episode: 1, step: 0, bytes: [UInt8](repeating: 0, count: 156), caption: "new",
                                          progress: 0, event: 0, reward: 0, episodeReturn: 0, stagedProgress: 0.3)])
    XCTAssertTrue(try store.hasStagedProgress())
    XCTAssertEqual(try store.counts().observations, 2)
  }

  /// PEBBLE with the staged teacher: a small SAC run on sweep-into stores staged progress with
  /// what the agent reached and refits on scripted:staged labels only.
  func testSACRelabelsWithTheStagedTeacher() throws {
    let f = try ArmSACRunFixture(self, name: "sac-staged", learningStarts: 32, metricsInterval: 32,
                                 environmentID: "arm/sweep-into")
    let trained = try CommandLineTool.run([
      "train", "--algo", "sac", "--env", f.environmentID, "--steps", "64", "--config", f.configPath, "--out", f.runPath,
      "--plain", "--reward", "ai-feedback:\(f.modelPath),relabel=1,store=\(f.storePath),labeller=scripted:staged,pairs=20,window=64"])
    XCTAssertEqual(trained.status, 0, trained.output)
    XCTAssertTrue(trained.output.contains("labels added by scripted:staged"), trained.output)
    let store = try LabelStore(path: f.storePath)
    XCTAssertTrue(try store.hasStagedProgress())
    XCTAssertEqual(try store.labellers().map(\.name), ["scripted:staged"])
  }

  /// Re-labelling during training with scripted:staged needs an env that reports it.
  func testRelabellingRefusesAnEnvWithoutIt() throws {
    let env = "MiniGrid-Empty-5x5-v0"
    let spec = try VecEnv.spec(for: env)
    let model = try RewardModel(environmentID: env, observationType: spec.observationType.rawValue,
                                observationSize: spec.observationSize, hiddenSizes: [4])
    try model.write(to: path("m.model"))
    let kind = try AIFeedbackRewardKind(options: "\(path("m.model")),relabel=1,store=\(path("s.sqlite")),labeller=scripted:staged")
    XCTAssertThrowsError(try kind.makeReward(for: RewardContext(spec: spec, environmentCount: 2))) {
      XCTAssertTrue("\($0)".contains("scripted:staged compares staged progress, which \(env) does not report"), "\($0)")
    }
  }
}
