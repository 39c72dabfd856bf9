import ArgumentParser
import Foundation
import PavlovSim

/// `pavlov play`: a person plays env 0 in the terminal, one typed move per line.
struct PlayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play",
    abstract: "Play an environment in the terminal.",
    discussion: """
      Shows the map (or board) and the caption a language model would read, then reads one \
      move per line. Grid worlds: a/left, d/right, w/forward, p/pickup, o/drop, t/toggle, \
      done. Wordle: type a five-letter word. Any action can also be given by its number. \
      ? shows help, q quits.
      """)

  @Option(help: "Environment id (see `pavlov envs`).")
  var env = "MiniGrid-DoorKey-8x8-v0"

  @Option(help: "Seed of the episode layout.")
  var seed: UInt64 = 0

  func run() throws {
    let vec = try VecEnv(id: env, count: 1, seed: seed, options: .init(threadCount: 1))
    guard case .discrete(let actionCount) = vec.spec.actionSpace else {
      throw ValidationError("\(env) takes continuous actions; play supports discrete ones only")
    }
    let moves = try MoveParser(vec: vec)
    try vec.keepScreen()
    try vec.reset()
    var episode = EpisodeTally()
    print(Terminal.bold("Playing \(env). Type ? for help, q to quit."))
    show(vec)
    while true {
      print(Terminal.dim("> "), terminator: "")
      fflush(nil)  // all streams: the prompt has no newline (and `stdout` is not concurrency-safe)
      guard let line = readLine() else {
        print("\nEnd of input; goodbye.")
        return
      }
      let input = line.trimmingCharacters(in: .whitespaces).lowercased()
      switch input {
      case "":
        continue
      case "q", "quit", "exit":
        print("Goodbye.")
        return
      case "?", "h", "help":
        print(moves.help(actionCount: actionCount))
        continue
      default:
        break
      }
      let action: Int
      switch moves.action(for: input) {
      case .success(let index): action = index
      case .failure(let problem):
        print(Terminal.yellow(problem.message + " Type ? for help."))
        continue
      }
      try vec.step([Int32(action)])
      episode.add(vec)
      try showStep(vec, action: moves.name(of: action), tally: &episode)
    }
  }

  private func show(_ vec: VecEnv) {
    print(((try? vec.renderText(of: 0)) ?? "(no picture)"))
    print(Terminal.green((try? vec.caption(of: 0)) ?? ""))
  }

  private func showStep(_ vec: VecEnv, action: String, tally: inout EpisodeTally) throws {
    let event = Int(vec.info(of: 0)[InfoColumn.event])
    var line = "\(action): reward \(vec.rewards[0])"
    if let name = vec.eventName(event), !name.isEmpty { line += ", \(name)" }
    print(line)
    guard vec.results.isDone(0) else {
      show(vec)
      return
    }
    // The row already shows the next episode (same-step autoreset): describe the last frame
    // from the saved final observation instead.
    if let last = vec.finalObservationBytes(of: 0) {
      print(Terminal.green(try vec.caption(observation: last, event: event)))
    }
    let success = vec.info(of: 0)[InfoColumn.success] > 0
    let how = vec.terminated[0] != 0 ? (success ? "solved" : "over") : "cut at the step limit"
    let message = String(format: "Episode %@ after %d steps, return %.3f.", how, tally.steps, tally.totalReward)
    print(success ? Terminal.green(Terminal.bold(message)) : Terminal.red(Terminal.bold(message)))
    tally = EpisodeTally()
    print(Terminal.bold("New episode."))
    show(vec)
  }
}

/// Steps and reward of the episode being played.
private struct EpisodeTally {
  var steps = 0
  var totalReward = 0.0

  mutating func add(_ vec: VecEnv) {
    steps += 1
    totalReward += Double(vec.rewards[0])
  }
}

/// Turns a typed line into an action index: a number, an action's name from the core
/// (a grid action, a Wordle word), or a one-letter grid shortcut.
struct MoveParser {
  private let names: [String]
  private let indexByName: [String: Int]
  private static let shortcuts = [
    "a": "left", "d": "right", "w": "forward", "p": "pickup", "o": "drop", "t": "toggle",
  ]

  init(vec: VecEnv) throws {
    // Every family names its actions in the core (grid worlds: MiniGrid's "left" ... "done").
    let names = try vec.actionNames()
    self.names = names
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() where index[name.lowercased()] == nil {
      index[name.lowercased()] = i
    }
    indexByName = index
  }

  struct Rejection: Error {
    let message: String
  }

  func action(for input: String) -> Result<Int, Rejection> {
    if let number = Int(input) {
      guard names.indices.contains(number) else {
        return .failure(Rejection(message: "Action \(number) is out of range; allowed actions are 0...\(names.count - 1)."))
      }
      return .success(number)
    }
    if let index = indexByName[input] ?? Self.shortcuts[input].flatMap({ indexByName[$0] }) {
      return .success(index)
    }
    if names.count > 32 {
      return .failure(Rejection(message: "'\(input)' is not one of the \(names.count) allowed moves (words)."))
    }
    return .failure(Rejection(message: "Unknown move '\(input)'; moves are " + names.joined(separator: ", ") + "."))
  }

  func name(of action: Int) -> String { names.indices.contains(action) ? names[action] : "action \(action)" }

  func help(actionCount: Int) -> String {
    var lines = ["Moves: an action number in 0...\(actionCount - 1), or its name."]
    if actionCount <= 32 {
      for (i, name) in names.enumerated() {
        let key = Self.shortcuts.first { $0.value == name }?.key
        lines.append("  \(i)  \(name)" + (key.map { "  (\($0))" } ?? ""))
      }
    } else {
      lines.append("  \(actionCount) actions, e.g. " + names.prefix(5).joined(separator: ", ") + ", ...")
    }
    lines.append("  ?  this help;  q  quit")
    return lines.joined(separator: "\n")
  }
}
