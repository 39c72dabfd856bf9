// Captions: plain English from the 148-byte observation and the step's event code only,
// so a caption never says more than the agent could see (no privileged state).
//
// Shape: "<what just happened.> You carry <...>. You see <objects by distance>. A wall is
// directly ahead." Positions are egocentric: "two steps ahead and one to the left". Objects
// are ordered by walking distance in the view (ahead + sideways), then nearer ahead, then
// left before right, so the text is deterministic. Plain walls and empty floor are not
// listed; lava cells are summarised as one item; at most kMaxListed objects are named.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "grid_env.hpp"
#include "grid_events.hpp"

namespace csim {
namespace grid {

namespace {

constexpr int32_t kMaxListed = 6;

std::string number(int32_t n) {
  static const char* kWords[] = {"zero", "one", "two", "three", "four", "five",
                                 "six",  "seven", "eight", "nine", "ten"};
  return n >= 0 && n <= 10 ? kWords[n] : std::to_string(n);
}

// "directly ahead", "two steps ahead", "one step to your left", "three steps ahead and one to the right".
std::string where(int32_t ahead, int32_t right) {
  if (ahead == 1 && right == 0) return "directly ahead";
  const std::string side = right < 0 ? "left" : "right";
  const int32_t aside = std::abs(right);
  if (ahead == 0) return number(aside) + (aside == 1 ? " step" : " steps") + " to your " + side;
  std::string s = number(ahead) + (ahead == 1 ? " step ahead" : " steps ahead");
  if (right != 0) s += " and " + number(aside) + " to the " + side;
  return s;
}

// "a yellow key", "a locked red door", "an open blue door", "the green goal".
std::string noun(uint8_t type, uint8_t color, uint8_t state) {
  const std::string c = kColorNames[color];
  switch (type) {
    case kTypeDoor:
      return state == kOpen ? "an open " + c + " door" : state == kClosed ? "a closed " + c + " door"
                                                                          : "a locked " + c + " door";
    case kTypeGoal: return "the " + c + " goal";
    case kTypeFloor: return "a " + c + " floor tile";
    default: return "a " + c + " " + kTypeNames[type];
  }
}

std::string event_sentence(int32_t e) {
  if (e == kEventNone) return "";
  if (e == kEventGoal) return "You reached the goal. ";
  if (e == kEventLava) return "You stepped into lava. ";
  static const char* kCarryable[3] = {"key", "ball", "box"};
  if (e < kEventDrop0) {
    const int32_t k = e - kEventPickup0;
    return std::string("You picked up the ") + kColorNames[k % 6] + " " + kCarryable[k / 6] + ". ";
  }
  if (e < kEventDoorOpened0) {
    const int32_t k = e - kEventDrop0;
    return std::string("You dropped the ") + kColorNames[k % 6] + " " + kCarryable[k / 6] + ". ";
  }
  const std::string c = kColorNames[(e - kEventDoorOpened0) % 6];
  if (e < kEventDoorClosed0) return "You opened the " + c + " door. ";
  if (e < kEventDoorUnlocked0) return "You closed the " + c + " door. ";
  if (e < kEventDoorLockedTried0) return "You unlocked and opened the " + c + " door. ";
  if (e < kEventBoxOpened0) return "The " + c + " door is locked and you do not hold the " + c + " key. ";
  return "You opened the " + c + " box. ";
}

struct Seen {
  int32_t ahead, right;
  uint8_t type, color, state;
};

bool closer(const Seen& a, const Seen& b) {
  const int32_t da = a.ahead + std::abs(a.right), db = b.ahead + std::abs(b.right);
  if (da != db) return da < db;
  if (a.ahead != b.ahead) return a.ahead < b.ahead;
  return a.right < b.right;
}

}  // namespace

std::string caption_observation(const uint8_t* obs, int32_t event) {
  if (event < 0 || event >= kNumEvents) {
    throw InvalidArgument("event " + std::to_string(event) + " is not a MiniGrid event code (0..." +
                          std::to_string(kNumEvents - 1) + ")");
  }
  for (int32_t i = 0; i < kView * kView; ++i) {
    const uint8_t t = obs[3 * i], c = obs[3 * i + 1], s = obs[3 * i + 2];
    if (t > kTypeAgent || c >= kNumColors || s > kLocked) {
      throw InvalidArgument("observation cell (x " + std::to_string(i / kView) + ", y " + std::to_string(i % kView) +
                            ") holds (" + std::to_string(t) + ", " + std::to_string(c) + ", " + std::to_string(s) +
                            "); MiniGrid cells need type 0..10, colour 0..5, state 0..2");
    }
  }
  if (obs[kImageBytes] > 3) {
    throw InvalidArgument("observation byte 147 (direction) is " + std::to_string(obs[kImageBytes]) +
                          "; it must be 0..3");
  }

  Seen items[kView * kView];
  int32_t count = 0;
  int32_t lava = 0;
  Seen nearest_lava{};
  for (int32_t vx = 0; vx < kView; ++vx) {
    for (int32_t vy = 0; vy < kView; ++vy) {
      if (vx == 3 && vy == kView - 1) continue;  // the agent's own cell shows what it carries
      const uint8_t* cell = obs + (vx * kView + vy) * 3;
      const uint8_t t = cell[0];
      if (t == kTypeUnseen || t == kTypeEmpty || t == kTypeWall || t == kTypeAgent) continue;
      const Seen s{kView - 1 - vy, vx - 3, t, cell[1], cell[2]};
      if (t == kTypeLava) {
        if (lava == 0 || closer(s, nearest_lava)) nearest_lava = s;
        ++lava;
        continue;
      }
      items[count++] = s;
    }
  }
  std::sort(items, items + count, closer);

  std::string out = event_sentence(event);
  const uint8_t* held = obs + (3 * kView + kView - 1) * 3;
  if (held[0] == kTypeKey || held[0] == kTypeBall || held[0] == kTypeBox) {
    out += "You carry " + noun(held[0], held[1], held[2]) + ". ";
  } else {
    out += "You carry nothing. ";
  }

  // Lava is listed once, where its nearest cell would sort.
  std::string seen;
  int32_t listed = 0;
  bool lava_done = lava == 0;
  auto add = [&](const std::string& text) {
    seen += listed == 0 ? "You see " : "; ";
    seen += text;
    ++listed;
  };
  for (int32_t k = 0; k <= count && listed < kMaxListed; ++k) {
    if (!lava_done && (k == count || closer(nearest_lava, items[k]))) {
      add(lava == 1 ? "lava " + where(nearest_lava.ahead, nearest_lava.right)
                    : "lava in " + number(lava) + " cells, the nearest " +
                          where(nearest_lava.ahead, nearest_lava.right));
      lava_done = true;
      if (listed >= kMaxListed) break;
    }
    if (k == count) break;
    add(noun(items[k].type, items[k].color, items[k].state) + " " + where(items[k].ahead, items[k].right));
  }
  const int32_t total = count + (lava > 0 ? 1 : 0);
  if (listed == 0) {
    out += "You see no objects.";
  } else {
    out += seen;
    if (total > listed) out += "; and " + number(total - listed) + " more";
    out += ".";
  }
  const uint8_t* front = obs + (3 * kView + kView - 2) * 3;
  if (front[0] == kTypeWall) out += " A wall is directly ahead.";
  return out;
}

}  // namespace grid
}  // namespace csim
