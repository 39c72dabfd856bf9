// The MiniGrid environments as csim::Env / csim::EnvKind.
//
// Observation (uint8, 148 bytes, shape {148}, values 0..10):
//   bytes [0, 147): MiniGrid's partial view "image", 7x7 cells x 3 channels, in MiniGrid's
//     memory order image[x][y][c] -> byte (x * 7 + y) * 3 + c. x is the view column (0 at
//     the agent's far left, 6 far right), y the view row (0 farthest ahead, 6 the agent's
//     row); the agent sits at (3, 6) facing "up" the view. Channels: object type
//     (OBJECT_TO_IDX: 0 unseen, 1 empty, 2 wall, 3 floor, 4 door, 5 key, 6 ball, 7 box,
//     8 goal, 9 lava, 10 agent), colour (COLOR_TO_IDX: 0 red, 1 green, 2 blue, 3 purple,
//     4 yellow, 5 grey), state (doors: 0 open, 1 closed, 2 locked; else 0). Occlusion is
//     MiniGrid's see_through_walls=False (Grid.process_vis), except for Empty, which
//     MiniGrid creates with see_through_walls=True (all 49 cells shown). Cells the agent
//     cannot see are 0,0,0; cells outside the map read as grey walls; the agent's own
//     cell shows the carried object, or "empty" when empty-handed.
//   byte 147: the agent's direction (0 right, 1 down, 2 left, 3 up), MiniGrid's obs["direction"].
//
// Actions (7): 0 left, 1 right, 2 forward, 3 pickup, 4 drop, 5 toggle, 6 done.
//
// Info columns after the common four: agent_x, agent_y, agent_dir, carrying (object type
// index, 0 none), carrying_color (colour index, -1 none), goal_x, goal_y (-1 without a goal).
// Progress (privileged, in [0, 1]):
//   Empty, FourRooms, LavaGap, MultiRoom: 1 - d / d0, d the shortest walking distance from
//     the agent's cell to the goal (doors count as passable, lava and walls do not) and d0
//     that distance at the start; 1 on the goal, 0 in lava.
//   DoorKey, KeyCorridor, UnlockPickup: the furthest milestone reached this episode: holding
//     the key of the locked door 1/3, that door open 2/3, mission done (goal reached /
//     target picked up) 1.
//   Unlock: holding the key 1/2, door open 1.
// Events: see grid_events.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "../core/env.hpp"
#include "grid_layouts.hpp"
#include "grid_world.hpp"

namespace csim {
namespace grid {

constexpr int32_t kNumExtraInfo = 7;

class GridEnv final : public Env {
 public:
  GridEnv(const GridConfig& config, int32_t max_steps);

  void reset(Rng& rng, void* observation, float* info) override;
  StepResult step(Rng& rng, const void* action, void* observation, float* info) override;
  void observe(void* observation) const override;
  int32_t last_event() const override { return event_; }
  std::string render_text() const override;
  // The BFS planner of grid_expert.hpp: the discrete action as a float.
  bool expert_action(float* action) const override;

 private:
  bool goal_family() const;
  void compute_distances();
  float progress(bool success);
  void write_info(float* info, bool success, float progress) const;
  std::string mission() const override;

  const GridConfig& config_;
  int32_t max_steps_;
  GridWorld world_;
  Layout layout_;
  int32_t event_ = 0;
  float milestone_ = 0.0f;      // furthest milestone reached (milestone families)
  int32_t start_distance_ = 0;  // distance to the goal at the start (goal families)
  uint8_t distance_[kMaxCells];  // walking distance to the goal per padded cell, 255 unreachable
};

class GridKind final : public EnvKind {
 public:
  explicit GridKind(const GridConfig& config) : config_(config) {}

  const char* id() const override { return config_.id; }
  CSimSpec spec(const CSimOptions& options) const override;
  std::unique_ptr<Env> make(const CSimOptions& options) const override;
  std::vector<const char*> extra_info_names() const override;
  std::vector<const char*> event_names() const override;
  std::string action_name(int32_t action) const override;
  std::string caption(const void* observation, int32_t event) const override;
  std::vector<CSimObservationPart> observation_parts() const override;

 private:
  GridConfig config_;
};

// Plain-English caption of one observation and the event that produced it (grid_caption.cpp).
// Throws InvalidArgument on a malformed observation or event.
std::string caption_observation(const uint8_t* observation, int32_t event);

}  // namespace grid
}  // namespace csim
