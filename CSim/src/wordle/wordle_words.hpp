// The embedded Wordle vocabulary (generated into wordle_words_data.cpp).
//
// Word i is kWords[5i .. 5i+5). Indices below kNumAnswers are the official answers, so an
// answer index is also the action that guesses it, in both Wordle-v0 and Wordle-Answers-v0.
#pragma once
#include <cstdint>

namespace csim {
namespace wordle {

constexpr int32_t kWordLength = 5;
constexpr int32_t kNumAnswers = 2315;  // answers.txt
constexpr int32_t kNumWords = 12972;   // answers.txt + allowed-guesses.txt

extern const char kWords[kNumWords * kWordLength + 1];

// The five lowercase letters of word `index` (not NUL-terminated).
inline const char* word_letters(int32_t index) { return kWords + static_cast<int64_t>(index) * kWordLength; }

}  // namespace wordle
}  // namespace csim
