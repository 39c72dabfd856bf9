// book-flight's jQuery UI datepicker (October to December 2016) with the widget state that
// outlives a show: the picker keeps its drawn month and selected day while the input's value
// equals the value it last read (lastVal), and highlights the selected day on the first redraw
// after a key went to the input (_keyEvent). Enter picks the highlighted day unless it is the
// chosen one. Opened by the input's focus event; only a day, or Enter, closes it (MiniWob's
// element.click() sends no mousedown, so clicks elsewhere leave it open).
#pragma once
#include <cstdint>
#include <cstring>

#include "web_page.hpp"

namespace csim {
namespace web {

class FlightPicker {
 public:
  static constexpr int32_t kFirstMonth = 9, kLastMonth = 11;  // minDate 1 Oct, maxDate 31 Dec 2016

  void reset() { *this = FlightPicker(); }
  bool showing() const { return showing_; }
  const char* value() const { return value_; }
  int32_t shown_month() const { return draw_month_; }

  // The input's focus event (_showDatepicker): nothing while it shows.
  void on_focus() {
    if (showing_) return;
    set_from_field();
    redraw();
    showing_ = true;
  }

  // Prev or Next; returns whether the picker was redrawn (jQuery UI's _updateDatepicker then
  // focuses the input if it is shown and lacks the focus).
  bool step_month(int32_t by) {
    const int32_t month = draw_month_ + by;
    if (!showing_ || month < kFirstMonth || month > kLastMonth) return false;  // a disabled arrow has no handler
    draw_month_ = selected_month_ = month;
    if (selected_day_ > days_in(month)) selected_day_ = days_in(month);
    redraw();
    return true;
  }

  void choose(int32_t day) {
    if (!showing_) return;
    selected_day_ = current_day_ = day;
    selected_month_ = current_month_ = draw_month_;
    format(draw_month_, day, value_);
    showing_ = false;
  }

  // A key pressed in the input: keydown (Enter acts while it shows), then keyup, which re-reads
  // a value that differs from lastVal.
  void on_key(bool enter) {
    key_event_ = true;
    if (showing_ && enter) {
      if (over_day_ != 0 && !over_is_current_) {
        choose(over_day_);
      } else {
        showing_ = false;
      }
    }
    if (!last_val_known_ || std::strcmp(value_, last_val_) != 0) {
      if (value_[0] != '\0') {  // parseDate("") is null: nothing happens
        set_from_field();
        redraw();
      }
    }
  }

  static int32_t days_in(int32_t month) { return month == 10 ? 30 : 31; }
  // 1 October 2016 was a Saturday (0: Sunday).
  static int32_t first_weekday(int32_t month) { return month == 9 ? 6 : month == 10 ? 2 : 4; }

  static void format(int32_t month, int32_t day, char* out) {
    out[0] = static_cast<char>('0' + (month + 1) / 10);
    out[1] = static_cast<char>('0' + (month + 1) % 10);
    out[2] = '/';
    out[3] = static_cast<char>('0' + day / 10);
    out[4] = static_cast<char>('0' + day % 10);
    std::memcpy(out + 5, "/2016", 6);
  }

  // Rows of the open picker under the body; roles for the arrows and days (day: arg = day).
  template <typename AddRow>
  void build(AddRow add, int16_t role_prev, int16_t role_next, int16_t role_day) const;

 private:
  // _setDateFromField: skipped while the value equals lastVal.
  void set_from_field() {
    if (last_val_known_ && std::strcmp(value_, last_val_) == 0) return;
    std::memcpy(last_val_, value_, sizeof(value_));
    last_val_known_ = true;
    if (value_[0] == '\0') {  // the default date: today, clamped to maxDate
      selected_month_ = draw_month_ = kLastMonth;
      selected_day_ = 31;
      current_day_ = 0;
    } else {
      selected_month_ = draw_month_ = current_month_ = (value_[0] - '0') * 10 + (value_[1] - '0') - 1;
      selected_day_ = current_day_ = (value_[3] - '0') * 10 + (value_[4] - '0');
    }
  }

  // _generateHTML's day classes: the highlighted day and whether it is the chosen one; the
  // key flag is spent.
  void redraw() {
    over_day_ = 0;
    over_is_current_ = false;
    if (key_event_ || (selected_month_ == kLastMonth && selected_day_ == 31)) {
      if (draw_month_ == selected_month_) over_day_ = selected_day_;
    }
    over_is_current_ = over_day_ != 0 && current_day_ != 0 && current_month_ == draw_month_ && current_day_ == over_day_;
    key_event_ = false;
  }

