// click-checkboxes: 2-6 checkboxes with random names, about half of them named in the
// instruction; Submit scores +1 per box in the wanted state and -1 per other, over the count
// (time-proportional when positive), as the real task's JavaScript does.
#include "web_tasks.hpp"

#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kMaxBoxes = 6;
constexpr int16_t kRoleBox = kRoleFirstTaskRole;  // arg: the box's index (input and label alike)

class ClickCheckboxes final : public Task {
 public:
  void generate(Rng& rng) override {
    count_ = rng.range(2, 7);
    for (int32_t i = 0; i < count_; ++i) {
      random_string(rng, rng.range(2, 8), names_[i]);
      wanted_[i] = rng.uniform() < 0.5f;
      checked_[i] = false;
    }
  }

  void load(const json::Value& state) override {
    const auto& boxes = state.at("boxes", "state").as_array("state.boxes");
    if (boxes.size() < 1 || boxes.size() > static_cast<size_t>(kMaxBoxes)) {
      throw InvalidArgument("state.boxes must hold 1 to 6 boxes; got " + std::to_string(boxes.size()));
    }
    char names[kMaxBoxes][16];
    bool wanted[kMaxBoxes];
    for (size_t i = 0; i < boxes.size(); ++i) {
      const std::string where = "state.boxes[" + std::to_string(i) + "]";
      read_text(boxes[i].at("name", where), where + ".name", names[i], sizeof(names[i]));
      wanted[i] = boxes[i].at("wanted", where).as_bool(where + ".wanted");
    }
    count_ = static_cast<int32_t>(boxes.size());
    for (int32_t i = 0; i < count_; ++i) {
      std::memcpy(names_[i], names[i], sizeof(names_[i]));
      wanted_[i] = wanted[i];
      checked_[i] = false;
    }
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Select ");
    int32_t targets = 0;
    for (int32_t i = 0; i < count_; ++i) {
      if (!wanted_[i]) continue;
      if (targets > 0) append(out.utterance, sizeof(out.utterance), ", ");
      append(out.utterance, sizeof(out.utterance), names_[i]);
      char key[16] = "target ";
      append_int(key, sizeof(key), targets);
      out.add_field(key, names_[i]);
      ++targets;
    }
    if (targets == 0) append(out.utterance, sizeof(out.utterance), "nothing");
    append(out.utterance, sizeof(out.utterance), " and click Submit.");
    out.add_field("button", "submit");
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 84 + 19.0f * (count_ - 2));
    const int32_t boxes = page.add(kTagDiv, area, 2, 52, 156, 38 + 19.0f * (count_ - 2));
    page.rows[boxes].id = "boxes";
    static const char* const kIds[kMaxBoxes] = {"ch0", "ch1", "ch2", "ch3", "ch4", "ch5"};
    for (int32_t i = 0; i < count_; ++i) {
      const float top = 55 + 19.0f * i;
      const float width = 6.5f * static_cast<float>(std::strlen(names_[i]));
      const int32_t label = page.add(kTagLabel, boxes, 2, top + 4, 27 + width, 11);
      page.rows[label].role = kRoleBox;
      page.rows[label].arg = static_cast<int16_t>(i);
      page.rows[label].flags = kFlagLabel;
      const int32_t input = page.add(kTagInputCheckbox, label, 6, top, 20, 13);
      Element& box = page.rows[input];
      box.id = kIds[i];
      box.role = kRoleBox;
      box.arg = static_cast<int16_t>(i);
      box.flags = kFlagFocusable | (checked_[i] ? kFlagChecked : 0);
      const int32_t text = page.add(kTagText, label, 29, top + 4, width, 11);
      page.rows[text].text = names_[i];
    }
    add_submit(page, area, "subbtn", 2, 101 + 19.0f * (count_ - 2));
  }

  Outcome click(Target target) override {
    if (target.role == kRoleBox) {
      // A click on the label reaches its checkbox too (label activation).
      checked_[target.arg] = !checked_[target.arg];
    } else if (target.role == kRoleSubmit) {
      int32_t score = 0;
      for (int32_t i = 0; i < count_; ++i) score += checked_[i] == wanted_[i] ? 1 : -1;
      return Outcome::end(static_cast<float>(score) / static_cast<float>(count_), score > 0);
    }
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target) const override {
    for (int32_t r = 0; r < page.count; ++r) {
      const Element& e = page.rows[r];
      if (e.tag == kTagInputCheckbox && checked_[e.arg] != wanted_[e.arg]) return click_action(r);
    }
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleSubmit) return click_action(r);
    }
    return click_action(0);
  }

  float progress() const override {
    int32_t right = 0;
    for (int32_t i = 0; i < count_; ++i) right += checked_[i] == wanted_[i] ? 1 : 0;
    return static_cast<float>(right) / static_cast<float>(count_ + 1);
  }

 private:
  int32_t count_ = 0;
  char names_[kMaxBoxes][16] = {};
  bool wanted_[kMaxBoxes] = {};
  bool checked_[kMaxBoxes] = {};
};

}  // namespace

std::unique_ptr<Task> make_click_checkboxes() { return std::unique_ptr<Task>(new ClickCheckboxes()); }

}  // namespace web
}  // namespace csim
