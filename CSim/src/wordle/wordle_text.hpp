// Text views of a Wordle observation: the caption (for language models) and the board
// render (for a person at a terminal). Both read only the observation (layout in
// wordle_rules.hpp), so neither can leak the answer.
#pragma once
#include <cstdint>
#include <string>

namespace csim {
namespace wordle {

// Event codes of a step, and their names (index = code).
enum Event : int32_t { kEventNone = 0, kEventGuessed = 1, kEventSolved = 2, kEventLost = 3 };
constexpr int32_t kNumEvents = 4;
extern const char* const kEventNames[kNumEvents];

// Plain-English caption. Throws csim::InvalidArgument when the observation is malformed
// (a byte out of range, rows not filled in order, knowledge bytes that disagree with the
// board) or the event contradicts it (e.g. "solved" on a board without an all-green row).
std::string caption(const uint8_t* observation, int32_t event);

// The board as plain ASCII: each guess over a line of marks (G green, y yellow, . grey),
// then the keyboard with the same marks ('_' untried). Same validation as caption.
std::string render(const uint8_t* observation);

}  // namespace wordle
}  // namespace csim
