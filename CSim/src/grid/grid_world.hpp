// One MiniGrid world: the map, the agent, MiniGrid's step rules and the agent's view.
//
// The map is a byte array padded by kPad cells of wall on every side. The agent's
// 7x7 view reaches at most 6 cells ahead and 3 to each side, so with the padding
// every view cell is a plain array read: no bounds checks in the hot path, and the
// padding reads as wall, which is what MiniGrid shows for cells outside the map.
#pragma once
#include <cstdint>
#include <string>

#include "grid_cells.hpp"
#include "grid_events.hpp"

namespace csim {
namespace grid {

constexpr int kMaxSide = 25;  // MultiRoom's 25x25 is the largest map
constexpr int kPad = 6;       // view depth - 1
constexpr int kMaxStride = kMaxSide + 2 * kPad;
constexpr int kMaxCells = kMaxStride * kMaxStride;
constexpr int kView = 7;                      // MiniGrid's agent_view_size
constexpr int kImageBytes = kView * kView * 3;  // 147
constexpr int kObsBytes = kImageBytes + 1;      // + the agent's direction

enum Action : int32_t { kLeft = 0, kRight = 1, kForward = 2, kPickup = 3, kDrop = 4, kToggle = 5, kDone = 6 };

struct StepOutcome {
  float reward = 0.0f;
  bool terminated = false;
  bool truncated = false;
  int32_t event = kEventNone;
};

struct GridWorld {
  uint8_t cells[kMaxCells];
  int32_t width = 0, height = 0, stride = 0;
  int32_t agent = -1;  // padded index of the agent's cell; -1 before placement
  int32_t dir = 0;     // 0 right, 1 down, 2 left, 3 up (MiniGrid's DIR_TO_VEC order)
  uint8_t carrying = kUnseen;  // cell code of the carried object; kUnseen (0) when empty-handed
  int32_t step_count = 0;
  int32_t max_steps = 1;
  // MiniGrid's see_through_walls: Empty sets it (every view cell visible); the others do not.
  bool see_through_walls = false;

  // Empties a width x height map (the padding becomes wall) and forgets the agent.
  void clear(int32_t w, int32_t h);

  int32_t index(int32_t x, int32_t y) const { return (y + kPad) * stride + (x + kPad); }
  int32_t x_of(int32_t idx) const { return idx % stride - kPad; }
  int32_t y_of(int32_t idx) const { return idx / stride - kPad; }
  uint8_t get(int32_t x, int32_t y) const { return cells[index(x, y)]; }
  void set(int32_t x, int32_t y, uint8_t code) { cells[index(x, y)] = code; }
  // Index step of one move in direction d (right, down, left, up).
  int32_t delta(int32_t d) const {
    return d == 0 ? 1 : d == 1 ? stride : d == 2 ? -1 : -stride;
  }
  int32_t front() const { return agent + delta(dir); }

  void horz_wall(int32_t x, int32_t y, int32_t length, uint8_t code = kWall);
  void vert_wall(int32_t x, int32_t y, int32_t length, uint8_t code = kWall);
  void wall_rect(int32_t x, int32_t y, int32_t w, int32_t h);

  // MiniGrid's MiniGridEnv.step for the seven actions; env-specific rules run after it.
  StepOutcome step(int32_t action);

  // Writes the kObsBytes observation (layout in grid_env.hpp).
  void observe(uint8_t* out) const;

  // Success reward, MiniGrid's _reward(): 1 - 0.9 * step_count / max_steps.
  float success_reward() const {
    return static_cast<float>(1.0 - 0.9 * (static_cast<double>(step_count) / static_cast<double>(max_steps)));
  }

  // One character per cell, a line per row; the agent as > v < ^.
  std::string render_map() const;

 private:
  int32_t toggle(int32_t pos, uint8_t code);
};

}  // namespace grid
}  // namespace csim
