// enter-time: type the named time into an <input type=time> and submit: +1 (time-proportional)
// when its value is the time, else -1. The input is Chromium's segmented editor in a 12-hour
// locale, modelled from probes of the real one: hour, minute and AM/PM segments, typed digits
// fill the focused segment and move on once it is complete (type-ahead), 13-19 typed into the
// hour mean 1-7 PM, "00" means 12, ':' is ignored (so typing the field "1:27AM" gives 00:07, in
// Chromium too); AM/PM takes 1/A and 2/P; arrows step a segment (AM/PM toggles); Backspace
// clears the segment. The value is "HH:MM" once all three are set.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t { kRoleInput = kRoleFirstTaskRole };
enum Segment : int32_t { kHour = 0, kMinute, kMeridiem };
enum Meridiem : int32_t { kUnset = 0, kAM, kPM };

class EnterTime final : public Task {
 public:
  void generate(Rng& rng) override {
    // A random moment of 2016 as the real task draws it: every minute of the day alike.
    start(rng.range(0, 24), rng.range(0, 60));
  }

  void load(const json::Value& state) override {
    const int32_t hour = static_cast<int32_t>(state.at("hour", "state").as_int("state.hour", 0, 23));
    const int32_t minute = static_cast<int32_t>(state.at("minute", "state").as_int("state.minute", 0, 59));
    start(hour, minute);
  }

