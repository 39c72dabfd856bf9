// GridEnv: generation, MiniGrid's step plus each family's mission rule, info rows.
#include "grid_env.hpp"

#include "grid_expert.hpp"

#include <algorithm>
#include <cstring>

namespace csim {
namespace grid {

GridEnv::GridEnv(const GridConfig& config, int32_t max_steps) : config_(config), max_steps_(max_steps) {
  std::memset(world_.cells, kWall, sizeof(world_.cells));
  std::memset(distance_, 255, sizeof(distance_));
}

bool GridEnv::goal_family() const {
  switch (config_.family) {
    case Family::kEmpty:
    case Family::kFourRooms:
    case Family::kLavaGap:
    case Family::kMultiRoom: return true;
    default: return false;
  }
}

// Breadth-first walking distances from the goal, once per episode: the map of these
// families only changes by doors opening, and doors count as passable.
void GridEnv::compute_distances() {
  const int32_t rows = world_.height + 2 * kPad;
  const size_t n = static_cast<size_t>(world_.stride) * rows;
  std::memset(distance_, 255, n);
  start_distance_ = 0;
  if (layout_.goal < 0) return;
  uint16_t queue[kMaxCells];
  int32_t head = 0, tail = 0;
  distance_[layout_.goal] = 0;
  queue[tail++] = static_cast<uint16_t>(layout_.goal);
  while (head < tail) {
    const int32_t at = queue[head++];
    const int32_t d = distance_[at];
    for (int32_t k = 0; k < 4; ++k) {
      const int32_t next = at + world_.delta(k);
      const uint8_t c = world_.cells[next];
      const bool walkable = c == kEmpty || is_door(c) || c == kGoal || (cell_info(c).flags & kPickable);
      if (!walkable || distance_[next] != 255) continue;
      distance_[next] = static_cast<uint8_t>(std::min(d + 1, 254));
      queue[tail++] = static_cast<uint16_t>(next);
    }
  }
  start_distance_ = distance_[world_.agent] == 255 ? 0 : distance_[world_.agent];
}

float GridEnv::progress(bool success) {
  if (goal_family()) {
    if (success) return 1.0f;
    const int32_t d = distance_[world_.agent];
    if (d == 255 || start_distance_ == 0) return 0.0f;
    return std::max(0.0f, 1.0f - static_cast<float>(d) / static_cast<float>(start_distance_));
  }
  // Milestones: the key of the locked door in hand, that door open, the mission done.
  const float stages = config_.family == Family::kUnlock ? 2.0f : 3.0f;
  float level = 0.0f;
  if (layout_.key != kUnseen && world_.carrying == layout_.key) level = 1.0f / stages;
  if (layout_.door >= 0 && world_.cells[layout_.door] < kDoorClosed0 && is_door(world_.cells[layout_.door])) {
    level = 2.0f / stages;
  }
  if (success) level = 1.0f;
  milestone_ = std::max(milestone_, level);
  return milestone_;
}

void GridEnv::write_info(float* info, bool success, float prog) const {
  info[CSIM_INFO_SUCCESS] = success ? 1.0f : 0.0f;
  info[CSIM_INFO_PROGRESS] = prog;
  info[CSIM_INFO_EVENT] = static_cast<float>(event_);
  info[CSIM_INFO_EPISODE_STEP] = static_cast<float>(world_.step_count);
  float* x = info + CSIM_INFO_COMMON;
  x[0] = static_cast<float>(world_.x_of(world_.agent));
  x[1] = static_cast<float>(world_.y_of(world_.agent));
  x[2] = static_cast<float>(world_.dir);
  const CellInfo& held = cell_info(world_.carrying);
  x[3] = world_.carrying == kUnseen ? 0.0f : static_cast<float>(held.type);
  x[4] = world_.carrying == kUnseen ? -1.0f : static_cast<float>(held.color);
  x[5] = layout_.goal < 0 ? -1.0f : static_cast<float>(world_.x_of(layout_.goal));
  x[6] = layout_.goal < 0 ? -1.0f : static_cast<float>(world_.y_of(layout_.goal));
}

void GridEnv::reset(Rng& rng, void* observation, float* info) {
  generate(config_, world_, rng, layout_);
  world_.max_steps = max_steps_;
  event_ = kEventNone;
  milestone_ = 0.0f;
  if (goal_family()) compute_distances();
  world_.observe(static_cast<uint8_t*>(observation));
  write_info(info, false, progress(false));
}

StepResult GridEnv::step(Rng&, const void* action, void* observation, float* info) {
  const int32_t a = *static_cast<const int32_t*>(action);
  const StepOutcome o = world_.step(a);
  event_ = o.event;
  StepResult r;
  r.reward = o.reward;
  r.terminated = o.terminated;
  r.truncated = o.truncated;
  bool success = o.event == kEventGoal;
  // The families whose mission is not the goal square add MiniGrid's step override.
  switch (config_.family) {
    case Family::kKeyCorridor:
    case Family::kUnlockPickup:
      if (a == kPickup && world_.carrying == layout_.target) success = true;
      break;
    case Family::kUnlock:
      if (a == kToggle && world_.cells[layout_.door] >= kDoorOpen0 && world_.cells[layout_.door] < kDoorClosed0) {
        success = true;
      }
      break;
    default: break;
  }
  if (success && !o.terminated) {
    r.reward = world_.success_reward();
    r.terminated = true;
  }
  world_.observe(static_cast<uint8_t*>(observation));
  write_info(info, success, progress(success));
  return r;
}

// A state the planner cannot solve (only another policy's moves lead there) gets "done",
// MiniGrid's no-op, so that a batch driven by the expert never fails as a whole.
bool GridEnv::expert_action(float* action) const {
  int32_t a = kDone;
  if (!grid::expert_action(world_, layout_, config_.family, &a)) a = kDone;
  *action = static_cast<float>(a);
  return true;
}

void GridEnv::observe(void* observation) const { world_.observe(static_cast<uint8_t*>(observation)); }

std::string GridEnv::mission() const {
  switch (config_.family) {
    case Family::kEmpty: return "get to the green goal square";
    case Family::kDoorKey: return "use the key to open the door and then get to the goal";
    case Family::kFourRooms: return "reach the goal";
    case Family::kMultiRoom: return "traverse the rooms to get to the goal";
    case Family::kLavaGap: return "avoid the lava and get to the green goal square";
    case Family::kUnlock: return "open the door";
    case Family::kKeyCorridor:
    case Family::kUnlockPickup: {
      const CellInfo& t = cell_info(layout_.target);
      return std::string("pick up the ") + kColorNames[t.color] + " " + kTypeNames[t.type];
    }
  }
  return "";
}

namespace {

std::string describe(uint8_t code) {
  const CellInfo& c = cell_info(code);
  std::string s = kColorNames[c.color];
  s += ' ';
  s += kTypeNames[c.type];
  if (c.type == kTypeDoor) s += c.state == kOpen ? " (open)" : c.state == kClosed ? " (closed)" : " (locked)";
  return s;
}

}  // namespace

std::string GridEnv::render_text() const {
  std::string s = world_.render_map();
  s += "mission: " + mission() + "\n";
  s += "step " + std::to_string(world_.step_count) + "/" + std::to_string(max_steps_) +
       ", carrying: " + (world_.carrying == kUnseen ? std::string("nothing") : describe(world_.carrying)) + "\n";
  // Colours do not fit in one character per cell; list every coloured object once.
  std::string objects;
  for (int32_t y = 0; y < world_.height; ++y)
    for (int32_t x = 0; x < world_.width; ++x) {
      const uint8_t c = world_.get(x, y);
      if (c < kKey0) continue;
      if (!objects.empty()) objects += ", ";
      objects += describe(c) + " at (" + std::to_string(x) + "," + std::to_string(y) + ")";
    }
  if (!objects.empty()) s += "objects: " + objects + "\n";
  return s;
}

}  // namespace grid
}  // namespace csim
