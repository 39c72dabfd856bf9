// Caption and text render of a Wordle observation (layout in wordle_rules.hpp).
//
// Captions feed language models that compare two observations for progress, so they say
// what the last guess revealed and then everything known so far, in a fixed order and in
// plain words: the model should not have to decode a board. They are built from the
// observation only and checked first, so a corrupt buffer is an error, not a wrong caption.
#include <string>
#include <vector>

#include "../core/env.hpp"
#include "wordle_rules.hpp"
#include "wordle_text.hpp"

namespace csim {
namespace wordle {

const char* const kEventNames[kNumEvents] = {"", "guessed", "solved", "lost"};

namespace {

const char* const kFeedbackNames[4] = {"empty", "grey", "yellow", "green"};

char upper(uint8_t letter_code) { return static_cast<char>('A' + letter_code - 1); }

std::string byte_message(int32_t index, uint8_t value, const char* expected) {
  return "malformed Wordle observation: byte " + std::to_string(index) + " is " + std::to_string(value) + "; " +
         expected;
}

bool row_solved(const uint8_t* obs, int32_t row) {
  for (int32_t c = 0; c < kWordLength; ++c) {
    if (obs[feedback_byte(row, c)] != kGreen) return false;
  }
  return true;
}

// Checks every byte and the board's consistency; returns the number of guesses made.
int32_t validate(const uint8_t* obs) {
  const int32_t n = obs[kGuessCountOffset];
  if (n > kMaxGuesses) throw InvalidArgument(byte_message(kGuessCountOffset, obs[kGuessCountOffset], "the guess count is 0..6"));
  uint8_t knowledge[kAlphabet] = {};
  uint8_t green_at[kWordLength] = {};
  for (int32_t r = 0; r < kMaxGuesses; ++r) {
    for (int32_t c = 0; c < kWordLength; ++c) {
      const uint8_t letter = obs[letter_byte(r, c)];
      const uint8_t f = obs[feedback_byte(r, c)];
      if (r >= n) {
        if (letter != 0) throw InvalidArgument(byte_message(letter_byte(r, c), letter, "rows past the guess count are empty (0)"));
        if (f != 0) throw InvalidArgument(byte_message(feedback_byte(r, c), f, "rows past the guess count are empty (0)"));
        continue;
      }
      if (letter < 1 || letter > kAlphabet) throw InvalidArgument(byte_message(letter_byte(r, c), letter, "a guessed letter is 1..26"));
      if (f < kGrey || f > kGreen) throw InvalidArgument(byte_message(feedback_byte(r, c), f, "feedback of a guessed letter is 1..3"));
      if (f == kGreen) {
        if (green_at[c] != 0 && green_at[c] != letter) {
          throw InvalidArgument(byte_message(letter_byte(r, c), letter, "two different letters are green in one column"));
        }
        green_at[c] = letter;
      }
      if (f > knowledge[letter - 1]) knowledge[letter - 1] = f;
    }
    if (r < n - 1 && row_solved(obs, r)) {
      throw InvalidArgument("malformed Wordle observation: guess " + std::to_string(r + 1) +
                            " is all green but later guesses follow it");
    }
  }
  for (int32_t l = 0; l < kAlphabet; ++l) {
    const uint8_t k = obs[kKnowledgeOffset + l];
    if (k != knowledge[l]) {
      throw InvalidArgument(byte_message(kKnowledgeOffset + l, k,
                                         ("the board implies " + std::to_string(knowledge[l]) + " for letter " +
                                          std::string(1, static_cast<char>('A' + l)))
                                             .c_str()));
    }
  }
  return n;
}

void check_event(int32_t event, int32_t n, bool solved) {
  bool ok = false;
  switch (event) {
    case kEventNone: ok = true; break;
    case kEventGuessed: ok = n >= 1 && n < kMaxGuesses && !solved; break;
    case kEventSolved: ok = solved; break;
    case kEventLost: ok = n == kMaxGuesses && !solved; break;
    default:
      throw InvalidArgument("Wordle event " + std::to_string(event) + " is not one of 0..3");
  }
  if (!ok) {
    throw InvalidArgument("Wordle event " + std::to_string(event) + " (\"" + kEventNames[event] +
                          "\") contradicts the observation (" + std::to_string(n) + " guesses" +
                          (solved ? ", solved)" : ", not solved)"));
  }
}

std::string plural(int32_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// "A, B and C" style lists read better than comma soup, but "or"/"and" choice is the caller's.
std::string join(const std::vector<std::string>& items, const char* last_separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? last_separator : ", ";
    out += items[i];
  }
  return out;
}

// What the whole board says, grouped: known positions, letters present elsewhere (with the
// columns they are known not to be in), letters absent. Alphabetical within groups.
std::string known_summary(const uint8_t* obs, int32_t n) {
  std::vector<std::string> parts;
  std::vector<std::string> greens;
  for (int32_t c = 0; c < kWordLength; ++c) {
    for (int32_t r = 0; r < n; ++r) {
      if (obs[feedback_byte(r, c)] == kGreen) {
        greens.push_back(std::string(1, upper(obs[letter_byte(r, c)])) + " in position " + std::to_string(c + 1));
        break;
      }
    }
  }
  if (!greens.empty()) parts.push_back(join(greens, ", "));
  std::vector<std::string> absent;
  for (int32_t l = 0; l < kAlphabet; ++l) {
    const uint8_t k = obs[kKnowledgeOffset + l];
    const std::string name(1, static_cast<char>('A' + l));
    if (k == kGrey) absent.push_back(name);
    if (k != kYellow) continue;
    std::vector<std::string> not_in;
    for (int32_t c = 0; c < kWordLength; ++c) {
      for (int32_t r = 0; r < n; ++r) {
        if (obs[letter_byte(r, c)] == l + 1) {  // never green here: the letter's knowledge is yellow
          not_in.push_back(std::to_string(c + 1));
          break;
        }
      }
    }
    parts.push_back(name + " is in the word but not in position" + (not_in.size() > 1 ? "s " : " ") +
                    join(not_in, " or "));
  }
  if (!absent.empty()) parts.push_back(join(absent, ", ") + " absent");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "; " : "") + parts[i];
  return out;
}

}  // namespace

std::string caption(const uint8_t* obs, int32_t event) {
  const int32_t n = validate(obs);
  const bool solved = n > 0 && row_solved(obs, n - 1);
  check_event(event, n, solved);
  if (n == 0) return "No guesses yet; " + plural(kMaxGuesses, "guess", "guesses") + " left.";
  const int32_t row = n - 1;
  std::string word;
  for (int32_t c = 0; c < kWordLength; ++c) word += upper(obs[letter_byte(row, c)]);
  std::string out = "Guess " + std::to_string(n) + " of " + std::to_string(kMaxGuesses) + ": " + word + " - ";
  if (solved) return out + "all green. Solved in " + plural(n, "guess", "guesses") + ".";
  for (int32_t c = 0; c < kWordLength; ++c) {
    out += word[static_cast<size_t>(c)];
    out += ' ';
    out += kFeedbackNames[obs[feedback_byte(row, c)]];
    out += c + 1 < kWordLength ? ", " : ". ";
  }
  out += "Known: " + known_summary(obs, n) + ". ";
  out += n == kMaxGuesses ? std::string("Out of guesses.") : plural(kMaxGuesses - n, "guess", "guesses") + " left.";
  return out;
}

std::string render(const uint8_t* obs) {
  static const char kMarks[4] = {'_', '.', 'y', 'G'};
  static const char* const kKeyboard[3] = {"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};
  const int32_t n = validate(obs);
  const bool solved = n > 0 && row_solved(obs, n - 1);
  std::string out = "Wordle: ";
  if (solved) {
    out += "solved in " + plural(n, "guess", "guesses") + "\n";
  } else if (n == kMaxGuesses) {
    out += "out of guesses\n";
  } else {
    out += std::to_string(n) + " of " + std::to_string(kMaxGuesses) + " guesses made\n";
  }
  for (int32_t r = 0; r < kMaxGuesses; ++r) {
    if (r >= n) {
      out += "_ _ _ _ _\n";
      continue;
    }
    for (int32_t c = 0; c < kWordLength; ++c) {
      out += upper(obs[letter_byte(r, c)]);
      out += c + 1 < kWordLength ? ' ' : '\n';
    }
    for (int32_t c = 0; c < kWordLength; ++c) {
      out += kMarks[obs[feedback_byte(r, c)]];
      out += c + 1 < kWordLength ? ' ' : '\n';
    }
  }
  out += "\n";
  for (int32_t k = 0; k < 3; ++k) {
    const std::string indent(static_cast<size_t>(k), ' ');
    std::string letters = indent, marks = indent;
    for (const char* p = kKeyboard[k]; *p != '\0'; ++p) {
      if (p != kKeyboard[k]) {
        letters += ' ';
        marks += ' ';
      }
      letters += *p;
      marks += kMarks[obs[kKnowledgeOffset + (*p - 'A')]];
    }
    out += letters + "\n" + marks + "\n";
  }
  out += "G green, y yellow (elsewhere), . grey (absent), _ untried\n";
  return out;
}

}  // namespace wordle
}  // namespace csim
