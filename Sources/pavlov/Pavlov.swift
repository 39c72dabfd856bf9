import ArgumentParser

/// The `pavlov` command: batched environments at native speed, from the terminal.
@main
struct Pavlov: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pavlov",
    abstract: "Run, benchmark and play Pavlov's batched environments.",
    subcommands: [
      EnvsCommand.self, BenchCommand.self, PlayCommand.self, TrainCommand.self, EvalCommand.self, RenderCommand.self,
      DemoCommand.self, LLMCommand.self, CollectCommand.self, AnnotateCommand.self, RewardCommand.self, ActCommand.self, StudyCommand.self,
    ])
}
