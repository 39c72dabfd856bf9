// Registers the Wordle ids with the core.
#include "wordle_env.hpp"
#include "wordle_words.hpp"

namespace csim {

void register_wordle_kinds(std::vector<const EnvKind*>& out) {
  // Function-local statics: built on first registration, immutable, never freed.
  static const wordle::WordleKind all_guesses("Wordle-v0", wordle::kNumWords);
  static const wordle::WordleKind answers_only("Wordle-Answers-v0", wordle::kNumAnswers);
  out.push_back(&all_guesses);
  out.push_back(&answers_only);
}

}  // namespace csim
