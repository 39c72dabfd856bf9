import Foundation

/// figure.svg: the paper's Fig. 1 as bars, one per method, success mean with standard-error
/// whiskers; SIMULATED bars are hatched and labelled, skipped methods say why instead of a bar.
public enum StudyFigure {
  public static func svg(_ results: StudyResults) -> String {
    let rows = results.rows
    let barWidth = 70.0, gap = 40.0, left = 60.0, top = 50.0, plotHeight = 240.0
    let width = left + Double(max(rows.count, 1)) * (barWidth + gap) + 20
    let height = top + plotHeight + 90
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
      <defs><pattern id="simulated" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
      <rect width="8" height="8" fill="#c6d7ea"/><line x1="0" y1="0" x2="0" y2="8" stroke="#4a6f96" stroke-width="3"/>\
      </pattern></defs>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(left)" y="20" font-size="14">\(escape("Success on \(results.plan.environmentID), \(results.plan.seeds) seeds, \(results.plan.steps) PPO steps"))</text>
      <text x="\(left)" y="36" fill="#555">\(escape("error bars: standard error over seeds; hatched: SIMULATED stand-in, no language model"))</text>

      """
    // Axis with ticks at 0, 0.25, ..., 1.
    for k in 0...4 {
      let value = Double(k) / 4, y = top + plotHeight * (1 - value)
      svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 20)\" y2=\"\(y)\" stroke=\"#ddd\"/>"
      svg += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(String(format: "%.2f", value))</text>\n"
    }
    svg += "<text x=\"16\" y=\"\(top + plotHeight / 2)\" transform=\"rotate(-90 16 \(top + plotHeight / 2))\" "
      + "text-anchor=\"middle\">success rate</text>\n"
    for (i, row) in rows.enumerated() {
      let x = left + gap / 2 + Double(i) * (barWidth + gap), centre = x + barWidth / 2
      let base = top + plotHeight
      svg += "<text x=\"\(centre)\" y=\"\(base + 18)\" text-anchor=\"middle\">\(escape(row.method.rawValue))</text>\n"
      if let skipped = row.skipped {
        svg += "<text x=\"\(centre)\" y=\"\(base - 10)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#a00\">skipped</text>"
        // Two lines at most, so that a long reason stays under its own bar.
        for (k, line) in Self.twoLines(skipped).enumerated() {
          svg += "<text x=\"\(centre)\" y=\"\(base + 34 + 11 * Double(k))\" text-anchor=\"middle\" font-size=\"9\" "
            + "fill=\"#a00\">\(escape(line))</text>\n"
        }
        continue
      }
      guard let mean = row.successMean else {
        svg += "<text x=\"\(centre)\" y=\"\(base - 10)\" text-anchor=\"middle\" font-size=\"10\">not run yet</text>\n"
        continue
      }
      let clamped = min(max(mean, 0), 1), barHeight = plotHeight * clamped
      let fill = row.simulated ? "url(#simulated)" : "#4a6f96"
      svg += "<rect x=\"\(x)\" y=\"\(base - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"\(fill)\" "
        + "stroke=\"#2b4560\"/>\n"
      if let se = row.successStandardError {
        let high = base - plotHeight * min(1, clamped + se), low = base - plotHeight * max(0, clamped - se)
        svg += "<line x1=\"\(centre)\" y1=\"\(high)\" x2=\"\(centre)\" y2=\"\(low)\" stroke=\"black\" stroke-width=\"1.5\"/>"
        svg += "<line x1=\"\(centre - 8)\" y1=\"\(high)\" x2=\"\(centre + 8)\" y2=\"\(high)\" stroke=\"black\"/>"
        svg += "<line x1=\"\(centre - 8)\" y1=\"\(low)\" x2=\"\(centre + 8)\" y2=\"\(low)\" stroke=\"black\"/>\n"
      }
      svg += "<text x=\"\(centre)\" y=\"\(base - barHeight - 6)\" text-anchor=\"middle\" font-size=\"10\">"
        + "\(String(format: "%.2f", mean))</text>\n"
      if row.simulated {
        svg += "<text x=\"\(centre)\" y=\"\(base + 34)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#a00\">SIMULATED</text>\n"
      }
    }
    svg += "</svg>\n"
    return svg
  }

  /// Splits at the space nearest the middle.
  static func twoLines(_ text: String) -> [String] {
    let words = text.split(separator: " ")
    guard words.count > 1 else { return [text] }
    var best = 1, bestGap = Int.max
    for k in 1..<words.count {
      let left = words[..<k].joined(separator: " ").count, right = words[k...].joined(separator: " ").count
      if abs(left - right) < bestGap { best = k; bestGap = abs(left - right) }
    }
    return [words[..<best].joined(separator: " "), words[best...].joined(separator: " ")]
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
