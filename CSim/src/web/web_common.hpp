// What several web tasks share: MiniWob's page frame (body > #wrap > #area; the #query div
// with the utterance is left out, as getDOMInfo leaves it out), random strings like
// ui_utils.generateString, and reading exported instances.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

#include "../core/env.hpp"
#include "../core/json.hpp"
#include "../core/rng.hpp"
#include "web_page.hpp"

namespace csim {
namespace web {

// Roles every task gives the same meaning.
enum CommonRole : int16_t { kRoleNone = 0, kRoleSubmit = 1, kRoleFirstTaskRole = 8 };

// Appends body, #wrap and #area (top 50, as the 50-pixel query bar leaves it); returns #area's row.
inline int32_t add_frame(Page& page, float area_height) {
  const int32_t body = page.add(kTagBody, -1, 0, 0, 780, 210);
  const int32_t wrap = page.add(kTagDiv, body, 0, 0, 160, 210);
  page.rows[wrap].id = "wrap";
  const int32_t area = page.add(kTagDiv, wrap, 0, 50, 160, area_height);
  page.rows[area].id = "area";
  return area;
}

// MiniWob's Submit button (button.secondary-action).
inline int32_t add_submit(Page& page, int32_t parent, const char* id, float left, float top) {
  const int32_t b = page.add(kTagButton, parent, left, top, 95.484375f, 31);
  Element& e = page.rows[b];
  e.id = id;
  e.classes = "secondary-action";
  e.text = "Submit";
  e.role = kRoleSubmit;
  e.flags = kFlagFocusable;
  return b;
}

// ui_utils.generateString: `length` characters drawn from letters and digits.
inline void random_string(Rng& rng, int32_t length, char* out) {
  static const char kChars[] = "qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM1234567890";
  for (int32_t i = 0; i < length; ++i) out[i] = kChars[rng.below(sizeof(kChars) - 1)];
  out[length] = '\0';
}

// Copies a JSON string member into a fixed buffer, refusing one that does not fit.
inline void read_text(const json::Value& v, const std::string& where, char* out, size_t capacity) {
  const std::string& s = v.as_string(where);
  if (s.size() + 1 > capacity) {
    throw InvalidArgument(where + " is " + std::to_string(s.size()) + " characters; at most " +
                          std::to_string(capacity - 1) + " fit");
  }
  std::memcpy(out, s.c_str(), s.size() + 1);
}

// A text input's value, edited by keys at its end (where typing after element.focus() lands).
template <int32_t N>
struct TextValue {
  char text[N] = {};
  void clear() { text[0] = '\0'; }
  void set(const char* s) {
    std::strncpy(text, s, N - 1);
    text[N - 1] = '\0';
  }
  // A printable character appends, Backspace removes the last one.
  void type(char key) {
    size_t n = std::strlen(text);
    if (key == '\b') {
      if (n > 0) text[n - 1] = '\0';
    } else if (static_cast<unsigned char>(key) >= 0x20 && n + 1 < static_cast<size_t>(N)) {
      text[n] = key;
      text[n + 1] = '\0';
    }
  }
};

}  // namespace web
}  // namespace csim
