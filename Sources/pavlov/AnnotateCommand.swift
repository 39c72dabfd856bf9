import ArgumentParser
import Foundation
import PavlovLLM
import PavlovReward

/// `pavlov annotate`: labels pairs of a label store's observations with a scripted teacher
/// or an LLM, committing every label as it arrives, so that a killed run resumes where it
/// stopped with no label lost and none duplicated.
struct AnnotateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "annotate",
    abstract: "Label pairs of observations (scripted teachers or an LLM) into a label store.")

  @Option(help: "The label store (from `pavlov collect`).")
  var store: String

  @Option(help: "Pairs to have labelled; new pairs are sampled until the store holds this many.")
  var pairs: Int = 1000

  @Option(help: ArgumentHelp(
    "scripted:oracle | scripted:staged | scripted:stochastic[=β] | scripted:mistake[=ε] | scripted:skip[=t] | scripted:equal[=δ] | scripted:myopic[=γ] | llm | vision (a vision-language model shown frames of the observations)",
    valueName: "labeller"))
  var labeller: String

  @Option(help: "Privileged signal the scripted teachers compare: progress, return, or staged (oracle only, = scripted:staged).")
  var signal: String = "progress"

  @Option(help: "Seed of pair sampling and of the scripted teachers' randomness.")
  var seed: UInt64 = 0

  @Option(help: "Pairs labelled at once (LLM requests in flight).")
  var concurrency: Int = 4

  @Option(name: .customLong("event-share"), help: ArgumentHelp(
    "Share of new pairs drawn with one side an observation that carries an event (0...1; 0: uniform pairs).",
    discussion: "Reaches rare events, such as a death, that uniform pairs almost never show the labeller."))
  var eventShare: Double = 0

  @Option(name: .customLong("max-rate"), help: "At most this many labels per second (0: no limit).")
  var maxRate: Double = 0

  @Option(name: .customLong("frame-size"),
          help: "With --labeller vision: the frames' side in pixels, 16 to 512 (default: the environment's, 128 for the arm).")
  var frameSize: Int?

  @OptionGroup var llm: LLMOptions

  func validate() throws {
    guard pairs >= 0 else { throw ValidationError("--pairs must be at least 0; got \(pairs)") }
    guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1; got \(concurrency)") }
    guard maxRate >= 0, maxRate.isFinite else { throw ValidationError("--max-rate must be 0 or more; got \(maxRate)") }
    guard (0...1).contains(eventShare) else {
      throw ValidationError("--event-share must be within 0...1 (the share of new pairs with an event on one side); got \(eventShare)")
    }
    guard ScriptedTeacher.Signal(rawValue: signal) != nil else {
      throw ValidationError("--signal '\(signal)' is unknown; allowed: progress, return, staged (oracle only)")
    }
    // A scripted teacher is parsed here, so a bad parameter is refused before the store is touched.
    _ = try scriptedTeacher()
    guard ["llm", "vision"].contains(labeller) || labeller.hasPrefix("scripted:") else {
      throw ValidationError("--labeller '\(labeller)' is unknown; allowed: scripted:<teacher>[=value], llm or vision")
    }
    if frameSize != nil, labeller != "vision" { throw ValidationError("--frame-size is for --labeller vision") }
  }

  /// The scripted teacher `--labeller` names, or nil when it names another labeller.
  private func scriptedTeacher() throws -> ScriptedTeacher? {
    guard labeller.hasPrefix("scripted:") else { return nil }
    do {
      return try ScriptedTeacher(parsing: String(labeller.dropFirst("scripted:".count)),
                                 signal: ScriptedTeacher.Signal(rawValue: signal) ?? .progress, seed: seed)
    } catch {
      throw ValidationError("--labeller \(labeller): \(error)")
    }
  }

  func run() async throws {
    // The store must exist (never created here) and hold observations of a registered environment.
    let labels = try LabelStore(path: store)
    let environment = try labels.checkEnvironment()
    let labeller = try await makeLabeller(environment: environment.id)
    print("labeller: \(labeller.summary)")
    let session: LabellingSession
    do {
      session = try LabellingSession(store: labels, labeller: labeller, pairs: pairs, seed: seed,
                                     concurrency: concurrency, maxRate: maxRate, eventShare: eventShare)
    } catch { throw ValidationError("\(error)") }
    let printer = LabellingPrinter(labeller: labeller)
    let outcome = try await session.run(report: printer.show)
    let client = (labeller as? LLMLabeller)?.client ?? (labeller as? VisionLabeller)?.client
    printer.finish(outcome, usage: await client?.usage())
  }

  private func makeLabeller(environment: String) async throws -> any PreferenceLabeller {
    if let teacher = try scriptedTeacher() { return teacher }
    if labeller == "llm" {
      return try await llm.makeLabeller(environment: environment, concurrency: concurrency)
    }
    if labeller == "vision" {
      let frames: ObservationFrames
      do { frames = try ObservationFrames(environmentID: environment, side: frameSize) } catch {
        throw ValidationError("--labeller vision: \(error)")
      }
      return try await llm.makeVisionLabeller(environment: environment, frames: frames, concurrency: concurrency)
    }
    throw ValidationError("--labeller '\(labeller)' is unknown; allowed: scripted:<teacher>[=value], llm or vision")
  }
}

