// One MiniWob task: its instance (generated or loaded), the page it shows, what clicks and
// keys do, its reward, and its scripted expert. The environment (web_env.cpp) owns the focus,
// the step count, the observation and the episode; a task owns only its own state, inline.
#pragma once
#include <cstdint>

#include "../core/json.hpp"
#include "../core/rng.hpp"
#include "web_page.hpp"

namespace csim {
namespace web {

// Keys an action can press (besides the characters that typing a field sends): the digits and
// '-' as themselves, and these control codes.
enum Key : char { kKeyBackspace = '\b', kKeyEnter = '\n', kKeyUp = 0x11, kKeyDown = 0x12 };

// The keys of the action space, in order (see web_env.hpp).
constexpr char kActionKeys[] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-',
                                kKeyBackspace, kKeyEnter, kKeyUp, kKeyDown};
constexpr int32_t kNumActionKeys = static_cast<int32_t>(sizeof(kActionKeys));

// How an action ended the episode, if it did: MiniWob's core.endEpisode(reward, time_proportional).
struct Outcome {
  bool done = false;
  float reward = 0.0f;             // raw reward in [-1, 1]
  bool time_proportional = false;  // the task asked for the time-decayed variant of this reward
  bool success = false;
  bool move_focus = false;  // the page's script moved the focus (to `focus`)
  struct {
    int16_t role = 0, arg = 0;
  } focus;
  // A click whose handlers replaced the clicked element: element.focus() finds it detached and
  // the focus stays where it was.
  bool keep_focus = false;

  static Outcome none() { return Outcome(); }
  static Outcome focus_on(int16_t role, int16_t arg) {
    Outcome o;
    o.move_focus = true;
    o.focus.role = role;
    o.focus.arg = arg;
    return o;
  }
  static Outcome focus_kept() {
    Outcome o;
    o.keep_focus = true;
    return o;
  }
  static Outcome end(float reward, bool time_proportional) {
    Outcome o;
    o.done = true;
    o.reward = reward;
    o.time_proportional = time_proportional;
    o.success = reward >= 1.0f;  // success is the full reward, not a partial one
    return o;
  }
};

// The element a click or key reaches, as the task knows it (Element::role and ::arg).
struct Target {
  int16_t role = 0;
  int16_t arg = 0;
  bool operator==(const Target& o) const { return role == o.role && arg == o.arg; }
};

class Task {
 public:
  virtual ~Task() = default;

  // A new instance, drawn as the real task draws it.
  virtual void generate(Rng& rng) = 0;
  // An instance from the "state" object of an exported instance (docs/miniwob.md). Throws
  // InvalidArgument naming what is wrong, and changes nothing then (validate, then assign).
  virtual void load(const json::Value& state) = 0;
  // The utterance and fields the real task shows for this instance.
  virtual void instruction(Instruction& out) const = 0;
  // The page for the current state; `focus` is the focused element (role 0: the body).
  virtual void build(Page& page, Target focus) const = 0;
  // A click on the element `target` (its handlers run; the focus moves afterwards).
  virtual Outcome click(Target target) = 0;
  // A key pressed while `focus` has the focus (a character, or a Key code).
  virtual Outcome key(Target /*focus*/, char /*key*/) { return Outcome::none(); }
  // The scripted expert's next action (an action index of the env), from the true state.
  virtual int32_t expert(const Page& page, const Instruction& instruction, Target focus) const = 0;
  // Task progress in [0, 1] from the true state (privileged).
  virtual float progress() const { return 0.0f; }
};

}  // namespace web
}  // namespace csim