  void instruction(Instruction& out) const override {
    // toLocaleTimeString (en-US) without the seconds: "9:37 PM"; the field drops the space.
    char clock[16] = "";
    append_int(clock, sizeof(clock), hour_ % 12 == 0 ? 12 : hour_ % 12);
    append(clock, sizeof(clock), minute_ < 10 ? ":0" : ":");
    append_int(clock, sizeof(clock), minute_);
    const char* half = hour_ < 12 ? "AM" : "PM";
    std::strcpy(out.utterance, "Enter ");
    append(out.utterance, sizeof(out.utterance), clock);
    append(out.utterance, sizeof(out.utterance), " ");
    append(out.utterance, sizeof(out.utterance), half);
    append(out.utterance, sizeof(out.utterance), " as the time and press submit.");
    char field[16] = "";
    append(field, sizeof(field), clock);
    append(field, sizeof(field), half);
    out.add_field("target", field);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 69);
    page.rows[area].left = 5;
    page.rows[area].top = 55;
    page.rows[area].width = 150;
    const int32_t form = page.add(kTagDiv, area, 7, 57, 146, 65);
    page.rows[form].id = "form";
    const int32_t input = page.add(kTagInputTime, form, 7, 62, 105, 24);
    Element& in = page.rows[input];
    in.id = "tt";
    in.value = value_;
    in.role = kRoleInput;
    in.flags = kFlagFocusable;
    add_submit(page, form, "subbtn", 7, 91);
  }

  Outcome click(Target target) override {
    if (target.role == kRoleInput && !entered_) {
      entered_ = true;  // element.focus() puts the caret in the hour segment
      segment_ = kHour;
      ahead_ = -1;
    }
    if (target.role != kRoleSubmit) return Outcome::none();
    const bool right = std::strcmp(value_, expected_) == 0;
    return Outcome::end(right ? 1.0f : -1.0f, right);
  }

  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleInput) return Outcome::none();
    if (key == kKeyBackspace) {
      clear_segment();
    } else if (key == kKeyUp || key == kKeyDown) {
      step_segment(key == kKeyUp ? 1 : -1);
    } else if (segment_ == kMeridiem) {
      if (key == '1' || key == 'a' || key == 'A') meridiem_ = kAM;
      if (key == '2' || key == 'p' || key == 'P') meridiem_ = kPM;
    } else if (key >= '0' && key <= '9') {
      type_digit(key - '0');
    }  // other characters (':' included) change nothing: "1:05" typed reads as 10 o'clock
    update_value();
    return Outcome::none();
  }

  // Typing the field works unless the hour is 1 (its ':' is ignored, see above); then, and to
  // finish what typing left, it types two-digit segments and the AM/PM digit.
  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    int32_t input = 0, submit = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].tag == kTagInputTime) input = r;
      if (page.rows[r].role == kRoleSubmit) submit = r;
    }
    const int32_t hour12 = hour_ % 12 == 0 ? 12 : hour_ % 12;
    const int32_t half = hour_ < 12 ? kAM : kPM;
    if (std::strcmp(value_, expected_) == 0) return click_action(submit);
    if (!entered_) return hour12 != 1 ? type_action(input, 0) : click_action(input);
    if (focus.role != kRoleInput) return click_action(input);
    if (segment_ == kHour) return key_action(static_cast<char>('0' + (ahead_ < 0 ? hour12 / 10 : hour12 % 10)));
    if (segment_ == kMinute) return key_action(static_cast<char>('0' + (ahead_ < 0 ? minute_ / 10 : minute_ % 10)));
    if (meridiem_ != half) return key_action(half == kAM ? '1' : '2');
    return click_action(submit);  // a wrong hour or minute cannot be reached again
  }

  // A quarter for each segment that holds the asked part of the time (the last is Submit).
  float progress() const override {
    const int32_t hour12 = hour_ % 12 == 0 ? 12 : hour_ % 12;
    const int32_t right = (hour12_ == hour12 ? 1 : 0) + (minute_typed_ == minute_ ? 1 : 0) +
                          (meridiem_ == (hour_ < 12 ? kAM : kPM) ? 1 : 0);
    return 0.25f * static_cast<float>(right);
  }

 private:
  void start(int32_t hour, int32_t minute) {
    hour_ = hour;
    minute_ = minute;
    expected_[0] = '\0';
    append(expected_, sizeof(expected_), hour < 10 ? "0" : "");
    append_int(expected_, sizeof(expected_), hour);
    append(expected_, sizeof(expected_), minute < 10 ? ":0" : ":");
    append_int(expected_, sizeof(expected_), minute);
    entered_ = false;
    segment_ = kHour;
    ahead_ = -1;
    hour12_ = 0;
    minute_typed_ = -1;
    meridiem_ = kUnset;
    value_[0] = '\0';
  }

  void advance() {
    ahead_ = -1;
    if (segment_ < kMeridiem) ++segment_;
  }

  void type_digit(int32_t d) {
    if (segment_ == kHour) {
      if (ahead_ < 0) {
        hour12_ = d == 0 ? 12 : d;  // a lone 0 or 1 waits for a second digit
        if (d >= 2) advance(); else ahead_ = d;
      } else {
        const int32_t v = ahead_ * 10 + d;
        if (v == 0) hour12_ = 12;
        else if (v <= 12) hour12_ = v;
        else { hour12_ = v - 12; meridiem_ = kPM; }  // 13-19: a 24-hour time after noon
        advance();
      }
    } else {
      if (ahead_ < 0) {
        minute_typed_ = d;
        if (d >= 6) advance(); else ahead_ = d;
      } else {
        minute_typed_ = ahead_ * 10 + d;
        advance();
      }
    }
  }

  void clear_segment() {
    ahead_ = -1;
    if (segment_ == kHour) hour12_ = 0;
    if (segment_ == kMinute) minute_typed_ = -1;
    if (segment_ == kMeridiem) meridiem_ = kUnset;
  }

  // Arrows: a set segment steps (wrapping), AM/PM toggles; an empty one takes a first value
  // (Chromium takes the wall clock's hour or minute, which only typing can follow up, so no
  // value ever shows it; AM for ArrowUp, PM for ArrowDown).
  void step_segment(int32_t by) {
    ahead_ = -1;
    if (segment_ == kHour) hour12_ = hour12_ == 0 ? 12 : (hour12_ - 1 + by + 12) % 12 + 1;
    if (segment_ == kMinute) minute_typed_ = minute_typed_ < 0 ? 0 : (minute_typed_ + by + 60) % 60;
    if (segment_ == kMeridiem) {
      if (meridiem_ == kUnset) meridiem_ = by > 0 ? kAM : kPM;
      else meridiem_ = meridiem_ == kAM ? kPM : kAM;
    }
  }

  void update_value() {
    value_[0] = '\0';
    if (hour12_ == 0 || minute_typed_ < 0 || meridiem_ == kUnset) return;
    const int32_t h = hour12_ % 12 + (meridiem_ == kPM ? 12 : 0);
    append(value_, sizeof(value_), h < 10 ? "0" : "");
    append_int(value_, sizeof(value_), h);
    append(value_, sizeof(value_), minute_typed_ < 10 ? ":0" : ":");
    append_int(value_, sizeof(value_), minute_typed_);
  }

  int32_t hour_ = 0, minute_ = 0;  // the time to enter (24-hour)
  char expected_[8] = "";
  bool entered_ = false;           // the input has had the focus (its caret is in a segment)
  int32_t segment_ = kHour;
  int32_t ahead_ = -1;             // a typed digit waiting for its second one (-1: none)
  int32_t hour12_ = 0;             // 1..12, 0 unset
  int32_t minute_typed_ = -1;      // 0..59, -1 unset
  int32_t meridiem_ = kUnset;
  char value_[8] = "";
};

}  // namespace

std::unique_ptr<Task> make_enter_time() { return std::unique_ptr<Task>(new EnterTime()); }

}  // namespace web
}  // namespace csim
