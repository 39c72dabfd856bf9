// Wordle's rules and observation layout, shared by the env, the captions and the render.
//
// Observation: 87 uint8, rank-1 shape {87}, every byte in [0, 26]:
//   [0, 60)   the board, 6 rows (guesses) x 5 columns x 2 bytes, row-major:
//             byte 2*(5r+c)     letter of guess r at column c: 1..26 for A..Z, 0 = empty row
//             byte 2*(5r+c)+1   its feedback: 0 empty, 1 grey (absent), 2 yellow (in the word,
//                               elsewhere), 3 green (right place)
//   [60, 86)  per-letter knowledge for A..Z, the best feedback that letter has had so far:
//             0 untried, 1 absent, 2 present (never green yet), 3 green somewhere
//             (the keyboard colours of the official game)
//   86        number of guesses made, 0..6
// Everything in it follows from the guesses and their feedback: nothing hides the answer.
#pragma once
#include <cstdint>

#include "wordle_words.hpp"

namespace csim {
namespace wordle {

constexpr int32_t kMaxGuesses = 6;
constexpr int32_t kAlphabet = 26;
constexpr int32_t kBoardOffset = 0;
constexpr int32_t kKnowledgeOffset = kMaxGuesses * kWordLength * 2;  // 60
constexpr int32_t kGuessCountOffset = kKnowledgeOffset + kAlphabet;   // 86
constexpr int32_t kObsSize = kGuessCountOffset + 1;                   // 87

enum Feedback : uint8_t { kEmpty = 0, kGrey = 1, kYellow = 2, kGreen = 3 };

inline int32_t letter_byte(int32_t row, int32_t col) { return kBoardOffset + 2 * (row * kWordLength + col); }
inline int32_t feedback_byte(int32_t row, int32_t col) { return letter_byte(row, col) + 1; }

// The official feedback, exact with repeated letters: greens first; then, left to right,
// a non-green letter is yellow while the answer still has unmatched copies of it, and grey
// once they are used up (answer "abbey", guess "babes" -> y y G G .).
inline void score_guess(const char* guess, const char* answer, uint8_t out[kWordLength]) {
  uint8_t unmatched[kAlphabet] = {};
  for (int32_t c = 0; c < kWordLength; ++c) {
    if (guess[c] == answer[c]) {
      out[c] = kGreen;
    } else {
      out[c] = kGrey;
      ++unmatched[answer[c] - 'a'];
    }
  }
  for (int32_t c = 0; c < kWordLength; ++c) {
    if (out[c] == kGreen) continue;
    uint8_t& left = unmatched[guess[c] - 'a'];
    if (left > 0) {
      out[c] = kYellow;
      --left;
    }
  }
}

}  // namespace wordle
}  // namespace csim
