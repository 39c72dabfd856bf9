import Foundation
import PavlovLearn
import PavlovReward

/// Prints the AI-feedback pipeline's events as `pavlov demo` shows them: a title per stage,
/// what each stage's own command would print, and the time it took.
final class PipelinePrinter {
  let configuration: AIFeedbackPipeline.Configuration
  private var labelling: LabellingPrinter?
  private var lastProgress = Date.distantPast

  init(configuration: AIFeedbackPipeline.Configuration) { self.configuration = configuration }

  func show(_ event: AIFeedbackPipeline.Event) {
    let c = configuration
    switch event {
    case .roundStarted(let round):
      print("\n" + Terminal.bold("Round \(round) of at most \(c.rounds)"))
    case .stageStarted(let stage):
      print("\n" + Terminal.bold(title(stage)))
    case .collected(let summary, let policy):
      printCollection(summary, environmentID: c.environmentID, policy: policy, store: c.directory + "/labels.sqlite")
    case .labelling(let labeller):
      print("labeller: \(labeller.summary)")
      labelling = LabellingPrinter(labeller: labeller)
    case .labellingProgress(let progress):
      labelling?.show(progress)
    case .labelled(let outcome, _, let usage):
      labelling?.finish(outcome, usage: usage)
    case .fitting(let examples, let labeller, let simulated):
      print("fitting on \(examples) usable labels of \(labeller)" + (simulated ? " (a SIMULATED scripted teacher)" : ""))
    case .fitted(let model, let path):
      printFit(model)
      print("wrote \(path)")
    case .trainingProgress(let metrics):
      guard Date().timeIntervalSince(lastProgress) >= 3 else { return }
      lastProgress = Date()
      print("  " + progressLine(metrics, total: c.training.totalTimesteps))
    case .trained(let session):
      print("  " + session.summary.split(separator: "\n")[0])
    case .evaluated(let result):
      print(String(format: "  success rate %.3f, mean environment return %.3f, mean length %.1f (random policy: about 0.01)",
                   result.successRate, result.meanReturn, result.meanLength))
    case .plotted(let trace, let path):
      printTrace(trace)
      print("wrote \(path)")
    case .stageFinished(let stage, let seconds):
      if stage != .plot { print(String(format: "  (%.1f s)", seconds)) }
    }
  }

  private func title(_ stage: AIFeedbackPipeline.Stage) -> String {
    let c = configuration
    switch stage {
    case .collect(let n, nil):
      return "1. collect \(n.formatted()) observations and their captions with the random policy"
    case .collect(let n, let round?):
      return "1. collect \(n.formatted()) more observations with round \(round)'s agent"
    case .label(let pairs):
      return "2. label \(pairs) new pairs: which caption shows more progress"
    case .fit:
      return "3. fit the Bradley–Terry reward model (observation + the event its caption reports)"
    case .train(let steps):
      return "4. PPO on the learned reward alone (\(c.rewardShape == .potential ? "potential differences γ·r̂(o′) − r̂(o)" : c.rewardShape.rawValue)), "
        + "\(steps.formatted()) steps" + (c.training.stopSuccessRate.map { " or \(Int($0 * 100))% success" } ?? "")
    case .evaluate(let episodes):
      return "5. evaluate on \(episodes) fresh episodes, by the environment's own success"
    case .plot:
      return "6. where the learned reward rises along one episode"
    }
  }
}
