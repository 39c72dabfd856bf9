// NLE's task rules (see nethack_tasks.hpp).
#include "nethack_tasks.hpp"

namespace csim {
namespace nethack {
namespace {

constexpr int32_t kPetOffset = 381;     // GLYPH_PET_OFF: pets are glyphs 381..761
constexpr int32_t kMonsterCount = 381;  // NUMMONS
constexpr int32_t kOracleGlyph = 270;   // GLYPH_MON_OFF + the Oracle's monster index
constexpr int32_t kStoneGlyph = 2359;   // GLYPH_CMAP_OFF: solid rock, i.e. not yet seen

// NLE's penalty for a step in which the game's clock stood still (menus, walking into walls):
// its "constant" mode with penalty_step -0.01 and penalty_time 0.
double time_penalty(const Frame& before, const Frame& now) {
  return before.blstats[nle::kBlTime] == now.blstats[nle::kBlTime] ? -0.01 : 0.0;
}

// Whether any glyph in the 3x3 block around the hero passes `test`, as NLE's numpy slice
// glyphs[y-1:y+2, x-1:x+2] sees it: a block that starts at row or column -1 is empty.
template <class Test>
bool around_hero(const Frame& now, Test test) {
  const long x = now.blstats[nle::kBlX], y = now.blstats[nle::kBlY];
  if (x < 1 || y < 1) return false;
  for (long r = y - 1; r <= y + 1 && r < nle::kRows; ++r) {
    for (long c = x - 1; c <= x + 1 && c < nle::kColumns; ++c) {
      if (test(now.glyphs[r * nle::kColumns + c])) return true;
    }
  }
  return false;
}

}  // namespace

EndStatus goal_status(Task task, const Frame& now) {
  const bool on_stairs = now.internal[nle::kInternalStairsDown] != 0;
  switch (task) {
    case Task::kStaircase: return on_stairs ? kTaskSuccessful : kRunning;
    case Task::kStaircasePet:
      return on_stairs && around_hero(now, [](int16_t g) { return g >= kPetOffset && g < kPetOffset + kMonsterCount; })
                 ? kTaskSuccessful
                 : kRunning;
    case Task::kOracle: return around_hero(now, [](int16_t g) { return g == kOracleGlyph; }) ? kTaskSuccessful : kRunning;
    default: return kRunning;
  }
}

double task_reward(Task task, const Frame& before, const Frame& now, EndStatus status, ScoutMemory& scout) {
  switch (task) {
    case Task::kScore: {
      const double score =
          now.in_normal_game ? static_cast<double>(now.blstats[nle::kBlScore] - before.blstats[nle::kBlScore]) : 0.0;
      return score + time_penalty(before, now);
    }
    case Task::kStaircase:
    case Task::kStaircasePet:
    case Task::kOracle: return (status == kTaskSuccessful ? 1.0 : 0.0) + time_penalty(before, now);
    case Task::kGold:
      if (!now.in_normal_game) return 0.0;
      return static_cast<double>(now.blstats[nle::kBlGold] - before.blstats[nle::kBlGold]) + time_penalty(before, now);
    case Task::kEat: {
      if (!now.in_normal_game) return 0.0;
      const long gained = now.internal[nle::kInternalHunger] - before.internal[nle::kInternalHunger];
      return static_cast<double>(gained > 0 ? gained : 0) + time_penalty(before, now);
    }
    case Task::kScout: {
      if (!now.in_normal_game) return 0.0;
      int32_t explored = 0;
      for (int32_t i = 0; i < nle::kMapSize; ++i) explored += now.glyphs[i] != kStoneGlyph ? 1 : 0;
      const long dungeon = now.blstats[nle::kBlDungeon], level = now.blstats[nle::kBlLevel];
      double reward = explored;
      if (dungeon >= 0 && dungeon < ScoutMemory::kDungeons && level >= 0 && level < ScoutMemory::kLevels) {
        int32_t& seen = scout.explored[dungeon][level];
        reward -= seen;
        seen = explored;
      }
      return reward + time_penalty(before, now);
    }
  }
  return 0.0;
}

}  // namespace nethack
}  // namespace csim
