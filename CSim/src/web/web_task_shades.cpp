// click-shades: twelve squares in shades of red, green and blue (HSL with random saturation and
// lightness); the agent selects every shade of the named colour and submits: +1
// (time-proportional) when exactly those are selected, else -1.
#include <cmath>
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kShades = 12;
constexpr int16_t kRoleShade = kRoleFirstTaskRole;
const char* const kColors[3] = {"red", "green", "blue"};

int32_t color_index(const std::string& name) {
  for (int32_t c = 0; c < 3; ++c) {
    if (name == kColors[c]) return c;
  }
  return -1;
}

// CSS hsl() to 8-bit RGB (CSS Color 4's conversion, rounded as Chromium rounds).
void hsl_to_rgb(float hue, float saturation, float lightness, uint8_t* rgb) {
  auto channel = [&](float n) {
    const float k = std::fmod(n + hue / 30.0f, 12.0f);
    const float a = saturation * std::fmin(lightness, 1.0f - lightness);
    const float v = lightness - a * std::fmax(-1.0f, std::fmin(std::fmin(k - 3.0f, 9.0f - k), 1.0f));
    return static_cast<uint8_t>(std::lround(v * 255.0f));
  };
  rgb[0] = channel(0);
  rgb[1] = channel(8);
  rgb[2] = channel(4);
}

class ClickShades final : public Task {
 public:
  void generate(Rng& rng) override {
    target_ = rng.range(0, 3);
    int32_t order[3] = {0, 1, 2};
    for (int32_t i = 2; i > 0; --i) {
      const int32_t j = rng.range(0, i + 1);
      const int32_t t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int32_t n = 0;
    for (int32_t c = 0; c < 3; ++c) {
      const int32_t count = c < 2 ? rng.range(3, 6) : kShades - n;
      for (int32_t k = 0; k < count; ++k) color_[n++] = order[c];
    }
    for (int32_t i = kShades - 1; i > 0; --i) {
      const int32_t j = rng.range(0, i + 1);
      const int32_t t = color_[i];
      color_[i] = color_[j];
      color_[j] = t;
    }
    static const float kHues[3] = {0.0f, 120.0f, 240.0f};
    for (int32_t i = 0; i < kShades; ++i) {
      const float s = static_cast<float>(rng.range(30, 90)) / 100.0f;
      const float l = static_cast<float>(rng.range(30, 90)) / 100.0f;
      hsl_to_rgb(kHues[color_[i]], s, l, rgb_[i]);
      selected_[i] = false;
    }
  }

  void load(const json::Value& state) override {
    const int32_t target = color_index(state.at("target", "state").as_string("state.target"));
    if (target < 0) throw InvalidArgument("state.target must be \"red\", \"green\" or \"blue\"");
    const auto& shades = state.at("shades", "state").as_array("state.shades");
    if (shades.size() != static_cast<size_t>(kShades)) {
      throw InvalidArgument("state.shades must hold 12 shades; got " + std::to_string(shades.size()));
    }
    int32_t colors[kShades];
    uint8_t rgb[kShades][3];
    for (int32_t i = 0; i < kShades; ++i) {
      const std::string where = "state.shades[" + std::to_string(i) + "]";
      colors[i] = color_index(shades[i].at("color", where).as_string(where + ".color"));
      if (colors[i] < 0) throw InvalidArgument(where + ".color must be \"red\", \"green\" or \"blue\"");
      const auto& channels = shades[i].at("rgb", where).as_array(where + ".rgb");
      if (channels.size() != 3) throw InvalidArgument(where + ".rgb must hold 3 numbers (red, green, blue)");
      for (int32_t c = 0; c < 3; ++c) {
        rgb[i][c] = static_cast<uint8_t>(channels[c].as_int(where + ".rgb[" + std::to_string(c) + "]", 0, 255));
      }
    }
    target_ = target;
    for (int32_t i = 0; i < kShades; ++i) {
      color_[i] = colors[i];
      std::memcpy(rgb_[i], rgb[i], 3);
      selected_[i] = false;
    }
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Select all the shades of ");
    append(out.utterance, sizeof(out.utterance), kColors[target_]);
    append(out.utterance, sizeof(out.utterance), " and press Submit.");
    out.add_field("target", kColors[target_]);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 150);
    for (int32_t i = 0; i < kShades; ++i) {
      const float margin = selected_[i] ? 10.0f : 12.0f;
      const int32_t r = page.add(kTagSpan, area, 12.0f + 36.0f * static_cast<float>(i % 4),
                                 62.0f + 36.0f * static_cast<float>(i / 4), 28.0f - 2 * margin + 12.0f,
                                 28.0f - 2 * margin + 12.0f);
      Element& e = page.rows[r];
      e.classes = selected_[i] ? "selected" : "";
      e.flags = selected_[i] ? kFlagActive : 0;
      e.has_background = true;
      e.red = rgb_[i][0];
      e.green = rgb_[i][1];
      e.blue = rgb_[i][2];
      e.role = kRoleShade;
      e.arg = static_cast<int16_t>(i);
    }
    add_submit(page, area, "submit", 44.5f, 163);
  }

  Outcome click(Target target) override {
    if (target.role == kRoleShade) {
      selected_[target.arg] = !selected_[target.arg];
    } else if (target.role == kRoleSubmit) {
      bool right = true;
      for (int32_t i = 0; i < kShades; ++i) right = right && (selected_[i] == (color_[i] == target_));
      return Outcome::end(right ? 1.0f : -1.0f, right);
    }
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target) const override {
    int32_t submit = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      const Element& e = page.rows[r];
      if (e.role == kRoleShade && selected_[e.arg] != (color_[e.arg] == target_)) return click_action(r);
      if (e.role == kRoleSubmit) submit = r;
    }
    return click_action(submit);
  }

  float progress() const override {
    int32_t right = 0;
    for (int32_t i = 0; i < kShades; ++i) right += selected_[i] == (color_[i] == target_) ? 1 : 0;
    return static_cast<float>(right) / static_cast<float>(kShades + 1);
  }

 private:
  int32_t target_ = 0;
  int32_t color_[kShades] = {};
  uint8_t rgb_[kShades][3] = {};
  bool selected_[kShades] = {};
};

}  // namespace

std::unique_ptr<Task> make_click_shades() { return std::unique_ptr<Task>(new ClickShades()); }

}  // namespace web
}  // namespace csim
