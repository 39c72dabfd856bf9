import Foundation
import PavlovLearn
import PavlovSim

/// The learned reward along one episode, with the events the environment reported, to see
/// where the reward rises (the paper's credit-assignment figure: key picked up, door opened,
/// goal reached).
public struct RewardTrace: Sendable {
  public struct Point: Sendable {
    public var step: Int
    public var reward: Float
    /// The environment's event at this step ("" for none), e.g. "picked_up_yellow_key".
    public var event: String
    public var caption: String
  }

  public var environmentID: String
  public var points: [Point]
  public var succeeded: Bool

  /// Steps one env with `policy` (one action per call, from the current raw observation)
  /// until an episode succeeds (or `attempts` episodes fail), scoring every observation.
  public static func record(model: RewardModel, environmentID: String, seed: UInt64, attempts: Int = 20,
                            policy: (UnsafeRawBufferPointer) throws -> Int32) throws -> RewardTrace
  {
    let env = try VecEnv(id: environmentID, count: 1, seed: seed)
    var last = RewardTrace(environmentID: environmentID, points: [], succeeded: false)
    try env.reset()
    for _ in 0..<max(1, attempts) {
      var points = [Point(step: 0, reward: try model.rewards(observationBytes: Array(env.observationBytes(of: 0)))[0],
                          event: "", caption: try env.caption(of: 0))]
      var succeeded = false
      for step in 1...max(1, env.spec.maxEpisodeSteps) {
        try env.step([try policy(env.observationBytes(of: 0))])
        let ended = env.results.isDone(0)
        let bytes = ended ? env.finalObservationBytes(of: 0)! : env.observationBytes(of: 0)
        let code = Int(env.info(of: 0)[InfoColumn.event])
        points.append(Point(step: step, reward: try model.rewards(observationBytes: Array(bytes), events: [Int32(code)])[0],
                            event: env.eventName(code) ?? "", caption: try env.caption(observation: bytes, event: code)))
        if env.info(of: 0)[InfoColumn.success] > 0 { succeeded = true }
        if ended { break }
      }
      last = RewardTrace(environmentID: environmentID, points: points, succeeded: succeeded)
      if succeeded { break }
    }
    return last
  }

  /// A standalone SVG: r̂ per step as a line, each event as a labelled vertical marker.
  public func svg(title: String, width: Double = 760, height: Double = 380) -> String {
    let left = 60.0, right = 20.0, top = 40.0, bottom = 60.0
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    let rewards = points.map { Double($0.reward) }
    var low = rewards.min() ?? 0, high = rewards.max() ?? 1
    if high - low < 1e-6 { (low, high) = (low - 1, high + 1) }
    let lastStep = Double(max(1, points.last?.step ?? 1))
    func x(_ step: Int) -> Double { left + plotWidth * Double(step) / lastStep }
    func y(_ r: Double) -> Double { top + plotHeight * (1 - (r - low) / (high - low)) }
    var svg = SVGChart.header(width: width, height: height, title: title, left: left, top: top,
                              plotWidth: plotWidth, plotHeight: plotHeight)
    svg += """
      <text x="\(left + plotWidth / 2)" y="\(height - 12)" text-anchor="middle">step of the episode \
      (\(succeeded ? "successful" : "not successful"), \(points.count - 1) steps)</text>
      <text x="14" y="\(top + plotHeight / 2)" transform="rotate(-90 14 \(top + plotHeight / 2))" \
      text-anchor="middle">learned reward r̂</text>

      """
    for k in 0...4 {
      let r = low + Double(k) / 4 * (high - low)
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", left - 6, y(r) + 4, r)
    }
    for (index, point) in points.enumerated() where !point.event.isEmpty {
      let px = x(point.step)
      svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"/>\n",
                    px, top, px, top + plotHeight)
      let labelY = top + 14 + Double(index % 3) * 14
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2ca02c\">%@</text>\n", px + 3, labelY,
                    SVGChart.escape(point.event.replacingOccurrences(of: "_", with: " ")))
    }
    let path = SVGChart.pathData(points.map { (x($0.step), y(Double($0.reward))) })
    svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
    return svg + "</svg>\n"
  }
}
