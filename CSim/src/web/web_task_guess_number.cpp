// guess-number: a hidden number in 0-9; the agent types a guess into a number input and
// submits (the button, or Enter in the form); the page answers "lower than" / "higher than"
// the guess, and the right guess ends the episode with +1 (time-proportional). Only the
// step limit ends a wrong run, as only the timer does in the browser.
#include <cstdlib>
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t { kRoleInput = kRoleFirstTaskRole };
enum Feedback : int32_t { kWaiting = 0, kLower, kHigher, kNone };

// A number input's value: what was typed when it parses as a number, else "" (Chromium's
// value sanitisation; the keys here type digits and '-' only).
bool valid_number(const char* s) {
  if (*s == '-') ++s;
  if (*s == '\0') return false;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return false;
  }
  return true;
}

class GuessNumber final : public Task {
 public:
  void generate(Rng& rng) override { start(rng.range(0, 10)); }

  void load(const json::Value& state) override {
    start(static_cast<int32_t>(state.at("answer", "state").as_int("state.answer", 0, 9)));
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance,
                "Guess the number between 0-9 and press Submit. Use the feedback below to find the right number.");
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 95);
    if (feedback_ != kNone) {
      const int32_t box = page.add(kTagDiv, area, 2, 72, 156, 20);
      page.rows[box].id = "feedback";
      const int32_t line = page.add(kTagDiv, box, 2, 72, 156, 20);
      if (feedback_ == kWaiting) {
        page.rows[line].id = "waiting";
        page.rows[line].text = "Waiting for your guess...";
      } else {
        page.rows[line].id = feedback_ == kLower ? "lower" : "higher";
        const int32_t say = page.add(kTagText, line, 13.9f, 72, 123.9f, 11);
        page.rows[say].text = feedback_ == kLower ? "The number is lower than" : "The number is higher than";
        const int32_t number = page.add(kTagSpan, line, 137.8f, 72, 5.6f, 11);
        page.rows[number].text = shown_;
        const int32_t stop = page.add(kTagText, line, 143.3f, 72, 2.8f, 11);
        page.rows[stop].text = ".";
      }
    }
    const int32_t form = page.add(kTagForm, area, 2, 102, 156, 31);
    const int32_t input = page.add(kTagInputNumber, form, 11.859375f, 107, 38, 21);
    Element& in = page.rows[input];
    in.id = "tt";
    in.value = valid_number(typed_.text) ? typed_.text : "";
    in.role = kRoleInput;
    in.flags = kFlagFocusable;
    const int32_t submit = add_submit(page, form, "subbtn", 52.640625f, 102);
    (void)submit;
  }

  Outcome click(Target target) override {
    if (target.role != kRoleSubmit) return Outcome::none();
    return submit();
  }

  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleInput) return Outcome::none();
    if (key == kKeyEnter) return submit();  // implicit submission of the form
    if (key == kKeyUp || key == kKeyDown) {
      // stepUp/stepDown: an empty (or invalid) value counts as 0.
      const long v = valid_number(typed_.text) ? std::strtol(typed_.text, nullptr, 10) : 0;
      char text[24] = "";
      append_int(text, sizeof(text), v + (key == kKeyUp ? 1 : -1));
      typed_.set(text);
      return Outcome::none();
    }
    typed_.type(key);
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    int32_t input = 0, submit = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].tag == kTagInputNumber) input = r;
      if (page.rows[r].role == kRoleSubmit) submit = r;
    }
    const char want[2] = {static_cast<char>('0' + answer_), '\0'};
    if (std::strcmp(typed_.text, want) == 0) return click_action(submit);
    if (focus.role != kRoleInput) return click_action(input);
    if (typed_.text[0] != '\0') return key_action(kKeyBackspace);
    return key_action(want[0]);
  }

  // How far the answers so far narrowed the numbers still possible (10 down to 1), and the
  // answer typed in the input, ready to submit.
  float progress() const override {
    const int32_t possible = high_ - low_ + 1;
    const char want[2] = {static_cast<char>('0' + answer_), '\0'};
    const bool typed = std::strcmp(typed_.text, want) == 0;
    return 0.6f * static_cast<float>(10 - possible) / 9.0f + (typed ? 0.3f : 0.0f);
  }

 private:
  void start(int32_t answer) {
    answer_ = answer;
    typed_.clear();
    feedback_ = kWaiting;
    shown_[0] = '\0';
    low_ = 0;
    high_ = 9;
  }

  Outcome submit() {
    // parseInt of the input's value: its leading integer, NaN when there is none.
    const char* value = valid_number(typed_.text) ? typed_.text : "";
    char* end = nullptr;
    const long guess = std::strtol(value, &end, 10);
    if (end == value) {
      feedback_ = kNone;  // NaN: every feedback line is hidden
      return Outcome::none();
    }
    if (guess == answer_) return Outcome::end(1.0f, true);
    feedback_ = guess < answer_ ? kHigher : kLower;
    if (guess < answer_ && guess + 1 > low_) low_ = static_cast<int32_t>(guess + 1);
    if (guess > answer_ && guess - 1 < high_) high_ = static_cast<int32_t>(guess - 1);
    shown_[0] = '\0';
    append_int(shown_, sizeof(shown_), guess);
    return Outcome::none();
  }

  int32_t answer_ = 0;
  TextValue<20> typed_;
  int32_t feedback_ = kWaiting;
  char shown_[24] = "";
  int32_t low_ = 0, high_ = 9;  // the numbers the answers so far leave possible (privileged)
};

}  // namespace

std::unique_ptr<Task> make_guess_number() { return std::unique_ptr<Task>(new GuessNumber()); }

}  // namespace web
}  // namespace csim
