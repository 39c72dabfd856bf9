import Foundation
import XCTest

@testable import PavlovSim

/// The NetHack family through the Swift face: the real game (nle 1.3.0's engine, installed by
/// scripts/nle_setup.sh). Skipped, with the reason, where the engine is not installed; the
/// message for that case is tested always. Conformance with NLE itself is
/// python/tests/test_nethack_conformance.py.
final class NetHackTests: XCTestCase {
  private let ids = [
    "NetHackScore-v0", "NetHackStaircase-v0", "NetHackStaircasePet-v0", "NetHackOracle-v0", "NetHackGold-v0",
    "NetHackEat-v0", "NetHackScout-v0",
  ]

  private func make(_ id: String = "NetHackScore-v0", count: Int = 2, seed: UInt64 = 5, threads: Int = 1,
                    maxSteps: Int? = nil) throws -> VecEnv {
    do {
      return try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: threads, maxEpisodeSteps: maxSteps))
    } catch SimulationError.unavailable(let why) {
      throw XCTSkip("NetHack's engine is not installed: \(why)")
    }
  }

  private func ints(_ vec: VecEnv, _ env: Int) -> [Int32] {
    Array(vec.observationBytes(of: env).bindMemory(to: Int32.self))
  }

  private func part(_ vec: VecEnv, _ name: String, _ obs: [Int32]) -> ArraySlice<Int32> {
    obs[vec.spec.observationPart(named: name)!.range]
  }

  func testEveryTaskIsListedWithNLEsSpaces() throws {
    for id in ids {
      try requireEnv(id)
      let spec = try VecEnv.spec(for: id)
      XCTAssertEqual(spec.discreteActionCount, 23, id)
      XCTAssertEqual(spec.maxEpisodeSteps, 5000, id)
      XCTAssertEqual(spec.observationSize, 6682, id)
      XCTAssertEqual(spec.observationParts.map(\.name),
                     ["glyphs", "blstats", "message", "inv_glyphs", "inv_strs", "inv_letters", "inv_oclasses",
                      "glyphs_crop", "crop_classes", "status_bins"], id)
      XCTAssertEqual(spec.observationPart(named: "crop_classes")!.categories, [32])
      XCTAssertEqual(spec.observationPart(named: "status_bins")!.shape, [13])
      XCTAssertEqual(spec.observationPart(named: "glyphs")!.shape, [21, 79])
      XCTAssertEqual(spec.observationPart(named: "glyphs_crop")!.shape, [9, 9])
      XCTAssertEqual(Array(spec.infoColumnNames.suffix(9)), ["depth", "score", "gold", "hunger", "turn", "end_status",
                                                             "stairs_distance", "stairs_seen", "explored"])
    }
  }

  func testAMissingEngineNamesThePackageAndTheInstallCommand() throws {
    let saved = ProcessInfo.processInfo.environment["PAVLOV_NLE_DIR"]
    setenv("PAVLOV_NLE_DIR", "/nonexistent/pavlov-nle", 1)
    defer {
      if let saved { setenv("PAVLOV_NLE_DIR", saved, 1) } else { unsetenv("PAVLOV_NLE_DIR") }
    }
    let error = expectSimulationError { _ = try VecEnv(id: "NetHackStaircase-v0", count: 1) }
    guard case .unavailable(let message) = error else { return XCTFail("expected .unavailable, got \(String(describing: error))") }
    XCTAssertTrue(message.contains("nle==1.3.0"), message)
    XCTAssertTrue(message.contains("scripts/nle_setup.sh"), message)
    XCTAssertTrue(message.contains("/nonexistent/pavlov-nle"), message)
  }

  /// A game that cannot start (here: a "library" that is no library) is a counted fault that
  /// truncates the episode, not a crash; the batch keeps answering.
  func testAnEngineThatCannotStartIsAFaultNotACrash() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-fake-nle-\(getpid())")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("nethackdir"),
                                            withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("not a library".utf8).write(to: folder.appendingPathComponent("libnethack.so"))
    try Data().write(to: folder.appendingPathComponent("nethackdir/nhdat"))
    let saved = ProcessInfo.processInfo.environment["PAVLOV_NLE_DIR"]
    setenv("PAVLOV_NLE_DIR", folder.path, 1)
    defer {
      if let saved { setenv("PAVLOV_NLE_DIR", saved, 1) } else { unsetenv("PAVLOV_NLE_DIR") }
    }
    let vec = try VecEnv(id: "NetHackGold-v0", count: 2, seed: 1, options: .init(threadCount: 2))
    try vec.reset()
    XCTAssertEqual(vec.faultCount, 2)
    try vec.step([1, 2])
    XCTAssertEqual(Array(vec.truncated), [1, 1])
    XCTAssertEqual(Array(vec.terminated), [0, 0])
    XCTAssertEqual(vec.faultCount, 4, "the autoreset tried again and failed again")
    let obs = ints(vec, 0)
    XCTAssertTrue(part(vec, "blstats", obs).allSatisfy { $0 == 0 }, "zero status, as outside a game")
    XCTAssertTrue(part(vec, "glyphs", obs).allSatisfy { $0 == 2359 }, "an unseen map, as outside a game")
  }

  func testAGameStartsWithAMonkOnLevelOneAndSeedsFixTheMap() throws {
    let vec = try make(count: 3, seed: 5)
    try vec.reset()
    let obs = (0..<3).map { ints(vec, $0) }
    for o in obs {
      let b = Array(part(vec, "blstats", o))
      XCTAssertEqual(b[12], 1, "depth 1")
      XCTAssertEqual(b[20], 1, "turn 1")
      XCTAssertGreaterThan(b[10], 0, "hit points")
      // The crop's centre is the hero's square of the map.
      let glyphs = Array(part(vec, "glyphs", o)), crop = Array(part(vec, "glyphs_crop", o))
      XCTAssertEqual(crop[4 * 9 + 4], glyphs[Int(b[1]) * 79 + Int(b[0])])
    }
    XCTAssertNotEqual(part(vec, "glyphs", obs[0]), part(vec, "glyphs", obs[1]), "envs of a batch play different games")
    let again = try make(count: 3, seed: 5)
    try again.reset()
    XCTAssertEqual(ints(again, 2), obs[2], "the same seed gives the same game")
    let message = String(decoding: part(vec, "message", obs[0]).prefix { $0 != 0 }.map { UInt8($0) }, as: UTF8.self)
    XCTAssertTrue(message.contains("welcome to NetHack"), message)
    XCTAssertTrue(message.contains("Monk"), message)
  }

  /// The learner's parts restate the crop and the status line: each crop cell's class follows
  /// its glyph (the same glyph, the same class; off the map, walls, floor, the hero and stairs
  /// in their classes), and the bins follow blstats.
  func testCropClassesAndStatusBinsFollowTheGlyphsAndBlstats() throws {
    let vec = try make("NetHackScout-v0", count: 4, seed: 3, maxSteps: 60)
    try vec.reset()
    var classOf: [Int32: Int32] = [:]
    let actions = randomActions(count: 4, actions: 23, steps: 80, seed: 4)
    for (t, a) in actions.enumerated() {
      if t > 0 { try vec.step(a) }
      for e in 0..<4 {
        let o = ints(vec, e)
        let crop = Array(part(vec, "glyphs_crop", o)), classes = Array(part(vec, "crop_classes", o))
        for (g, c) in zip(crop, classes) {
          XCTAssertTrue((0..<32).contains(c))
          if let known = classOf[g] { XCTAssertEqual(known, c, "glyph \(g)") } else { classOf[g] = c }
        }
        let b = Array(part(vec, "blstats", o)), bins = Array(part(vec, "status_bins", o))
        XCTAssertTrue(bins.allSatisfy { (0..<16).contains($0) })
        if b[11] > 0 { XCTAssertEqual(bins[0], min(15, b[10] * 15 / b[11]), "hit points") }
        XCTAssertEqual(bins[1], min(15, b[12]), "depth")
        XCTAssertEqual(bins[8], min(15, b[0] * 16 / 79), "column")
        XCTAssertEqual(bins[9], min(15, b[1] * 16 / 21), "row")
        if b[11] > 0 { XCTAssertEqual(classes[4 * 9 + 4], 18, "the hero is a monster on the map") }
      }
    }
    let expected: [(glyph: Int32, name: String, cls: Int32)] = [
      (5976, "off the map", 0), (2359, "solid rock", 1), (2360, "a vertical wall", 2), (2361, "a horizontal wall", 2),
      (2378, "lit floor", 7), (2380, "a corridor", 9), (2382, "stairs up", 10), (2383, "stairs down", 11),
      (2316, "gold", 28)]
    var checked = 0
    for (glyph, name, cls) in expected {
      guard let seen = classOf[glyph] else { continue }
      XCTAssertEqual(seen, cls, name)
      checked += 1
    }
    XCTAssertGreaterThanOrEqual(checked, 3, "the walk saw some of the common squares")
    XCTAssertGreaterThan(classOf.count, 8, "a walk of 320 steps sees many kinds of squares")
  }

  func testTrajectoriesAreTheSameOnOneAndTwoThreads() throws {
    let actions = randomActions(count: 4, actions: 23, steps: 120, seed: 9)
    func run(_ threads: Int) throws -> [[Int32]] {
      let vec = try make("NetHackScout-v0", count: 4, seed: 21, threads: threads, maxSteps: 50)
      try vec.reset()
      var seen: [[Int32]] = []
      for a in actions {
        try vec.step(a)
        seen.append((0..<4).flatMap { ints(vec, $0) } + vec.rewards.map { Int32($0 * 100) })
      }
      return seen
    }
    let one = try run(1), two = try run(2)
    XCTAssertTrue(one == two, "threads 1 and 2 gave different trajectories")
  }

  func testTheStepLimitTruncatesAndTheNextGameStartsInTheSameStep() throws {
    let vec = try make(count: 1, maxSteps: 5)
    try vec.reset()
    for step in 1...5 {
      try vec.step([19])  // wait: the clock moves, so no time penalty
      let done = vec.truncated[0] != 0
      XCTAssertEqual(done, step == 5, "step \(step)")
      XCTAssertEqual(vec.terminated[0], 0)
    }
    let final = Array(vec.finalObservationBytes(of: 0)!.bindMemory(to: Int32.self))
    XCTAssertTrue(part(vec, "blstats", final).allSatisfy { $0 == 0 }, "NLE's observation after the game is blank")
    let next = ints(vec, 0)
    XCTAssertEqual(part(vec, "blstats", next)[vec.spec.observationPart(named: "blstats")!.offset + 20], 1,
                   "a new game, on turn 1")
    XCTAssertEqual(Int(vec.info(of: 0)[3]), 5)
    XCTAssertEqual(vec.info(of: 0)[vec.spec.infoColumnNames.firstIndex(of: "end_status")!], -1)
  }

  func testCaptionsSayTheMessageDepthHitPointsAndNeighbours() throws {
    let vec = try make("NetHackStaircase-v0", count: 1)
    try vec.reset()
    let caption = try vec.caption(of: 0)
    XCTAssertTrue(caption.contains("welcome to NetHack"), caption)
    XCTAssertTrue(caption.contains("Depth 1, hit points"), caption)
    XCTAssertTrue(caption.contains("Next to you:") || caption.contains("Nothing but floor"), caption)
    var obs = ints(vec, 0)
    XCTAssertEqual(try vec.caption(observation: obs, event: 1).hasPrefix("Hello") , true)
    XCTAssertTrue(try vec.caption(observation: obs, event: 1).contains("You died."))
    obs[5] = 6000  // no glyph has that number
    guard case .invalidArgument(let why) = expectSimulationError({ _ = try vec.caption(observation: obs, event: 0) })
    else { return XCTFail("a corrupt observation was captioned") }
    XCTAssertTrue(why.contains("element 5"), why)
  }

  /// The terminal is kept only when asked for (it costs a quarter of a step), from the next
  /// reset on; keeping it changes nothing the agent sees.
  func testRenderShowsNetHacksScreenWhenKeptAndActionsHaveNames() throws {
    let vec = try make(count: 1)
    try vec.reset()
    XCTAssertThrowsError(try vec.renderText(of: 0)) { error in
      XCTAssertTrue("\(error)".contains("keep_screen"), "\(error)")
    }
    try vec.keepScreen()
    XCTAssertThrowsError(try vec.renderText(of: 0)) { error in
      XCTAssertTrue("\(error)".contains("reset first"), "\(error)")
    }
    let plain = try make(count: 1)
    try vec.reset()
    try plain.reset()
    try plain.reset()  // the same number of resets: the same game
    for a in randomActions(count: 1, actions: 23, steps: 60, seed: 2) {
      try vec.step(a)
      try plain.step(a)
      XCTAssertEqual(ints(vec, 0), ints(plain, 0))
      XCTAssertEqual(Array(vec.rewards), Array(plain.rewards))
    }
    let screen = try vec.renderText(of: 0)
    XCTAssertTrue(screen.contains("Dlvl:1"), screen)
    XCTAssertTrue(screen.contains("@"), screen)
    XCTAssertEqual(try vec.actionNames().prefix(3), ["more", "north", "east"])
    XCTAssertEqual(try vec.actionName(22), "search")
  }

  func testClosingRemovesTheGamesDirectories() throws {
    let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let mine = "pavlov-nle-\(getpid())-"
    func count() throws -> Int {
      try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(mine) }.count
    }
    let before = try count()
    do {
      let vec = try make(count: 3)
      try vec.reset()
      XCTAssertEqual(try count(), before + 3)
    }
    XCTAssertEqual(try count(), before)
  }
}
