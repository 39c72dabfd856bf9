// use-spinner: a jQuery UI spinner starting at 0 and a target in [-10, 10); Submit gives +1
// (time-proportional) when the spinner shows the target, else -1. The spinner's input refuses
// typing; ArrowUp/ArrowDown while it has the focus step it by one. Its arrow buttons react to
// mousedown only, so an element click (MiniWob's CLICK_ELEMENT) leaves the value alone, as in
// Chromium.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t { kRoleInput = kRoleFirstTaskRole, kRoleUp, kRoleDown };

class UseSpinner final : public Task {
 public:
  void generate(Rng& rng) override {
    target_ = rng.range(-10, 10);
    set_value(0);
  }

  void load(const json::Value& state) override {
    const int64_t target = state.at("target", "state").as_int("state.target", -10, 9);
    target_ = static_cast<int32_t>(target);
    set_value(0);
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Select ");
    char number[16] = "";
    append_int(number, sizeof(number), target_);
    append(out.utterance, sizeof(out.utterance), number);
    append(out.utterance, sizeof(out.utterance), " with the spinner and hit Submit.");
    out.add_field("target", number);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 78.4375f);
    const int32_t label = page.add(kTagLabel, area, 5, 55, 65.609375f, 11);
    page.rows[label].text = "Select a value:";
    page.rows[label].role = kRoleInput;
    page.rows[label].flags = kFlagLabel;
    const int32_t box = page.add(kTagSpan, area, 5, 66, 150, 21.4375f);
    page.rows[box].classes = "ui-spinner ui-corner-all ui-widget ui-widget-content";
    const int32_t input = page.add(kTagInputText, box, 10, 69, 133.1875f, 15.4375f);
    Element& in = page.rows[input];
    in.id = "spinner";
    in.classes = "ui-spinner-input";
    in.value = value_;
    in.role = kRoleInput;
    in.flags = kFlagFocusable;
    const int32_t up = page.add(kTagA, box, 138, 67, 16, 9.71875f);
    page.rows[up].classes = "ui-spinner-button ui-spinner-up";
    page.rows[up].role = kRoleUp;
    page.rows[up].flags = kFlagFocusable;
    const int32_t up_icon = page.add(kTagSpan, up, 138.5f, 63.859375f, 16, 16);
    page.rows[up_icon].classes = "ui-icon ui-icon-triangle-1-n";
    const int32_t down = page.add(kTagA, box, 138, 76.71875f, 16, 9.71875f);
    page.rows[down].classes = "ui-spinner-button ui-spinner-down";
    page.rows[down].role = kRoleDown;
    page.rows[down].flags = kFlagFocusable;
    const int32_t down_icon = page.add(kTagSpan, down, 138.5f, 73.578125f, 16, 16);
    page.rows[down_icon].classes = "ui-icon ui-icon-triangle-1-s";
    add_submit(page, area, "subbtn", 5, 92.4375f);
  }

  Outcome click(Target target) override {
    if (target.role != kRoleSubmit) return Outcome::none();
    const bool right = value_number_ == target_;
    return Outcome::end(right ? 1.0f : -1.0f, right);
  }

  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleInput) return Outcome::none();
    if (key == kKeyUp) set_value(value_number_ + 1);
    if (key == kKeyDown) set_value(value_number_ - 1);
    return Outcome::none();  // other keys: the page's keydown handler prevents them
  }

  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    int32_t submit = 0, input = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleSubmit) submit = r;
      if (page.rows[r].tag == kTagInputText) input = r;
    }
    if (value_number_ == target_) return click_action(submit);
    if (focus.role != kRoleInput) return click_action(input);
    return key_action(value_number_ < target_ ? kKeyUp : kKeyDown);
  }

  // How near the value is to the target (the spinner is unbounded, so far off counts as 0);
  // Submit is the last tenth.
  float progress() const override {
    const int32_t gap = value_number_ > target_ ? value_number_ - target_ : target_ - value_number_;
    return gap >= 20 ? 0.0f : 0.9f * (1.0f - static_cast<float>(gap) / 20.0f);
  }

 private:
  void set_value(int32_t v) {
    value_number_ = v;
    value_[0] = '\0';
    append_int(value_, sizeof(value_), v);
  }

  int32_t target_ = 0;
  int32_t value_number_ = 0;
  char value_[16] = "0";
};

}  // namespace

std::unique_ptr<Task> make_use_spinner() { return std::unique_ptr<Task>(new UseSpinner()); }

}  // namespace web
}  // namespace csim
