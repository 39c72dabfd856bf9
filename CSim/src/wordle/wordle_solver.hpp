// Wordle's scripted expert: guesses an answer consistent with every feedback so far.
#pragma once
#include <cstdint>

namespace csim {
namespace wordle {

// The index of the next guess for the board in `observation` (the 87-byte layout of
// wordle_rules.hpp): among the answers that would have given every row's feedback, the one
// whose distinct letters are most common among those answers (ties: the lowest index), so it
// is deterministic and splits the remaining answers well. -1 when no answer is consistent
// (a board no answer could have produced).
int32_t solver_guess(const uint8_t* observation);

}  // namespace wordle
}  // namespace csim
