// Consistent-guess solver. It only reads the board, the player's own view, so it is a
// strong player rather than an oracle; the answers list is the only thing it knows besides.
#include "wordle_solver.hpp"

#include "wordle_rules.hpp"

namespace csim {
namespace wordle {

namespace {

bool consistent(const char* candidate, const uint8_t* observation, int32_t rows) {
  for (int32_t r = 0; r < rows; ++r) {
    char guess[kWordLength];
    for (int32_t c = 0; c < kWordLength; ++c) guess[c] = static_cast<char>('a' + observation[letter_byte(r, c)] - 1);
    uint8_t feedback[kWordLength];
    score_guess(guess, candidate, feedback);
    for (int32_t c = 0; c < kWordLength; ++c) {
      if (feedback[c] != observation[feedback_byte(r, c)]) return false;
    }
  }
  return true;
}

}  // namespace

int32_t solver_guess(const uint8_t* observation) {
  int32_t rows = observation[kGuessCountOffset];
  if (rows > kMaxGuesses) rows = kMaxGuesses;
  // Each answer's candidacy, then letter counts over the candidates (each letter once per word).
  static thread_local bool keep[kNumAnswers];
  int32_t frequency[kAlphabet] = {};
  int32_t remaining = 0;
  for (int32_t i = 0; i < kNumAnswers; ++i) {
    keep[i] = consistent(word_letters(i), observation, rows);
    if (!keep[i]) continue;
    ++remaining;
    uint32_t seen = 0;
    for (int32_t c = 0; c < kWordLength; ++c) seen |= 1u << (word_letters(i)[c] - 'a');
    for (int32_t l = 0; l < kAlphabet; ++l) frequency[l] += (seen >> l) & 1u;
  }
  if (remaining == 0) return -1;
  int32_t best = -1, best_score = -1;
  for (int32_t i = 0; i < kNumAnswers; ++i) {
    if (!keep[i]) continue;
    uint32_t seen = 0;
    int32_t score = 0;
    for (int32_t c = 0; c < kWordLength; ++c) {
      const int32_t l = word_letters(i)[c] - 'a';
      if ((seen >> l) & 1u) continue;
      seen |= 1u << l;
      score += frequency[l];
    }
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

}  // namespace wordle
}  // namespace csim