  bool showing_ = false;
  char value_[12] = "";
  char last_val_[12] = "";
  bool last_val_known_ = false;  // lastVal is undefined on a fresh page
  bool key_event_ = false;
  int32_t draw_month_ = kLastMonth, selected_month_ = kLastMonth, selected_day_ = 31;
  int32_t current_month_ = 0, current_day_ = 0;  // the chosen date (day 0: none)
  int32_t over_day_ = 0;                          // the highlighted day as last drawn (0: none)
  bool over_is_current_ = false;
};

template <typename AddRow>
void FlightPicker::build(AddRow add, int16_t role_prev, int16_t role_next, int16_t role_day) const {
  static const char* const kMonthNames[3] = {"October", "November", "December"};
  static const char* const kWeekdays[7] = {"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"};
  static const char* const kDayTexts[32] = {"",   "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10",
                                            "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21",
                                            "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"};
  const int32_t lead = first_weekday(draw_month_);
  const int32_t weeks = (lead + days_in(draw_month_) + 6) / 7;
  const float table_height = 16.0f + 13.6f * static_cast<float>(weeks) + 1.0f;
  Element* e = nullptr;
  const int32_t div = add(kTagDiv, 0, 12, 55, 124, table_height + 24.0f, e);
  if (e) e->id = "ui-datepicker-div";
  const int32_t header = add(kTagDiv, div, 14, 57, 119, 17, e);
  for (int32_t k = 0; k < 2; ++k) {
    const int32_t a = add(kTagA, header, k == 0 ? 17 : 118, 60, 13, 13, e);
    if (e) {
      e->classes = k == 0 ? "ui-datepicker-prev" : "ui-datepicker-next";
      e->role = k == 0 ? role_prev : role_next;
    }
    const int32_t icon = add(kTagSpan, a, k == 0 ? 16 : 116, 58, 16, 16, e);
    if (e) {
      e->text = k == 0 ? "Prev" : "Next";
      e->role = k == 0 ? role_prev : role_next;
    }
    (void)icon;
  }
  const int32_t title = add(kTagDiv, header, 31, 59, 85, 13, e);
  add(kTagSpan, title, 48, 61, 34, 7, e);
  if (e) {
    e->classes = "ui-datepicker-month";
    e->text = kMonthNames[draw_month_ - kFirstMonth];
  }
  add(kTagSpan, title, 84, 61, 16, 7, e);
  if (e) e->text = "2016";
  const int32_t table = add(kTagTable, div, 14, 74, 119, table_height, e);
  if (e) e->classes = "ui-datepicker-calendar";
  const int32_t thead = add(kTagThead, table, 14, 74, 119, 16, e);
  const int32_t head_row = add(kTagTr, thead, 14, 74, 119, 16, e);
  for (int32_t d = 0; d < 7; ++d) {
    const float x = 14.0f + 17.0f * static_cast<float>(d);
    const int32_t th = add(kTagTh, head_row, x, 74, 17, 16, e);
    add(kTagSpan, th, x + 4, 79, 8, 7, e);
    if (e) e->text = kWeekdays[d];
  }
  const int32_t body = add(kTagTbody, table, 14, 90, 119, table_height - 16.0f, e);
  for (int32_t w = 0; w < weeks; ++w) {
    const float y = 90.0f + 13.6f * static_cast<float>(w);
    const int32_t tr = add(kTagTr, body, 14, y, 119, 14, e);
    for (int32_t d = 0; d < 7; ++d) {
      const float x = 14.0f + 17.0f * static_cast<float>(d);
      const int32_t day = w * 7 + d - lead + 1;
      const int32_t td = add(kTagTd, tr, x, y, 17, 14, e);
      if (day < 1 || day > days_in(draw_month_)) continue;
      if (e) {
        e->role = role_day;
        e->arg = static_cast<int16_t>(day);
      }
      add(kTagA, td, x + 1, y + 1, 15, 12, e);
      if (e) {
        e->text = kDayTexts[day];
        e->role = role_day;
        e->arg = static_cast<int16_t>(day);
      }
    }
  }
}

}  // namespace web
}  // namespace csim
