// The web tasks' observation (the element table as named parts), its caption (compact
// HTML-like text read back from the observation alone) and the person's render.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "../core/observation_parts.hpp"
#include "web_env.hpp"

namespace csim {
namespace web {
namespace {

const char* const kTagNames[kNumTags] = {
    "",      "body",   "div",   "span",  "p",     "label",          "button",         "a",
    "ul",    "li",     "form",  "input_text", "input_number", "input_time", "input_checkbox", "input_radio",
    "input_password", "textarea", "t",  "h1",    "h2",    "h3",    "table", "tr",
    "td",    "th",     "b",     "i",     "img",   "select", "option", "svg",
    "thead", "tbody", "h4"};

void write_chars(const char* text, int32_t width, float* out) {
  int32_t i = 0;
  for (; i < width && text[i] != '\0'; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out[i] = static_cast<float>(c < kCharCodes ? c : '?');  // non-ASCII shows as '?'
  }
  for (; i < width; ++i) out[i] = 0.0f;
}

// The field whose value equals text, 1-based; 0 for none (or empty text).
int32_t matching_field(const char* text, const Instruction& instruction) {
  if (text[0] == '\0') return 0;
  for (int32_t j = 0; j < instruction.num_fields; ++j) {
    if (std::strcmp(text, instruction.values[j]) == 0) return j + 1;
  }
  return 0;
}

// A text that is a whole number (optionally signed, with a fraction) scaled into [-1, 1] by
// 1/10 (MiniWob's numbers are small: spinner targets in [-10, 10], guesses 0-9); 0 otherwise.
float number_of(const char* text) {
  if (text[0] == '\0') return 0.0f;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !std::isfinite(v)) return 0.0f;
  return static_cast<float>(std::min(1.0, std::max(-1.0, v / 10.0)));
}

float clip(float v) { return std::min(layout::kNumberHigh, std::max(layout::kNumberLow, v)); }

std::string read_chars(const float* codes, int32_t width) {
  std::string s;
  for (int32_t i = 0; i < width && codes[i] != 0.0f; ++i) s += static_cast<char>(static_cast<int>(codes[i]));
  return s;
}

void check_codes(const float* obs, int32_t begin, int32_t count, int32_t categories, const char* part) {
  for (int32_t i = begin; i < begin + count; ++i) {
    const float v = obs[i];
    if (!(v >= 0.0f && v < static_cast<float>(categories)) || v != std::floor(v)) {
      throw InvalidArgument(std::string("observation element ") + std::to_string(i) + " (part " + part + ") is " +
                            std::to_string(v) + "; it must be a whole number in [0, " + std::to_string(categories) +
                            ")");
    }
  }
}

}  // namespace

const char* tag_name(int32_t tag) { return tag >= 0 && tag < kNumTags ? kTagNames[tag] : ""; }

int32_t tag_code(const char* name) {
  for (int32_t t = 1; t < kNumTags; ++t) {
    if (std::strcmp(kTagNames[t], name) == 0) return t;
  }
  return kTagNone;
}

void encode(const Page& page, const Instruction& instruction, float* out) {
  using namespace layout;
  write_chars(instruction.utterance, kUtteranceChars, out + kUtterance);
  for (int32_t j = 0; j < kMaxFields; ++j) {
    write_chars(j < instruction.num_fields ? instruction.values[j] : "", kFieldChars, out + kFields + j * kFieldChars);
    out[kFieldNumbers + j] = j < instruction.num_fields ? number_of(instruction.values[j]) : 0.0f;
  }
  // Rows past the page are all zeros (tag 0 marks them empty).
  std::memset(out + kCodes, 0, sizeof(float) * (kFieldNumbers - kCodes));
  for (int32_t i = 0; i < page.count; ++i) {
    const Element& e = page.rows[i];
    float* codes = out + kCodes + i * kCodeChannels;
    codes[0] = e.tag;
    codes[1] = 0.0f;  // focus: set below
    codes[2] = (e.flags & kFlagChecked) ? 1.0f : 0.0f;
    codes[3] = (e.flags & kFlagActive) ? 1.0f : 0.0f;
    codes[4] = static_cast<float>(matching_field(e.text, instruction));
    codes[5] = static_cast<float>(matching_field(e.value, instruction));
    write_chars(e.text, kTextChars, out + kText + i * kTextChars);
    write_chars(e.value, kValueChars, out + kValue + i * kValueChars);
    float* n = out + kNumbers + i * kNumberChannels;
    n[0] = clip(e.left / 160.0f);
    n[1] = clip(e.top / 210.0f);
    n[2] = clip(e.width / 160.0f);
    n[3] = clip(e.height / 210.0f);
    n[4] = e.has_background ? 1.0f : 0.0f;
    n[5] = e.red / 255.0f;
    n[6] = e.green / 255.0f;
    n[7] = e.blue / 255.0f;
    n[8] = number_of(e.text[0] != '\0' ? e.text : e.value);
    out[kParents + i] = static_cast<float>(e.parent + 1);
  }
  // The focused row: the env marks focus by role; the page tells which row has it.
  for (int32_t i = 0; i < page.count; ++i) {
    if (page.rows[i].flags & kFlagFocused) out[kCodes + i * kCodeChannels + 1] = 1.0f;
  }
}

std::vector<CSimObservationPart> WebKind::observation_parts() const {
  using namespace layout;
  std::vector<CSimObservationPart> parts;
  const auto f32 = CSIM_DTYPE_FLOAT32;
  add_categorical_part(parts, "utterance", f32, {kUtteranceChars}, {kCharCodes});
  add_categorical_part(parts, "fields", f32, {kMaxFields, kFieldChars}, {kCharCodes});
  add_categorical_part(parts, "element_codes", f32, {kMaxElements, kCodeChannels},
                       {kNumTags, 2, 2, 2, kMaxFields + 1, kMaxFields + 1});
  add_categorical_part(parts, "element_text", f32, {kMaxElements, kTextChars}, {kCharCodes});
  add_categorical_part(parts, "element_value", f32, {kMaxElements, kValueChars}, {kCharCodes});
  add_observation_part(parts, "element_numbers", f32, {kMaxElements, kNumberChannels}, kNumberLow, kNumberHigh);
  // The parent's row + 1 (0: none); a parent comes before its child, so at most kMaxElements - 1.
  add_categorical_part(parts, "element_parents", f32, {kMaxElements}, {kMaxElements});
  add_observation_part(parts, "field_numbers", f32, {kMaxFields}, -1.0f, 1.0f);
  return parts;
}

// One line per row, indented by depth: "[k] <tag flags>text</tag>" with the value and the
// field a text equals; rows are numbered as the click and type actions number them.
std::string WebKind::caption(const void* observation, int32_t event) const {
  using namespace layout;
  const float* obs = static_cast<const float*>(observation);
  check_codes(obs, kUtterance, kUtteranceChars + kMaxFields * kFieldChars, kCharCodes, "utterance/fields");
  for (int32_t i = 0; i < kMaxElements; ++i) {
    const int32_t counts[kCodeChannels] = {kNumTags, 2, 2, 2, kMaxFields + 1, kMaxFields + 1};
    for (int32_t c = 0; c < kCodeChannels; ++c) check_codes(obs, kCodes + i * kCodeChannels + c, 1, counts[c], "element_codes");
  }
  check_codes(obs, kText, kMaxElements * (kTextChars + kValueChars), kCharCodes, "element_text/value");
  check_codes(obs, kParents, kMaxElements, kMaxElements, "element_parents");

  std::string text = read_chars(obs + kUtterance, kUtteranceChars) + "\n";
  int32_t depth[kMaxElements] = {};
  for (int32_t i = 0; i < kMaxElements; ++i) {
    const float* codes = obs + kCodes + i * kCodeChannels;
    const int32_t tag = static_cast<int32_t>(codes[0]);
    if (tag == kTagNone) break;
    const int32_t parent = static_cast<int32_t>(obs[kParents + i]) - 1;
    depth[i] = parent >= 0 && parent < i ? depth[parent] + 1 : 0;
    const std::string own = read_chars(obs + kText + i * kTextChars, kTextChars);
    const std::string value = read_chars(obs + kValue + i * kValueChars, kValueChars);
    text += "[" + std::to_string(i) + "]" + std::string(static_cast<size_t>(depth[i]), ' ');
    if (tag == kTagText) {
      text += " \"" + own + (own.size() == static_cast<size_t>(kTextChars) ? "...\"" : "\"");
    } else {
      text += " <" + std::string(tag_name(tag));
      if (!value.empty()) text += " value=\"" + value + "\"";
      if (codes[1] != 0.0f) text += " focused";
      if (codes[2] != 0.0f) text += " checked";
      if (codes[3] != 0.0f) text += " selected";
      const float* n = obs + kNumbers + i * kNumberChannels;
      if (n[4] != 0.0f) {
        text += " bg=rgb(" + std::to_string(static_cast<int>(std::lround(n[5] * 255))) + "," +
                std::to_string(static_cast<int>(std::lround(n[6] * 255))) + "," +
                std::to_string(static_cast<int>(std::lround(n[7] * 255))) + ")";
      }
      text += ">" + own + (own.size() == static_cast<size_t>(kTextChars) ? "..." : "");
    }
    text += "\n";
  }
  if (event > 0 && event < kNumEvents) text += std::string("(last action: ") + event_names()[event] + ")";
  else if (!text.empty()) text.pop_back();
  return text;
}

std::string render_page(const Page& page, const Instruction& instruction) {
  std::string text = std::string(instruction.utterance) + "\n";
  for (int32_t j = 0; j < instruction.num_fields; ++j) {
    text += std::string(j == 0 ? "fields: " : ", ") + instruction.keys[j] + "=" + instruction.values[j];
  }
  if (instruction.num_fields > 0) text += "\n";
  for (int32_t i = 0; i < page.count; ++i) {
    const Element& e = page.rows[i];
    text += "[" + std::to_string(i) + "]" + std::string(e.depth, ' ') + " ";
    if (e.tag == kTagText) {
      text += "\"" + std::string(e.text) + "\"\n";
      continue;
    }
    text += "<" + std::string(tag_name(e.tag));
    if (e.id[0] != '\0') text += " id=" + std::string(e.id);
    if (e.classes[0] != '\0') text += " class=\"" + std::string(e.classes) + "\"";
    if (e.value[0] != '\0') text += " value=\"" + std::string(e.value) + "\"";
    if (e.flags & kFlagFocused) text += " focused";
    if (e.flags & kFlagChecked) text += " checked";
    text += ">" + std::string(e.text) + "\n";
  }
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace web
}  // namespace csim
