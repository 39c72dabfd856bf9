import Foundation

/// A learning-curve picture a person can open in any browser: success rate (left axis, 0–1)
/// and episodic return (right axis) against environment steps, as a standalone SVG.
public struct LearningCurve {
  public var title: String
  /// (global step, success rate over the last 100 episodes).
  public var success: [(Double, Double)] = []
  /// (global step, mean episodic return of the iteration).
  public var returns: [(Double, Double)] = []

  public init(title: String) { self.title = title }

  public mutating func add(_ metrics: some RunMetrics) {
    let step = Double(metrics.globalStep)
    if let rate = metrics.successRate { success.append((step, rate)) }
    if let value = metrics.episodicReturn { returns.append((step, value)) }
  }

  public func svg(width: Double = 720, height: Double = 420) -> String {
    let left = 60.0, right = 60.0, top = 40.0, bottom = 50.0
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    let maxStep = max(1, (success + returns).map(\.0).max() ?? 1)
    let returnValues = returns.map(\.1)
    var lowReturn = min(0, returnValues.min() ?? 0), highReturn = max(1, returnValues.max() ?? 1)
    if highReturn - lowReturn < 1e-9 { (lowReturn, highReturn) = (lowReturn - 1, highReturn + 1) }
    func x(_ step: Double) -> Double { left + plotWidth * step / maxStep }
    func ySuccess(_ v: Double) -> Double { top + plotHeight * (1 - v) }
    func yReturn(_ v: Double) -> Double { top + plotHeight * (1 - (v - lowReturn) / (highReturn - lowReturn)) }
    func path(_ points: [(Double, Double)], _ y: (Double) -> Double) -> String {
      SVGChart.pathData(points.map { (x($0.0), y($0.1)) })
    }
    var svg = SVGChart.header(width: width, height: height, title: title, left: left, top: top,
                              plotWidth: plotWidth, plotHeight: plotHeight)
    for k in 0...4 {
      let v = Double(k) / 4
      let y = ySuccess(v)
      svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                    left, y, left + plotWidth, y)
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1f77b4\">%.2f</text>\n",
                    left - 6, y + 4, v)
      let r = lowReturn + v * (highReturn - lowReturn)
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#d62728\">%.2f</text>\n", left + plotWidth + 6, y + 4, r)
      let step = maxStep * v
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>\n",
                    x(step), top + plotHeight + 18, stepLabel(step))
    }
    svg += "<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">environment steps</text>\n"
    svg += "<text x=\"\(left)\" y=\"\(top - 8)\" fill=\"#1f77b4\">success rate (last 100 episodes)</text>\n"
    svg += "<text x=\"\(left + plotWidth)\" y=\"\(top - 8)\" text-anchor=\"end\" fill=\"#d62728\">episodic return</text>\n"
    if !returns.isEmpty {
      svg += "<path d=\"\(path(returns, yReturn))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>\n"
    }
    if !success.isEmpty {
      svg += "<path d=\"\(path(success, ySuccess))\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
    }
    return svg + "</svg>\n"
  }

  private func stepLabel(_ step: Double) -> String {
    switch step {
    case 1e6...: return String(format: "%.1fM", step / 1e6)
    case 1e3...: return String(format: "%.0fk", step / 1e3)
    default: return String(format: "%.0f", step)
    }
  }
}
