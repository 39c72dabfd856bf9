// How many lines Chromium wraps a text into, for the tasks whose rules depend on it: a box that
// scrolls (its content taller than it) takes the focus in Chromium, so whether an opened email's
// body overflows decides what a click on the email's box does. Text is 10 px Arial (MiniWob's
// #area font); the advance widths below were measured in the reference's Chromium (canvas
// measureText, Liberation Sans standing in for Arial). Lines fill greedily between words; the
// sum of advances ignores kerning, which decides about 1 body in 300 differently (docs/miniwob.md).
#pragma once
#include <cstdint>

namespace csim {
namespace web {

// Advance width in CSS pixels of an ASCII character (32-126) at 10 px; others count as a space's.
inline double arial_10px_advance(char c) {
  static const double kAdvance[95] = {
    2.7783203125, 2.7783203125, 3.5498046875, 5.5615234375, 5.5615234375, 8.8916015625, 6.669921875,
    1.9091796875, 3.330078125, 3.330078125, 3.8916015625, 5.83984375, 2.7783203125, 3.330078125, 2.7783203125,
    2.7783203125, 5.5615234375, 5.5615234375, 5.5615234375, 5.5615234375, 5.5615234375, 5.5615234375,
    5.5615234375, 5.5615234375, 5.5615234375, 5.5615234375, 2.7783203125, 2.7783203125, 5.83984375, 5.83984375,
    5.83984375, 5.5615234375, 10.1513671875, 6.669921875, 6.669921875, 7.2216796875, 7.2216796875, 6.669921875,
    6.1083984375, 7.7783203125, 7.2216796875, 2.7783203125, 5, 6.669921875, 5.5615234375, 8.330078125,
    7.2216796875, 7.7783203125, 6.669921875, 7.7783203125, 7.2216796875, 6.669921875, 6.1083984375, 7.2216796875,
    6.669921875, 9.4384765625, 6.669921875, 6.669921875, 6.1083984375, 2.7783203125, 2.7783203125, 2.7783203125,
    4.6923828125, 5.5615234375, 3.330078125, 5.5615234375, 5.5615234375, 5, 5.5615234375, 5.5615234375,
    2.7783203125, 5.5615234375, 5.5615234375, 2.2216796875, 2.2216796875, 5, 2.2216796875, 8.330078125,
    5.5615234375, 5.5615234375, 5.5615234375, 5.5615234375, 3.330078125, 5, 2.7783203125, 5.5615234375, 5,
    7.2216796875, 5, 5, 5, 3.33984375, 2.59765625, 3.33984375, 5.83984375,
  };
  const int code = static_cast<unsigned char>(c);
  return code >= 32 && code < 127 ? kAdvance[code - 32] : kAdvance[0];
}

// Lines of `text` (words separated by single spaces) in a box `width` pixels wide.
inline int32_t arial_10px_lines(const char* text, double width) {
  int32_t lines = 1;
  double line = 0;  // width of the current line without a trailing space
  const char* p = text;
  while (*p != '\0') {
    const char* end = p;
    double word = 0;
    while (*end != '\0' && *end != ' ') word += arial_10px_advance(*end++);
    const double joined = line == 0 ? word : line + arial_10px_advance(' ') + word;
    if (line == 0 || joined <= width) {
      line = joined;
    } else {
      ++lines;
      line = word;
    }
    p = *end == ' ' ? end + 1 : end;
  }
  return lines;
}

}  // namespace web
}  // namespace csim
