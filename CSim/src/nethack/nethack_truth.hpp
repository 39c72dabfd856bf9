// Privileged facts about the running game that the observation does not give, for teachers and
// the progress measure: where the stairs down truly are and how far the hero is from them on
// the level's true map (hidden doors and corridors counted as passable), whether the hero has
// seen them, and what share of the level's walkable squares it has seen. Read from NetHack's
// own globals in the env's library copy (`dnstair`, `level.locations`), never written, so the
// game is unchanged (the conformance test compares it with NLE). The layout read is NetHack
// 3.6.6's as nle 1.3.0 builds it (struct rm: 8 bytes, typ at byte 4; COLNO 80, ROWNO 21),
// checked at each new level: where the check fails the facts are reported unknown (-1).
#pragma once
#include <cstdint>

#include "nethack_env.hpp"

namespace csim {
namespace nethack {

class Engine;

class TrueLevel {
 public:
  // Forgets the level (a new game: the library copy was reloaded).
  void forget() {
    dungeon_ = level_ = -1;
    valid_ = false;
    level_symbol_ = stairs_symbol_ = nullptr;
  }

  // Re-reads the level when the hero is on another one than last time. `blstats` are NLE's.
  void update(const Engine& engine, const long* blstats);

  // The true walking distance (8-connected, no diagonal through doors) from the hero to the
  // stairs down, or -1 (no stairs on the level, unreachable, outside a game, layout unknown).
  int32_t stairs_distance(const long* blstats) const;
  // Whether the hero's map shows the stairs down where they are (-1: unknown).
  int32_t stairs_seen(const int16_t* glyphs) const;
  // Seen share of the level's walkable squares, 0..1 (-1: unknown).
  float explored(const int16_t* glyphs) const;

 private:
  bool refresh(const long* blstats);

  const void* level_symbol_ = nullptr;
  const void* stairs_symbol_ = nullptr;
  long dungeon_ = -1, level_ = -1;
  bool valid_ = false;
  int32_t stairs_cell_ = -1;  // in glyph coordinates (row * 79 + column)
  int32_t walkable_count_ = 0;
  int16_t walkable_[nle::kMapSize] = {};    // glyph cells of the walkable squares
  int16_t distance_[nle::kMapSize] = {};    // from the stairs, -1 unreachable
};

}  // namespace nethack
}  // namespace csim
