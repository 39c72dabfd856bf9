import ArgumentParser
import PavlovReward

/// Options of the LLM labeller (filled in by the LLM client step).
struct LLMOptions: ParsableArguments {
  func makeLabeller() throws -> any PreferenceLabeller {
    throw ValidationError("--labeller llm: the LLM client is not built yet")
  }
}
