// Text that several web tasks draw from: filler words and people's names (our own lists, in
// the spirit of MiniWob's: generated instances need plausible words, exported ones bring their
// own), and generateWords-style sentences.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../core/rng.hpp"

namespace csim {
namespace web {

// A random first name.
const char* random_person_name(Rng& rng);

// MiniWob's ui_utils.generateWords: between `min_words` and `max_words - 1` filler words
// (core.randi's half-open range), the first capitalised, a full stop after a word one time in
// five (the next one capitalised), the last word's comma dropped and a full stop at the end.
void random_sentence(Rng& rng, int32_t min_words, int32_t max_words, char* out, size_t capacity);

}  // namespace web
}  // namespace csim
