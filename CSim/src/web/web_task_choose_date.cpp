// choose-date-nodelay: a read-only text input with a jQuery UI datepicker (dates of 2016); pick
// the named date and submit: +1 (time-proportional) when the input reads it as MM/DD/YYYY, else
// -1. Modelled from probes of the real page:
// - the picker opens when the input takes the focus, on December 2016 (today, clamped to the
//   picker's last date: any wall clock after 2016 gives it); Prev/Next step a month (disabled at
//   January and December), and a day (its link or its cell) fills the input and closes it;
// - the day links are never left focused (a click hides them before element.focus() runs), so
//   the input keeps the focus, and nothing else on the page can take it without ending the
//   episode: once closed, the picker cannot be opened again;
// - Enter closes the picker, choosing the highlighted day (31 December, shown highlighted only
//   until the first Prev) when there is one; typing into the read-only input changes nothing.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t { kRoleInput = kRoleFirstTaskRole, kRolePrev, kRoleNext, kRoleDay };  // day: arg = day

constexpr int32_t kYear = 2016;
constexpr int32_t kDaysInMonth[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2016 is a leap year
constexpr int32_t kFirstWeekday2016 = 5;  // 1 January 2016 was a Friday (0: Sunday)
const char* const kMonthNames[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
const char* const kWeekdays[7] = {"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"};
const char* const kDayTexts[32] = {"",   "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10",
                                   "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21",
                                   "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"};

int32_t first_weekday(int32_t month) {
  int32_t days = 0;
  for (int32_t m = 0; m < month; ++m) days += kDaysInMonth[m];
  return (kFirstWeekday2016 + days) % 7;
}

// "MM/DD/YYYY", as toLocaleDateString('en-US') writes a 2-digit month and day.
void format_date(int32_t month, int32_t day, char* out, size_t capacity) {
  out[0] = '\0';
  append(out, capacity, month + 1 < 10 ? "0" : "");
  append_int(out, capacity, month + 1);
  append(out, capacity, day < 10 ? "/0" : "/");
  append_int(out, capacity, day);
  append(out, capacity, "/");
  append_int(out, capacity, kYear);
}

class ChooseDate final : public Task {
 public:
  void generate(Rng& rng) override {
    // ui_utils.randomDate between 1 January and 31 December 2016 (midnights): a uniform moment,
    // so every day from 1 January to 30 December alike.
    int32_t day_of_year = rng.range(0, 365);
    int32_t month = 0;
    while (day_of_year >= kDaysInMonth[month]) day_of_year -= kDaysInMonth[month++];
    start(month, day_of_year + 1);
  }

  void load(const json::Value& state) override {
    const int32_t month = static_cast<int32_t>(state.at("month", "state").as_int("state.month", 1, 12)) - 1;
    const int32_t day = static_cast<int32_t>(state.at("day", "state").as_int("state.day", 1, 31));
    if (day > kDaysInMonth[month]) {
      throw InvalidArgument("state.day " + std::to_string(day) + " is past the end of month " +
                            std::to_string(month + 1) + " of 2016 (" + std::to_string(kDaysInMonth[month]) + " days)");
    }
    start(month, day);
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Select ");
    append(out.utterance, sizeof(out.utterance), expected_);
    append(out.utterance, sizeof(out.utterance), " as the date and hit submit.");
    char number[8] = "";
    append_int(number, sizeof(number), month_ + 1);
    out.add_field("month", number);
    out.add_field("day", kDayTexts[day_]);
    number[0] = '\0';
    append_int(number, sizeof(number), kYear);
    out.add_field("year", number);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 67);
    const int32_t p = page.add(kTagP, area, 2, 52, 156, 21);
    page.rows[page.add(kTagText, p, 2, 58, 27, 11)].text = "Date:";
    const int32_t input = page.add(kTagInputText, p, 29, 52, 128, 21);
    Element& in = page.rows[input];
    in.id = "datepicker";
    in.classes = "hasDatepicker";
    in.value = value_;
    in.role = kRoleInput;
    in.flags = kFlagFocusable;
    add_submit(page, area, "subbtn", 27, 84);
    if (open_) build_picker(page);
  }

  Outcome click(Target target) override {
    switch (target.role) {
      case kRoleInput:
        // The focus event opens the picker; the input keeps the focus afterwards, so only the
        // first click does.
        if (!entered_) {
          entered_ = true;
          open_ = true;
          shown_month_ = 11;
          selected_day_ = 31;
        }
        return Outcome::none();
      case kRolePrev:
      case kRoleNext:
        step_month(target.role == kRolePrev ? -1 : 1);
        return Outcome::none();
      case kRoleDay:
        choose(target.arg);
        return Outcome::none();
      case kRoleSubmit: {
        const bool right = std::strcmp(value_, expected_) == 0;
        return Outcome::end(right ? 1.0f : -1.0f, right);
      }
      default:
        return Outcome::none();
    }
  }

  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleInput || !open_ || key != kKeyEnter) return Outcome::none();
    if (highlighted()) choose(31);
    open_ = false;
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    int32_t input = 0, submit = 0, prev = 0, next = 0, day = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      const Element& e = page.rows[r];
      if (e.role == kRoleInput) input = r;
      if (e.role == kRoleSubmit) submit = r;
      if (e.role == kRolePrev && e.tag == kTagA) prev = r;
      if (e.role == kRoleNext && e.tag == kTagA) next = r;
      if (e.role == kRoleDay && e.arg == day_ && e.tag == kTagA) day = r;
    }
    if (std::strcmp(value_, expected_) == 0 || (!open_ && entered_)) return click_action(submit);
    if (!open_) return focus.role == kRoleInput ? click_action(submit) : click_action(input);
    if (shown_month_ > month_) return click_action(prev);
    if (shown_month_ < month_) return click_action(next);
    return click_action(day);
  }

  // The date in the input is most of the way (Submit is left); before that, with the picker
  // open, how near its month is to the asked one (a closed picker cannot be opened again).
  float progress() const override {
    if (std::strcmp(value_, expected_) == 0) return 0.75f;
    if (!open_) return 0.0f;
    const int32_t months = shown_month_ > month_ ? shown_month_ - month_ : month_ - shown_month_;
    return 0.1f + 0.4f * static_cast<float>(11 - months) / 11.0f;
  }

 private:
  void start(int32_t month, int32_t day) {
    month_ = month;
    day_ = day;
    format_date(month, day, expected_, sizeof(expected_));
    value_[0] = '\0';
    entered_ = false;
    open_ = false;
    shown_month_ = 11;
    selected_day_ = 31;
  }

  // The picker's "selected day" follows a month change clamped to the new month's length; the
  // default date (31 December) is highlighted only while it is still the selected one.
  bool highlighted() const { return shown_month_ == 11 && selected_day_ == 31; }

  void step_month(int32_t by) {
    const int32_t month = shown_month_ + by;
    if (!open_ || month < 0 || month > 11) return;  // the disabled arrow has no handler
    shown_month_ = month;
    if (selected_day_ > kDaysInMonth[month]) selected_day_ = kDaysInMonth[month];
  }

  void choose(int32_t day) {
    if (!open_) return;
    format_date(shown_month_, day, value_, sizeof(value_));
    open_ = false;
  }

  void build_picker(Page& page) const {
    const int32_t weeks = (first_weekday(shown_month_) + kDaysInMonth[shown_month_] + 6) / 7;
    const float table_height = 16.0f + 13.6f * static_cast<float>(weeks) + 1.0f;
    const int32_t div = page.add(kTagDiv, 0, 29, 73, 124, table_height + 24.0f);
    page.rows[div].id = "ui-datepicker-div";
    page.rows[div].classes = "ui-datepicker ui-widget ui-widget-content ui-helper-clearfix ui-corner-all";
    const int32_t header = page.add(kTagDiv, div, 31, 75, 119, 17);
    page.rows[header].classes = "ui-datepicker-header ui-widget-header ui-helper-clearfix ui-corner-all";
    add_arrow(page, header, kRolePrev, 34, "Prev", shown_month_ == 0);
    add_arrow(page, header, kRoleNext, 134, "Next", shown_month_ == 11);
    const int32_t title = page.add(kTagDiv, header, 48, 78, 85, 13);
    page.rows[title].classes = "ui-datepicker-title";
    const int32_t month = page.add(kTagSpan, title, 65, 80, 34, 7);
    page.rows[month].classes = "ui-datepicker-month";
    page.rows[month].text = kMonthNames[shown_month_];
    const int32_t year = page.add(kTagSpan, title, 101, 80, 16, 7);
    page.rows[year].classes = "ui-datepicker-year";
    page.rows[year].text = "2016";

    const int32_t table = page.add(kTagTable, div, 31, 93, 119, table_height);
    page.rows[table].classes = "ui-datepicker-calendar";
    const int32_t head_row = page.add(kTagTr, page.add(kTagThead, table, 31, 93, 119, 16), 31, 93, 119, 16);
    for (int32_t d = 0; d < 7; ++d) {
      const float x = 31.0f + 17.0f * static_cast<float>(d);
      const int32_t th = page.add(kTagTh, head_row, x, 93, 17, 16);
      if (d == 0 || d == 6) page.rows[th].classes = "ui-datepicker-week-end";
      page.rows[page.add(kTagSpan, th, x + 4, 97, 8, 7)].text = kWeekdays[d];
    }
    const int32_t body = page.add(kTagTbody, table, 31, 109, 119, table_height - 16.0f);
    const int32_t lead = first_weekday(shown_month_);
    for (int32_t w = 0; w < weeks; ++w) {
      const float y = 109.0f + 13.6f * static_cast<float>(w);
      const int32_t tr = page.add(kTagTr, body, 31, y, 119, 14);
      for (int32_t d = 0; d < 7; ++d) {
        const float x = 31.0f + 17.0f * static_cast<float>(d);
        const int32_t day = w * 7 + d - lead + 1;
        const int32_t td = page.add(kTagTd, tr, x, y, 17, 14);
        const bool in_month = day >= 1 && day <= kDaysInMonth[shown_month_];
        const bool over = in_month && highlighted() && day == 31;
        page.rows[td].classes = d == 0 || d == 6 ? (in_month ? (over ? "ui-datepicker-week-end ui-datepicker-days-cell-over" : "ui-datepicker-week-end")
                                                             : "ui-datepicker-week-end ui-datepicker-other-month")
                                                 : (in_month ? (over ? "ui-datepicker-days-cell-over" : "") : "ui-datepicker-other-month");
        if (!in_month) continue;
        page.rows[td].role = kRoleDay;
        page.rows[td].arg = static_cast<int16_t>(day);
        const int32_t a = page.add(kTagA, td, x + 1, y + 1, 15, 12);
        Element& link = page.rows[a];
        link.classes = over ? "ui-state-default ui-state-hover" : "ui-state-default";
        link.text = kDayTexts[day];
        link.role = kRoleDay;
        link.arg = static_cast<int16_t>(day);
      }
    }
  }

  // A Prev or Next arrow (an <a> without href: never focused) with its icon; the disabled
  // one's role is still set, and step_month ignores it at the ends.
  static void add_arrow(Page& page, int32_t header, int16_t role, float left, const char* text, bool disabled) {
    const int32_t a = page.add(kTagA, header, left, 78, 13, 13);
    Element& arrow = page.rows[a];
    const bool prev = role == kRolePrev;
    arrow.classes = prev ? (disabled ? "ui-datepicker-prev ui-corner-all ui-state-disabled" : "ui-datepicker-prev ui-corner-all")
                         : (disabled ? "ui-datepicker-next ui-corner-all ui-state-disabled" : "ui-datepicker-next ui-corner-all");
    arrow.role = role;
    const int32_t icon = page.add(kTagSpan, a, left - 2, 77, 16, 16);
    page.rows[icon].classes = prev ? "ui-icon ui-icon-circle-triangle-w" : "ui-icon ui-icon-circle-triangle-e";
    page.rows[icon].text = text;
    page.rows[icon].role = role;
  }

  int32_t month_ = 0, day_ = 1;  // the date to choose (month 0-11)
  char expected_[16] = "";
  char value_[16] = "";
  bool entered_ = false;      // the input has had the focus (the picker opened once)
  bool open_ = false;
  int32_t shown_month_ = 11;  // the month the picker shows
  int32_t selected_day_ = 31; // jQuery UI's selected day, clamped as months change
};

}  // namespace

std::unique_ptr<Task> make_choose_date_nodelay() { return std::unique_ptr<Task>(new ChooseDate()); }

}  // namespace web
}  // namespace csim
