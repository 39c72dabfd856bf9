// A jQuery UI autocomplete over a list of names (book-flight's From and To fields, delay 0,
// minLength 1), as MiniWob's actions reach it: every key that changes the value searches for
// it (case-insensitive substring) and shows every match, an empty value closes the menu;
// ArrowUp/ArrowDown open the menu for the value or move the active item, writing it into the
// input, and past either end restore the typed term; Enter selects the active item; a click on
// an item selects the active one if there is one, else the clicked one; losing the focus closes
// the menu. The widget's live region announces each search's count ("No search results.",
// "1 result is available, ...") and each item the keys move to; only its last message shows.
#pragma once
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

#include "web_common.hpp"

namespace csim {
namespace web {

class Autocomplete {
 public:
  static constexpr int32_t kValueChars = 512;

  // The names to search; `count` of them, kept by the caller. Reserves the menu, so that
  // searching never allocates.
  void attach(const char* const* names, int32_t count) {
    names_ = names;
    count_ = count;
    items_.reserve(static_cast<size_t>(count));
    clear();
  }

  void clear() {
    value_.clear();
    term_.clear();
    items_.clear();
    open_ = false;
    active_ = -1;
    message_[0] = '\0';
  }

  const char* value() const { return value_.text; }
  bool open() const { return open_; }
  int32_t active() const { return active_; }
  const std::vector<int16_t>& items() const { return items_; }
  const char* name(int32_t item) const { return names_[items_[static_cast<size_t>(item)]]; }
  const char* message() const { return message_; }

  // Whether the value is one of the names (what the page's Search accepts).
  bool value_listed() const {
    for (int32_t i = 0; i < count_; ++i) {
      if (std::strcmp(names_[i], value_.text) == 0) return true;
    }
    return false;
  }

  // A key with the input focused: a printable character or Backspace edits the value and
  // searches; arrows move; Enter selects.
  void key(char key) {
    if (key == '\n') {
      if (open_ && active_ >= 0) select(active_);
    } else if (key == 0x11 || key == 0x12) {
      move(key == 0x12);
    } else {
      const size_t before = std::strlen(value_.text);
      value_.type(key);
      // A Backspace on an empty value still runs the search timer: the term becomes "".
      if (std::strlen(value_.text) != before || key == '\b') search();
    }
  }

  // A click on menu item `item` (its li or div).
  void click_item(int32_t item) {
    if (!open_) return;
    select(active_ >= 0 ? active_ : item);
  }

  void blur() { close(); }

 private:
  void search() {
    term_.set(value_.text);
    if (value_.text[0] == '\0') {
      close();
      return;
    }
    items_.clear();
    for (int32_t i = 0; i < count_; ++i) {
      if (contains_folded(names_[i], value_.text)) items_.push_back(static_cast<int16_t>(i));
    }
    active_ = -1;
    open_ = !items_.empty();
    const size_t n = items_.size();
    message_[0] = '\0';
    if (n == 0) {
      append(message_, sizeof(message_), "No search results.");
    } else {
      append_int(message_, sizeof(message_), static_cast<int64_t>(n));
      append(message_, sizeof(message_),
             n > 1 ? " results are available, use up and down arrow keys to navigate."
                   : " result is available, use up and down arrow keys to navigate.");
    }
  }

  void move(bool down) {
    if (!open_) {
      search();
      return;
    }
    const int32_t last = static_cast<int32_t>(items_.size()) - 1;
    if ((active_ == 0 && !down) || (active_ == last && down)) {
      value_.set(term_.text);
      active_ = -1;
      return;
    }
    active_ = active_ < 0 ? (down ? 0 : last) : active_ + (down ? 1 : -1);
    value_.set(name(active_));
    message_[0] = '\0';
    append(message_, sizeof(message_), name(active_));
  }

  void select(int32_t item) {
    value_.set(name(item));
    term_.set(value_.text);
    close();
  }

  void close() {
    open_ = false;
    active_ = -1;
  }

  // RegExp(escapeRegex(term), "i").test(name): an ASCII substring, case folded.
  static bool contains_folded(const char* hay, const char* needle) {
    const size_t n = std::strlen(needle);
    for (const char* h = hay; *h != '\0'; ++h) {
      size_t k = 0;
      while (k < n && h[k] != '\0' &&
             std::tolower(static_cast<unsigned char>(h[k])) == std::tolower(static_cast<unsigned char>(needle[k]))) {
        ++k;
      }
      if (k == n) return true;
    }
    return false;
  }

  const char* const* names_ = nullptr;
  int32_t count_ = 0;
  TextValue<kValueChars> value_;
  TextValue<kValueChars> term_;
  std::vector<int16_t> items_;
  bool open_ = false;
  int32_t active_ = -1;
  char message_[96] = "";
};

}  // namespace web
}  // namespace csim
