import PavlovSim

/// In-context example episodes, played by the environment's scripted expert and written out as
/// captions and actions. Long episodes are shown as a few evenly spaced steps (the last one
/// included) so that the prompt stays small.
enum ExampleEpisodes {
  static let stepsShown = 8

  static func record(environmentID: String, count: Int, seed: UInt64, maxEpisodeSteps: Int?, names: [String]) throws
    -> [String]
  {
    let env: VecEnv
    do {
      env = try VecEnv(id: environmentID, count: count, seed: seed,
                       options: .init(threadCount: 1, maxEpisodeSteps: maxEpisodeSteps))
      try env.reset()
    } catch {
      throw AgentError.environment("\(environmentID): \(error)")
    }
    guard ExpertActions.available(env) else {
      throw AgentError.invalidArgument(
        "--examples needs a scripted expert to play the example episodes; \(environmentID) has none "
          + "(the grid worlds, Wordle, the arm and the web tasks have one)")
    }
    var steps = [[ActPrompt.Step]](repeating: [], count: count)
    var succeeded = [Bool](repeating: false, count: count)
    var live = [Bool](repeating: true, count: count)
    while live.contains(true) {
      let captions = try (0..<count).map { live[$0] ? try env.caption(of: $0) : "" }
      let actions = try ExpertActions.actions(env, names: names)
      switch env.spec.actionSpace {
      case .discrete:
        try env.step(actions.map { action -> Int32 in if case .discrete(let a, _) = action { Int32(a) } else { 0 } })
      case .continuous:
        try env.step(actions.flatMap { action -> [Float] in if case .continuous(let v) = action { v } else { [] } })
      }
      for i in 0..<count where live[i] {
        steps[i].append(ActPrompt.Step(caption: captions[i], action: actions[i].text))
        if env.info(of: i)[InfoColumn.success] > 0.5 { succeeded[i] = true }
        if env.results.isDone(i) { live[i] = false }
      }
    }
    return steps.indices.map { text(number: $0 + 1, steps: steps[$0], succeeded: succeeded[$0]) }
  }

  static func text(number: Int, steps: [ActPrompt.Step], succeeded: Bool) -> String {
    let shown = Set((0..<min(stepsShown, steps.count)).map { k in
      steps.count <= stepsShown ? k : k * (steps.count - 1) / (stepsShown - 1)
    })
    let lines = shown.sorted().map { "step \($0 + 1): \(steps[$0].caption) -> Action: \(steps[$0].action)" }
    return "Example \(number) (\(succeeded ? "solved" : "not solved") in \(steps.count) steps):\n" + lines.joined(separator: "\n")
  }
}
