// The page of a web task as an element table: one row per visible element in document order
// (pre-order), the way MiniWob++'s getDOMInfo walks the DOM, except that a text node that
// shares its parent with elements is one row (tag "t") rather than one row per line box, so
// that rows do not depend on font metrics. Rows point into strings owned by the task (or
// static ones); a page is rebuilt from the task's state after every step, without allocating.
#pragma once
#include <cstdint>
#include <cstring>

namespace csim {
namespace web {

constexpr int32_t kMaxElements = 128;  // rows of the element table
constexpr int32_t kMaxFields = 8;      // instruction fields (MiniWob's key-value pairs)
constexpr int32_t kTextChars = 32;     // characters of an element's text in the observation
constexpr int32_t kValueChars = 16;    // characters of an element's value in the observation
constexpr int32_t kUtteranceChars = 160;
constexpr int32_t kFieldChars = 32;
constexpr int32_t kCharCodes = 128;    // text is ASCII: code 0 pads, 1..127 are characters

// Tags as MiniWob's getDOMInfo names them (lower case; inputs as input_<type>; "t" for text).
enum Tag : uint8_t {
  kTagNone = 0, kTagBody, kTagDiv, kTagSpan, kTagP, kTagLabel, kTagButton, kTagA, kTagUl, kTagLi, kTagForm,
  kTagInputText, kTagInputNumber, kTagInputTime, kTagInputCheckbox, kTagInputRadio, kTagInputPassword,
  kTagTextarea, kTagText, kTagH1, kTagH2, kTagH3, kTagTable, kTagTr, kTagTd, kTagTh, kTagB, kTagI, kTagImg,
  kTagSelect, kTagOption, kTagSvg, kTagThead, kTagTbody, kTagH4, kNumTags
};

const char* tag_name(int32_t tag);
// The tag with this name, or kTagNone.
int32_t tag_code(const char* name);

enum ElementFlag : uint8_t {
  kFlagFocusable = 1,  // element.focus() moves the focus here (inputs, buttons, links)
  kFlagChecked = 2,    // a checked checkbox or radio button
  kFlagActive = 4,     // shown as selected: class "selected", an active tab
  kFlagFocused = 8,    // document.activeElement (set by the env, not the task)
  kFlagLabel = 16,     // a label: a click reaches its control (same role and arg) and focuses it
};

struct Element {
  uint8_t tag = kTagNone;
  int8_t parent = -1;  // row of the parent element, -1 for the root
  uint8_t depth = 0;
  uint8_t flags = 0;
  const char* id = "";
  const char* classes = "";
  const char* text = "";   // the element's own text (text-only elements and "t" rows)
  const char* value = "";  // inputs' values
  float left = 0, top = 0, width = 0, height = 0;  // CSS pixels, an approximation of Chromium's layout
  bool has_background = false;
  uint8_t red = 0, green = 0, blue = 0;  // background colour when has_background
  int16_t role = 0;  // what the task makes of a click here (task-specific; 0: nothing)
  int16_t arg = 0;   // which one (a checkbox's index, a cell's number)
};

struct Page {
  Element rows[kMaxElements];
  int32_t count = 0;

  void clear() { count = 0; }

  // Appends a row under `parent` (-1: the root) and returns its index; a page that would
  // overflow the table is a task bug, caught by the family's tests (rows past the last are
  // dropped so that stepping never writes out of bounds).
  int32_t add(uint8_t tag, int32_t parent, float left, float top, float width, float height) {
    if (count >= kMaxElements) return kMaxElements - 1;
    Element& e = rows[count];
    e = Element();
    e.tag = tag;
    e.parent = static_cast<int8_t>(parent);
    e.depth = parent < 0 ? 0 : static_cast<uint8_t>(rows[parent].depth + 1);
    e.left = left;
    e.top = top;
    e.width = width;
    e.height = height;
    return count++;
  }
};

// The instruction: MiniWob's utterance and its fields (key, value), in fixed buffers.
struct Instruction {
  char utterance[kUtteranceChars * 2] = {};
  int32_t num_fields = 0;
  char keys[kMaxFields][kFieldChars] = {};
  char values[kMaxFields][kFieldChars * 2] = {};

  void clear() {
    utterance[0] = '\0';
    num_fields = 0;
  }
  void add_field(const char* key, const char* value) {
    if (num_fields >= kMaxFields) return;
    std::strncpy(keys[num_fields], key, kFieldChars - 1);
    keys[num_fields][kFieldChars - 1] = '\0';
    std::strncpy(values[num_fields], value, sizeof(values[0]) - 1);
    values[num_fields][sizeof(values[0]) - 1] = '\0';
    ++num_fields;
  }
};

// Appends to a fixed buffer without overflowing it (always NUL-terminated).
inline void append(char* buffer, size_t capacity, const char* text) {
  size_t n = std::strlen(buffer);
  while (*text != '\0' && n + 1 < capacity) buffer[n++] = *text++;
  buffer[n] = '\0';
}

inline void append_int(char* buffer, size_t capacity, int64_t value) {
  char digits[24];
  int n = 0;
  const bool negative = value < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  char text[26];
  int k = 0;
  if (negative) text[k++] = '-';
  while (n > 0) text[k++] = digits[--n];
  text[k] = '\0';
  append(buffer, capacity, text);
}

}  // namespace web
}  // namespace csim