/// Prints a labelling session as `pavlov annotate` always has: the plan, a progress line,
/// the outcome and, for an LLM, its usage. Shared with `pavlov demo`.
final class LabellingPrinter {
  let labeller: any PreferenceLabeller
  private var progress: ProgressLine?

  init(labeller: any PreferenceLabeller) { self.labeller = labeller }

  func show(_ event: LabellingSession.Event) {
    switch event {
    case .planned(let plan):
      if plan.pairs < plan.requestedPairs {
        print("note: only \(plan.pairs) distinct caption pairs could be drawn (asked for \(plan.requestedPairs)); "
              + "collect more observations for more")
      }
      print("pairs: \(plan.pairs) (\(plan.newPairs) new); \(plan.alreadyLabelled) already labelled by \(labeller.name), "
            + "\(plan.toLabel) to label (pairs whose label failed are asked again)")
      progress = ProgressLine(total: plan.toLabel)
    case .progress(let p):
      progress?.update(done: p.done, rate: p.labelsPerSecond)
    }
  }

  /// `usage`: an LLM judge's tokens and FLOPs, printed last.
  func finish(_ outcome: LabellingSession.Outcome, usage: Usage?) {
    progress?.finish()
    let statusText = LabelStatus.allCases.compactMap { s in outcome.statuses[s].map { "\($0) \(s.rawValue)" } }
    print("labelled \(outcome.labelled) pairs in \(String(format: "%.2f", outcome.seconds)) s "
          + "(\(humanRate(Double(outcome.labelled) / max(outcome.seconds, 1e-9)))labels/s)"
          + (statusText.isEmpty ? "" : ": " + statusText.joined(separator: ", ")))
    let failed = outcome.failed + outcome.unparseable
    if failed > 0 {
      print("\(failed) labels failed (\(outcome.failed) without an answer, \(outcome.unparseable) unparseable); "
            + "they are recorded as such; a rerun asks again for those without an answer")
    }
    if let usage { print(usage.summary) }
  }
}

/// A one-line progress bar on a terminal (redrawn in place); plain lines every 10% otherwise.
final class ProgressLine {
  let total: Int
  private var lastDecile = -1

  init(total: Int) { self.total = total }

  func update(done: Int, rate: Double) {
    let fraction = total == 0 ? 1 : Double(done) / Double(total)
    if Terminal.isInteractive {
      let width = 30, filled = Int(fraction * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardOutput.write(Data("\r[\(bar)] \(done)/\(total)  \(humanRate(rate))labels/s ".utf8))
    } else if Int(fraction * 10) > lastDecile {
      lastDecile = Int(fraction * 10)
      print("  \(done)/\(total) labelled, \(humanRate(rate))labels/s")
    }
  }

  func finish() {
    if Terminal.isInteractive { print("") }
  }
}
