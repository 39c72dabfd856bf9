// An editable text input or textarea as Chromium edits it under keys: a caret that typing
// inserts at and Backspace deletes before, kept while the element loses and regains the focus
// (element.focus() restores the selection; a value set by the page's script puts it at the end).
// ArrowUp/ArrowDown in a one-line input go to the start / the end. In a textarea they move a line
// up or down at the remembered column, over the lines Chromium lays the text out in; the tasks'
// textareas are monospace (13.33 px, 8.02 px a character), so the layout is a matter of columns:
// pre-wrap lines filled greedily, spaces hanging at the end of a line, a word longer than a line
// broken inside (overflow-wrap: break-word), a line break allowed after a hyphen inside a word, and a narrower line once the text overflows the box
// and a scrollbar takes its share. Probed against Chromium (docs/miniwob.md).
#pragma once
#include <cstdint>
#include <cstring>

#include "web_task.hpp"

namespace csim {
namespace web {

// A textarea's box in characters: columns without and with a vertical scrollbar, and the lines
// that fit before the scrollbar appears.
struct TextareaGeometry {
  int32_t columns = 18;
  int32_t columns_with_scrollbar = 16;
  int32_t visible_lines = 6;
};

template <int32_t N>
class TextField {
 public:
  explicit TextField(bool multiline = false, TextareaGeometry geometry = TextareaGeometry())
      : multiline_(multiline), geometry_(geometry) {}

  const char* text() const { return text_; }
  int32_t length() const { return length_; }
  int32_t caret() const { return caret_; }

  // The value set by script: the caret goes to its end.
  void set(const char* s) {
    length_ = 0;
    while (s[length_] != '\0' && length_ + 1 < N) {
      text_[length_] = s[length_];
      ++length_;
    }
    text_[length_] = '\0';
    caret_ = length_;
    forget_column();
  }
  void clear() { set(""); }

  // A key pressed with the field focused: a printable character (or, in a textarea, Enter's
  // newline) is inserted at the caret; Backspace deletes before it; arrows move it. Characters
  // past the field's capacity are dropped.
  void key(char key) {
    if (key == kKeyUp || key == kKeyDown) {
      multiline_ ? move_line(key == kKeyUp ? -1 : 1) : void(caret_ = key == kKeyUp ? 0 : length_);
      return;
    }
    forget_column();
    if (key == kKeyBackspace) {
      if (caret_ == 0) return;
      std::memmove(text_ + caret_ - 1, text_ + caret_, static_cast<size_t>(length_ - caret_ + 1));
      --caret_;
      --length_;
      return;
    }
    if (key == kKeyEnter && !multiline_) return;
    if (key != kKeyEnter && static_cast<unsigned char>(key) < 0x20) return;
    if (length_ + 1 >= N) return;
    std::memmove(text_ + caret_ + 1, text_ + caret_, static_cast<size_t>(length_ - caret_ + 1));
    text_[caret_++] = key == kKeyEnter ? '\n' : key;
    ++length_;
  }

 private:
  struct Line {
    int32_t start, end;  // end: past the hanging spaces, before a newline
    bool soft;           // wrapped (the next line starts at `end`), not ended by a newline
  };

  // Lays the text out in `columns`; returns the number of lines (at most kMaxLines written).
  static constexpr int32_t kMaxLines = N;
  int32_t lay_out(int32_t columns, Line* lines) const {
    int32_t count = 0;
    int32_t hard = 0;
    while (true) {
      int32_t stop = hard;
      while (stop < length_ && text_[stop] != '\n') ++stop;
      int32_t p = hard;
      while (true) {
        int32_t i = p, last_break = -1;
        bool overflow = false;
        while (i < stop) {
          if (text_[i] == ' ') {
            while (i < stop && text_[i] == ' ') ++i;
            last_break = i;
            continue;
          }
          if (i - p + 1 > columns) {
            overflow = true;
            break;
          }
          // A hyphen inside a word may end a line, unless a digit follows it (as in "-3").
          if (text_[i] == '-' && i > p && text_[i - 1] != ' ' && i + 1 < stop && text_[i + 1] != ' ' &&
              !(text_[i + 1] >= '0' && text_[i + 1] <= '9')) {
            last_break = i + 1;
          }
          ++i;
        }
        if (!overflow) {
          lines[count++] = Line{p, stop, false};
          break;
        }
        const int32_t next = last_break > p ? last_break : i;
        lines[count++] = Line{p, next, true};
        p = next;
      }
      if (stop >= length_) break;
      hard = stop + 1;
    }
    return count;
  }

  void forget_column() {
    goal_ = -1;
    line_hint_ = -1;
  }

  // A vertical move: the caret's line (a caret at a wrap point sits on the line the last move
  // put it on, else on the next), the column remembered from the first of consecutive moves;
  // past the first or the last line the caret goes to the start or the end of the text.
  void move_line(int32_t by) {
    Line l[kMaxLines];  // a field holds at most N - 1 characters, so at most N lines
    int32_t count = lay_out(geometry_.columns, l);
    if (count > geometry_.visible_lines) count = lay_out(geometry_.columns_with_scrollbar, l);
    int32_t k = line_hint_;
    if (k < 0 || k >= count) {
      k = count - 1;
      for (int32_t j = 0; j < count; ++j) {
        if (caret_ >= l[j].start && (caret_ < l[j].end || (caret_ == l[j].end && !l[j].soft))) {
          k = j;
          break;
        }
      }
    }
    if (goal_ < 0) goal_ = caret_ - l[k].start;
    line_hint_ = -1;
    const int32_t target = k + by;
    if (target < 0) {
      caret_ = 0;
      return;
    }
    if (target >= count) {
      caret_ = length_;
      return;
    }
    const Line& t = l[target];
    const int32_t width = t.end - t.start;
    caret_ = t.start + (goal_ < width ? goal_ : width);
    if (t.soft && goal_ >= width) line_hint_ = target;  // at the wrap point, on this line
  }

  char text_[N] = {};
  int32_t length_ = 0;
  int32_t caret_ = 0;
  int32_t goal_ = -1;       // remembered column of consecutive vertical moves
  int32_t line_hint_ = -1;  // the line a caret at a wrap point is on
  bool multiline_;
  TextareaGeometry geometry_;
};

}  // namespace web
}  // namespace csim
