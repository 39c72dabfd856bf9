// The NetHack family's scripted expert for the staircase tasks (and descent on the others): a
// breadth-first planner on the map as the hero has seen it (NLE's glyphs), never the true map.
// It walks to the stairs down once they are in view, else to the nearest unexplored frontier
// (a seen square, not yet stood on, next to unseen rock: doorways, corridor ends, dark rooms),
// else searches for hidden doors and corridors at the nearest least-searched wall or dead end.
// Closed doors open by walking into them; a locked one is kicked. Adjacent monsters (not the
// pet, not those it declined to attack) are attacked. Boulders are pushed when nothing else is
// left. When Hungry it eats from the inventory, if a food item's letter is one of the keys the
// 23 actions send (h, j, k, l, u, n, b, y, e, s: the Monk's food often is). On the stairs: `>`
// where the task wants depth (Score and the others), wait for the pet on StaircasePet.
//
// What it does not handle, by design: traps it has not seen, water and lava, shops, fleeing or
// praying at low hit points, items, food whose letter no action sends. It is a teacher's
// baseline, not a strong player.
#pragma once
#include <bitset>
#include <cstdint>

#include "nethack_env.hpp"

namespace csim {
namespace nethack {

// What the expert remembers of the current level; the env updates it after every step whoever
// chose the action, so the expert can take over mid-episode.
struct ExplorationMemory {
  long dungeon = -1, level = -1;                 // the level this memory is of
  uint8_t visited[nle::kMapSize] = {};           // the hero stood here
  uint16_t searched[nle::kMapSize] = {};         // searches made while standing here
  uint8_t blocked[nle::kMapSize] = {};           // moves into here that left the hero in place
  std::bitset<kMaxGlyph> spared;                 // monster glyphs the hero declined to attack (this episode)
  int32_t under_hero = kClassFloor;              // the glyph class the hero's own glyph hides

  void clear_level(long new_dungeon, long new_level);
  void clear_episode();
};

// The game's state as the expert reads it (the env's buffers).
struct ExpertView {
  const int16_t* glyphs;  // 21 x 79
  const long* blstats;
  const uint8_t* message;
  const int* internal;
  const uint8_t* inv_letters;
  const uint8_t* inv_oclasses;
};

// The expert's action (an index into NLE's 23 task actions).
int32_t expert_action(Task task, const ExpertView& view, const ExplorationMemory& memory);

// Records one step in `memory`: `action` was taken from `before` (x, y), the hero is now at
// (x, y) on (dungeon, level) and the game shows `message` (a pending "Really attack" marks the
// target's glyph as spared).
void remember_step(ExplorationMemory& memory, int32_t action, long x_before, long y_before, const ExpertView& now,
                   int16_t target_glyph_before);

}  // namespace nethack
}  // namespace csim
