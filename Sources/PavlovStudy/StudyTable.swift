import Foundation

/// table.md: one Markdown row per method, SIMULATED rows marked in the method column.
public enum StudyTable {
  public static func markdown(_ results: StudyResults) -> String {
    let plan = results.plan
    var lines: [String] = []
    lines.append("Study on \(plan.environmentID): \(plan.seeds) seed\(plan.seeds == 1 ? "" : "s"), \(plan.steps) PPO steps per run, "
                 + "\(plan.evaluationEpisodes) evaluation episodes; \(results.finishedRuns)/\(results.plannedRuns) runs finished"
                 + (results.failedRuns > 0 ? ", \(results.failedRuns) failed (reasons below; a rerun tries them again)." : "."))
    lines.append("")
    lines.append("| method | source | success (mean ± SE) | runs | env steps | LLM calls | tokens | LLM FLOPs | learner FLOPs | wall s |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for row in results.rows {
      let method = row.method.rawValue + (row.simulated ? " (SIMULATED)" : "")
      if let skipped = row.skipped {
        lines.append("| \(method) | \(row.source) | skipped: \(skipped) | 0 | – | – | – | – | – | – |")
        continue
      }
      var success: String
      if let mean = row.successMean {
        success = String(format: "%.3f", mean) + (row.successStandardError.map { String(format: " ± %.3f", $0) } ?? " (1 seed)")
      } else {
        success = row.failures.isEmpty ? "not run yet" : "no finished run"
      }
      if !row.failures.isEmpty { success += "; \(row.failures.count) failed" }
      let llmFLOPs: String
      if row.runs == 0 { llmFLOPs = "–" } else if row.simulated {
        llmFLOPs = "0"
      } else {
        llmFLOPs = row.llmFLOPs.map(scientific) ?? "unknown"
      }
      lines.append("| \(method) | \(row.source) | \(success) | \(row.runs) | \(row.environmentSteps.map(scientific) ?? "–") | "
                   + "\(row.llmCalls.map { String(format: "%.0f", $0) } ?? "–") | \(row.tokens.map { String(format: "%.0f", $0) } ?? "–") | "
                   + "\(llmFLOPs) | \(row.learnerFLOPs.map(scientific) ?? "–") | \(row.wallSeconds.map { String(format: "%.1f", $0) } ?? "–") |")
    }
    let failures = results.rows.flatMap { row in row.failures.map { "- \(row.method.rawValue) \($0)" } }
    if !failures.isEmpty { lines += [""] + failures }
    lines.append("")
    lines.append("Per-run means over the finished seeds. SE: sample standard deviation / √seeds. LLM FLOPs: 2 × parameters × "
                 + "tokens; learner FLOPs: PPO's 2·P per collected step + 6·P per step per update epoch (+ the reward "
                 + "model's 2·P per step for ai-feedback). SIMULATED rows used a scripted stand-in, not a language model.")
    return lines.joined(separator: "\n") + "\n"
  }

  /// 1.23e+09 style, short enough for a table.
  static func scientific(_ value: Double) -> String {
    if value == 0 { return "0" }
    if abs(value) < 1e4 { return String(format: "%.0f", value) }
    return String(format: "%.2e", value)
  }
}
