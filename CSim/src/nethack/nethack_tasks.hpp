// NLE's tasks as pure functions of what the game shows before and after a step: when the
// episode ends and what it pays (NLE's nle/env/tasks.py, re-expressed; see nethack_env.hpp).
#pragma once
#include <cstdint>
#include <cstring>

#include "nethack_env.hpp"

namespace csim {
namespace nethack {

// The fields of one game frame the tasks read.
struct Frame {
  const long* blstats;
  const int* internal;
  const int16_t* glyphs;  // only read for the frame after the step
  bool in_normal_game;
};

// Scout's memory: glyphs seen so far on each (dungeon, level), reset every episode.
struct ScoutMemory {
  static constexpr int32_t kDungeons = 16, kLevels = 128;
  int32_t explored[kDungeons][kLevels];
  void clear() { std::memset(explored, 0, sizeof(explored)); }
};

// Did this frame reach the task's goal (kTaskSuccessful) or not (kRunning)?
EndStatus goal_status(Task task, const Frame& now);

// The step's reward, from the frames before and after it and the step's end status.
double task_reward(Task task, const Frame& before, const Frame& now, EndStatus status, ScoutMemory& scout);

}  // namespace nethack
}  // namespace csim
