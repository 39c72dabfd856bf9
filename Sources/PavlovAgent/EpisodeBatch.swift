/// The episodes played at once, one per env: which are still live, and what each has earned,
/// taken and been told (its plan, its last steps).
struct EpisodeBatch {
  let historyLength: Int
  private(set) var live: [Bool]
  private(set) var returns: [Double]
  private(set) var lengths: [Int]
  private(set) var solved: [Bool]
  private(set) var histories: [[ActPrompt.Step]]
  var plans: [String?]

  init(count: Int, historyLength: Int) {
    self.historyLength = historyLength
    live = Array(repeating: true, count: count)
    returns = Array(repeating: 0, count: count)
    lengths = Array(repeating: 0, count: count)
    solved = Array(repeating: false, count: count)
    histories = Array(repeating: [], count: count)
    plans = Array(repeating: nil, count: count)
  }

  var liveIndices: [Int] { live.indices.filter { live[$0] } }
  var isFinished: Bool { !live.contains(true) }
  /// The step env `index` is about to take, counting from 1.
  func nextStep(of index: Int) -> Int { lengths[index] + 1 }

  /// One step of env `index`: what it saw, did and got; `done` ends its episode (the core has
  /// already reset that env, so nothing of it is read again).
  mutating func record(_ index: Int, caption: String, action: AgentAction, reward: Float, success: Bool, done: Bool) {
    returns[index] += Double(reward)
    lengths[index] += 1
    if success { solved[index] = true }
    histories[index].append(ActPrompt.Step(caption: caption, action: action.text))
    if histories[index].count > historyLength { histories[index].removeFirst(histories[index].count - historyLength) }
    if done { live[index] = false }
  }

  /// Success, return and length over the batch.
  func summarise(into report: inout ActReport) {
    let count = Double(max(1, live.count))
    report.episodes = live.count
    report.successes = solved.filter { $0 }.count
    report.successRate = report.episodes == 0 ? 0 : Double(report.successes) / Double(report.episodes)
    report.meanReturn = returns.reduce(0, +) / count
    report.meanLength = Double(lengths.reduce(0, +)) / count
  }
}
