// Builds the event name table once (see grid_events.hpp for the layout).
#include "grid_events.hpp"

#include <string>

namespace csim {
namespace grid {

const std::vector<const char*>& event_names() {
  // The strings live in a function-local static for the life of the process, so the
  // const char* handed to the C ABI stay valid.
  static const std::vector<std::string> storage = [] {
    std::vector<std::string> s(kNumEvents);
    s[kEventNone] = "";
    s[kEventGoal] = "reached_goal";
    s[kEventLava] = "entered_lava";
    static const char* carryable[3] = {"key", "ball", "box"};
    for (int t = 0; t < 3; ++t) {
      for (int c = 0; c < kNumColors; ++c) {
        std::string what = std::string(kColorNames[c]) + "_" + carryable[t];
        s[kEventPickup0 + 6 * t + c] = "picked_up_" + what;
        s[kEventDrop0 + 6 * t + c] = "dropped_" + what;
      }
    }
    for (int c = 0; c < kNumColors; ++c) {
      std::string colour = kColorNames[c];
      s[kEventDoorOpened0 + c] = "opened_" + colour + "_door";
      s[kEventDoorClosed0 + c] = "closed_" + colour + "_door";
      s[kEventDoorUnlocked0 + c] = "unlocked_" + colour + "_door";
      s[kEventDoorLockedTried0 + c] = "tried_locked_" + colour + "_door";
      s[kEventBoxOpened0 + c] = "opened_" + colour + "_box";
    }
    return s;
  }();
  static const std::vector<const char*> names = [] {
    std::vector<const char*> n;
    for (const std::string& s : storage) n.push_back(s.c_str());
    return n;
  }();
  return names;
}

}  // namespace grid
}  // namespace csim
