import Foundation
import PavlovLearn
import PavlovLLM

/// `llm-code[:scripted][,privileged|,potential][,rounds=N][,budget=N][,memory=MB]…`: reward as code. The
/// LLM writes a Lua reward program from a description of the observation generated from the
/// spec (`privileged`: also of the privileged state, the paper's App. A.5 condition); it runs in
/// the sandbox of `LuaSandbox` after the critic (`RewardProgramCritic`) accepts it, with up to
/// `rounds` answers, each rejection's problem fed back; then `refine` rounds of Eureka's reward
/// reflection (`TrajectoryAnalyser`: a short training run's statistics fed back, the new program
/// kept if the critic accepts it). The accepted program is printed.
///
/// `scripted` is the SIMULATED stand-in: a reference program per family written by hand
/// (`ReferenceRewardProgram`), through the same sandbox and critic, no LLM asked.
///
/// `potential` pays the program's value as a potential difference, γ·Φ(o′) − Φ(o) with Φ the
/// value above the least one the critic saw, instead of v(o′): over an episode the payments add
/// up to how much better the last page is than the first, so where any Submit ends an episode
/// (the web tasks) quitting at once earns nothing rather than the least cost.
public struct LLMCodeRewardKind: RewardKind, Equatable {
  public static let name = "llm-code"
  public static let syntax = "llm-code[:scripted][,privileged|,potential][,rounds=N][,refine=N][,budget=N][,memory=MB]"
    + "[,url=URL][,model=NAME][,cache=PATH|none][,concurrency=N][,retries=N]"
  public static let roundsRange = 1...10
  public static let refineRange = 0...5
  /// Steps of each refinement round's training run.
  public static let analysisSteps = 4096
  public static let budgetRange: ClosedRange<Int64> = 1_000...1_000_000_000
  public static let memoryRange = 1...1024

  /// SIMULATED: the family's reference program instead of an LLM's.
  public var isScripted = false
  public var inputs = RewardProgram.Inputs.observation
  /// Pays γ·v(o′) − v(o) rather than v(o′).
  public var isPotential = false
  public var rounds = 3
  /// Trajectory-analyser rounds after acceptance (0: none).
  public var refinements = 0
  public var limits = SandboxLimits()
  public var options = LLMRewardOptions()

  public init() {}

  public init(options text: String?) throws(RewardError) {
    let full = Self.name + (text.map { ":" + $0 } ?? "")
    let (scripted, pieces) = scriptedAndOptionPieces(text)
    isScripted = scripted
    var roundsGiven = false
    for piece in pieces {
      if piece == "count" || piece.hasPrefix("threshold=") {
        throw .invalidArgument("'\(full)': '\(piece)' is not available for reward as code (the program is the shape); "
                               + "allowed: \(Self.syntax)")
      }
      if piece == "potential" {
        isPotential = true
        continue
      }
      if try options.take(piece, in: full) { continue }
      let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      switch (parts.first, parts.count) {
      case ("privileged", 1): inputs = .privileged
      case ("rounds", 2):
        guard let n = Int(parts[1]), Self.roundsRange.contains(n) else {
          throw .invalidArgument("'\(full)': rounds must be a whole number from 1 to 10; got '\(parts[1])'")
        }
        rounds = n
        roundsGiven = true
      case ("refine", 2):
        guard let n = Int(parts[1]), Self.refineRange.contains(n) else {
          throw .invalidArgument("'\(full)': refine must be a whole number from 0 to 5; got '\(parts[1])'")
        }
        refinements = n
        roundsGiven = true
      case ("budget", 2):
        guard let n = Int64(parts[1]), Self.budgetRange.contains(n) else {
          throw .invalidArgument("'\(full)': budget (instructions per call) must be a whole number from 1000 to "
                                 + "1000000000; got '\(parts[1])'")
        }
        limits.instructionBudget = n
      case ("memory", 2):
        guard let n = Int(parts[1]), Self.memoryRange.contains(n) else {
          throw .invalidArgument("'\(full)': memory (MiB) must be a whole number from 1 to 1024; got '\(parts[1])'")
        }
        limits.memoryBytes = n << 20
      default:
        let hint = piece == "scripted" ? " (scripted comes first: llm-code:scripted,…)" : ""
        throw .invalidArgument("'\(full)': '\(piece)' is not an option\(hint); allowed: \(Self.syntax)")
      }
    }
    if isPotential, inputs == .privileged {
      throw .invalidArgument("'\(full)': potential pays v(o′) − v(o) from observations alone; a privileged program's "
                             + "value needs each step's info row, which the first observation of an episode lacks; "
                             + "drop one of privileged and potential")
    }
    if isScripted, inputs == .privileged {
      throw .invalidArgument("'\(full)': the SIMULATED reference programs read the observation only; drop privileged")
    }
    if isScripted, roundsGiven || options != LLMRewardOptions() {
      throw .invalidArgument("'\(full)': the SIMULATED stand-in asks no LLM; it takes only budget=N and memory=MB")
    }
  }

