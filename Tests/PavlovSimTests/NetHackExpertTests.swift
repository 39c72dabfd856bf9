import Foundation
import XCTest

@testable import PavlovSim

/// The NetHack family's scripted expert (a planner on the seen map) and its privileged level
/// facts (true distance to the stairs down, stairs seen, explored share, Staircase progress).
/// Skipped, with the reason, where NetHack's engine is not installed (scripts/nle_setup.sh).
final class NetHackExpertTests: XCTestCase {
  private func make(_ id: String, count: Int, seed: UInt64) throws -> VecEnv {
    do {
      return try VecEnv(id: id, count: count, seed: seed, options: .init(threadCount: 1))
    } catch SimulationError.unavailable(let why) {
      throw XCTSkip("NetHack's engine is not installed: \(why)")
    }
  }

  private func column(_ vec: VecEnv, _ name: String) -> Int { vec.spec.infoColumnNames.firstIndex(of: name)! }

  /// First episodes of `count` games under the expert, at most `limit` steps each.
  private func firstEpisodes(_ vec: VecEnv, limit: Int,
                             each: (_ env: Int, _ info: UnsafeBufferPointer<Float>, _ reward: Float) -> Void = { _, _, _ in })
    throws -> (successes: Int, ended: Int)
  {
    try vec.reset()
    var done = [Bool](repeating: false, count: vec.count)
    var successes = 0
    for _ in 0..<limit where done.contains(false) {
      let actions = try vec.expertActions().map { Int32($0) }
      XCTAssertTrue(actions.allSatisfy { (0..<23).contains($0) }, "\(actions)")
      try vec.step(actions)
      for e in 0..<vec.count where !done[e] {
        each(e, vec.info(of: e), vec.rewards[e])
        if vec.terminated[e] != 0 || vec.truncated[e] != 0 {
          done[e] = true
          if vec.info(of: e)[InfoColumn.success] == 1 { successes += 1 }
        }
      }
    }
    return (successes, done.filter { $0 }.count)
  }

  func testTheExpertReachesTheStairsInMostGames() throws {
    // Bench/nethack_expert.py: about 0.95 over 200 games; eight fixed games, a bounded budget.
    let vec = try make("NetHackStaircase-v0", count: 8, seed: 3)
    let distance = column(vec, "stairs_distance")
    var lastDistance = [Float](repeating: -1, count: 8)
    var distanceBeforeSuccess: [Float] = []
    let result = try firstEpisodes(vec, limit: 1500) { env, info, reward in
      if info[InfoColumn.success] == 1 {
        distanceBeforeSuccess.append(lastDistance[env])
        XCTAssertEqual(info[InfoColumn.progress], 1)
        XCTAssertEqual(info[distance], 0, "on the stairs")
        XCTAssertGreaterThan(reward, 0.98)
      } else {
        XCTAssertLessThanOrEqual(info[InfoColumn.progress], 0.9)
      }
      lastDistance[env] = info[distance]
    }
    XCTAssertGreaterThanOrEqual(result.successes, 6, "the expert found the stairs in \(result.successes) of 8 games")
    // One step away, or two where the true distance counts a doorless doorway's diagonal as two
    // (it forbids diagonals through every door square; NetHack allows them through empty doorways).
    XCTAssertEqual(distanceBeforeSuccess.count, result.successes)
    XCTAssertTrue(distanceBeforeSuccess.allSatisfy { $0 == 1 || $0 == 2 }, "\(distanceBeforeSuccess)")
  }

  func testADeathIsTheLowestProgressAndTheGoalTheHighest() throws {
    // Random walks: the first games of these seeds include deaths and goals (fixed by the seed).
    let count = 16
    let vec = try make("NetHackStaircase-v0", count: count, seed: 5)
    try vec.reset()
    var start = (0..<count).map { vec.info(of: $0)[InfoColumn.progress] }
    var deaths = 0, goals = 0
    for actions in randomActions(count: count, actions: 23, steps: 600, seed: 12) {
      try vec.step(actions)
      for e in 0..<count {
        let info = vec.info(of: e)
        if vec.terminated[e] != 0 || vec.truncated[e] != 0 {
          if info[InfoColumn.event] == 1 {
            deaths += 1
            XCTAssertEqual(info[InfoColumn.progress], 0, "a death")
            XCTAssertLessThan(info[InfoColumn.progress], start[e], "a death is below the game's start")
          } else if info[InfoColumn.success] == 1 {
            goals += 1
            XCTAssertEqual(info[InfoColumn.progress], 1, "the goal")
            XCTAssertGreaterThan(info[InfoColumn.progress], start[e], "the goal is above the game's start")
          }
          start[e] = -1  // the next game's start is its first step's
        } else {
          if start[e] < 0 { start[e] = info[InfoColumn.progress] }
          XCTAssertTrue((0.1...0.9).contains(info[InfoColumn.progress]), "living: \(info[InfoColumn.progress])")
        }
      }
    }
    XCTAssertGreaterThan(deaths, 0, "the walks met no death")
    XCTAssertGreaterThan(goals, 0, "the walks met no goal")
  }

  func testLevelFactsAtTheStartOfAGame() throws {
    let vec = try make("NetHackStaircase-v0", count: 6, seed: 11)
    try vec.reset()
    let distance = column(vec, "stairs_distance"), seen = column(vec, "stairs_seen"), explored = column(vec, "explored")
    for e in 0..<vec.count {
      let info = vec.info(of: e)
      XCTAssertGreaterThan(info[distance], 0, "env \(e): the stairs down are somewhere else on level 1")
      XCTAssertTrue(info[seen] == 0 || info[seen] == 1)
      XCTAssertGreaterThan(info[explored], 0)
      XCTAssertLessThan(info[explored], 1)
      // Living progress spans 0.1...0.9: 0 is a death's, 1 the goal's.
      let measure = (info[explored] + info[seen] + (1 - min(80, info[distance]) / 80)) / 3
      XCTAssertEqual(info[InfoColumn.progress], 0.1 + 0.8 * measure, accuracy: 1e-5)
    }
    // Score keeps its progress (depth: 0.1 on level 1) and reports the same facts.
    let score = try make("NetHackScore-v0", count: 1, seed: 11)
    try score.reset()
    XCTAssertEqual(score.info(of: 0)[InfoColumn.progress], 0.1, accuracy: 1e-6)
    XCTAssertEqual(score.info(of: 0)[distance], vec.info(of: 0)[distance], "the same game, the same facts")
  }

  func testTheExpertActsOnEveryTaskAndDescendsWhereDepthPays() throws {
    let vec = try make("NetHackScore-v0", count: 4, seed: 3)
    let depth = column(vec, "depth")
    var deepest: Float = 1
    _ = try firstEpisodes(vec, limit: 800) { _, info, _ in deepest = max(deepest, info[depth]) }
    XCTAssertGreaterThanOrEqual(deepest, 2, "on Score the expert takes the stairs down")
  }
}