  public func makeReward(for context: RewardContext) throws(RewardError) -> any RewardFunction {
    let full = description
    let spec = context.spec
    let samples: RewardSamples
    do { samples = try RewardSamples(spec: spec) } catch {
      throw .invalidArgument("'\(full)': cannot collect sample observations of \(spec.id): \(error)")
    }
    let code: String
    let name: String
    var authoringUsage: Usage?
    if isScripted {
      guard let reference = ReferenceRewardProgram.matching(spec) else {
        let parts = spec.observationParts.map(\.name).joined(separator: ", ")
        throw .invalidArgument("'\(full)': no reference program reads \(spec.id)'s observation parts (\(parts)); "
                               + "the references cover: "
                               + ReferenceRewardProgram.all.map { "\($0.family) (\($0.parts.joined(separator: ", ")))" }
                                 .joined(separator: "; "))
      }
      code = reference.code
      name = "\(full) (SIMULATED: the hand-written \(reference.family) reference program, no LLM)"
    } else {
      let goal = try LLMRewardOptions.goal(of: spec, for: full)
      let client = try options.makeClient(for: full)
      let author = CodeRewardAuthor(client: client, prompt: CodeRewardPrompt(inputs: inputs), goal: goal, spec: spec,
                                    limits: limits, samples: samples, rounds: rounds)
      let result = waitFor { () -> Result<CodeRewardAuthor.Outcome, RewardError> in
        do { return .success(try await author.write()) } catch { return .failure(.invalidArgument("'\(full)': \(error)")) }
      }
      var outcome = try result.get()
      for _ in 0..<(outcome.code == nil ? 0 : refinements) {
        let analysis: TrajectoryAnalysis
        do {
          analysis = try TrajectoryAnalyser.analyse(code: outcome.code!, spec: spec, inputs: inputs, limits: limits,
                                                    steps: Self.analysisSteps)
        } catch {
          throw .invalidArgument("'\(full)': the trajectory analyser's training run failed: \(error)")
        }
        CaptionValueReward.standardError("\(full): trajectory analysis: \(analysis.text)")
        let current = outcome
        let refined = waitFor { () -> Result<CodeRewardAuthor.Outcome, RewardError> in
          do { return .success(try await author.refine(current, analysis: analysis)) } catch {
            return .failure(.invalidArgument("'\(full)': \(error)"))
          }
        }
        outcome = try refined.get()
      }
      for (i, round) in outcome.rounds.enumerated() where round.problem != nil {
        CaptionValueReward.standardError("\(full): answer \(i + 1) rejected: \(round.problem!)")
      }
      guard let accepted = outcome.code else {
        throw .invalidArgument("'\(full)': no program was accepted in \(rounds) round\(rounds == 1 ? "" : "s"); last problem: "
                               + (outcome.rounds.last?.problem ?? "none"))
      }
      code = accepted
      name = full
      let usage = waitFor { await client.usage() }
      authoringUsage = usage
      CaptionValueReward.standardError("\(full): \(usage.summary)")
    }
    let critic = RewardProgramCritic(spec: spec, inputs: inputs, limits: limits, samples: samples)
    let statistics: RewardProgramCritic.RewardStatistics
    switch critic.judge(code) {
    case .accepted(let accepted): statistics = accepted
    case .rejected(let why): throw .invalidArgument("'\(full)': the program is rejected: \(why)")
    }
    let program: RewardProgram
    do { program = try RewardProgram(code: code, spec: spec, inputs: inputs, limits: limits) } catch {
      throw .invalidArgument("'\(full)': \(error.message)")
    }
    CaptionValueReward.standardError(
      "\(name): accepted program (on \(statistics.count) sample inputs: mean \(statistics.mean), std "
        + "\(statistics.standardDeviation), range \(statistics.minimum)...\(statistics.maximum)):\n\(code)\n-- end of program")
    let reward = CodeReward(name: name, program: program, potentialGamma: isPotential ? context.gamma : nil,
                            potentialFloor: Float(statistics.minimum))
    reward.authoringUsage = authoringUsage
    return reward
  }

  public var description: String {
    var pieces: [String] = isScripted ? ["scripted"] : []
    if inputs == .privileged { pieces.append("privileged") }
    if isPotential { pieces.append("potential") }
    if rounds != 3 { pieces.append("rounds=\(rounds)") }
    if refinements != 0 { pieces.append("refine=\(refinements)") }
    if limits.instructionBudget != SandboxLimits().instructionBudget { pieces.append("budget=\(limits.instructionBudget)") }
    if limits.memoryBytes != SandboxLimits().memoryBytes { pieces.append("memory=\(limits.memoryBytes >> 20)") }
    pieces += options.pieces
    return Self.name + (pieces.isEmpty ? "" : ":" + pieces.joined(separator: ","))
  }
}
