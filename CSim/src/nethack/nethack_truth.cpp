// The privileged level facts (see nethack_truth.hpp).
#include "nethack_truth.hpp"

#include <cstring>

#include "nethack_engine.hpp"

namespace csim {
namespace nethack {
namespace {

// NetHack 3.6.6's map: level.locations[COLNO][ROWNO] of struct rm (int glyph; schar typ; ...).
constexpr int32_t kColno = 80, kRowno = 21, kRmSize = 8, kTypOffset = 4;
// Glyph column = NetHack's x - 1 (NLE drops NetHack's unused column 0).
constexpr int32_t kColumnOffset = 1;
// rm.typ values (rm.h): SDOOR, SCORR hidden; DOOR and above walkable; STAIRS.
constexpr int8_t kSecretDoor = 14, kSecretCorridor = 15, kDoor = 22, kStairs = 25;
constexpr int32_t kStoneGlyph = 2359, kDownStairsGlyph = 2359 + 24, kDownLadderGlyph = 2359 + 26;
constexpr int32_t kDx[8] = {0, 1, 0, -1, 1, 1, -1, -1};
constexpr int32_t kDy[8] = {-1, 0, 1, 0, -1, 1, 1, -1};

struct Stairway {  // NetHack's `stairway`: xchar sx, sy; d_level tolev; char up
  int8_t sx, sy, dnum, dlevel, up;
};

bool in_game(const long* blstats) {
  const long x = blstats[nle::kBlX], y = blstats[nle::kBlY];
  return blstats[nle::kBlDepth] > 0 && x >= 0 && y >= 0 && x < nle::kColumns && y < nle::kRows;
}

}  // namespace

void TrueLevel::update(const Engine& engine, const long* blstats) {
  if (!in_game(blstats)) return;
  const long dungeon = blstats[nle::kBlDungeon], level = blstats[nle::kBlLevel];
  if (dungeon == dungeon_ && level == level_ && level_symbol_ != nullptr) return;
  if (level_symbol_ == nullptr) {
    level_symbol_ = engine.symbol("level");
    stairs_symbol_ = engine.symbol("dnstair");
  }
  dungeon_ = dungeon;
  level_ = level;
  valid_ = level_symbol_ != nullptr && stairs_symbol_ != nullptr && refresh(blstats);
}

bool TrueLevel::refresh(const long* blstats) {
  const auto* rm = static_cast<const unsigned char*>(level_symbol_);
  int8_t typ[nle::kMapSize];
  for (int32_t row = 0; row < nle::kRows; ++row) {
    for (int32_t column = 0; column < nle::kColumns; ++column) {
      const int32_t x = column + kColumnOffset;
      std::memcpy(&typ[row * nle::kColumns + column], rm + (x * kRowno + row) * kRmSize + kTypOffset, 1);
    }
  }
  static_assert(kColno - kColumnOffset == nle::kColumns && kRowno == nle::kRows, "NLE's map is NetHack's less column 0");
  // The layout check: the hero stands on a walkable square.
  const int32_t hero = static_cast<int32_t>(blstats[nle::kBlY] * nle::kColumns + blstats[nle::kBlX]);
  if (typ[hero] < kDoor) return false;
  Stairway stairs;
  std::memcpy(&stairs, stairs_symbol_, sizeof(stairs));
  stairs_cell_ = -1;
  if (stairs.sx > 0) {
    const int32_t cell = stairs.sy * nle::kColumns + (stairs.sx - kColumnOffset);
    if (stairs.sy < 0 || stairs.sy >= nle::kRows || stairs.sx - kColumnOffset >= nle::kColumns || typ[cell] != kStairs) {
      return false;
    }
    stairs_cell_ = cell;
  }
  auto walkable = [&](int32_t cell) { return typ[cell] >= kDoor || typ[cell] == kSecretDoor || typ[cell] == kSecretCorridor; };
  auto door = [&](int32_t cell) { return typ[cell] == kDoor || typ[cell] == kSecretDoor; };
  walkable_count_ = 0;
  for (int32_t cell = 0; cell < nle::kMapSize; ++cell) {
    if (walkable(cell)) walkable_[walkable_count_++] = static_cast<int16_t>(cell);
  }
  std::memset(distance_, 0xff, sizeof(distance_));
  if (stairs_cell_ < 0) return true;
  int16_t queue[nle::kMapSize];
  int32_t head = 0, tail = 0;
  queue[tail++] = static_cast<int16_t>(stairs_cell_);
  distance_[stairs_cell_] = 0;
  while (head < tail) {
    const int32_t cell = queue[head++];
    const int32_t x = cell % nle::kColumns, y = cell / nle::kColumns;
    for (int32_t d = 0; d < 8; ++d) {
      const int32_t nx = x + kDx[d], ny = y + kDy[d];
      if (nx < 0 || ny < 0 || nx >= nle::kColumns || ny >= nle::kRows) continue;
      const int32_t next = ny * nle::kColumns + nx;
      if (distance_[next] >= 0 || !walkable(next)) continue;
      if (d >= 4 && (door(cell) || door(next))) continue;
      distance_[next] = static_cast<int16_t>(distance_[cell] + 1);
      queue[tail++] = static_cast<int16_t>(next);
    }
  }
  return true;
}

int32_t TrueLevel::stairs_distance(const long* blstats) const {
  if (!valid_ || stairs_cell_ < 0 || !in_game(blstats)) return -1;
  return distance_[blstats[nle::kBlY] * nle::kColumns + blstats[nle::kBlX]];
}

int32_t TrueLevel::stairs_seen(const int16_t* glyphs) const {
  if (!valid_ || stairs_cell_ < 0) return -1;
  const int16_t g = glyphs[stairs_cell_];
  return g == kDownStairsGlyph || g == kDownLadderGlyph ? 1 : 0;
}

float TrueLevel::explored(const int16_t* glyphs) const {
  if (!valid_ || walkable_count_ == 0) return -1.0f;
  int32_t seen = 0;
  for (int32_t i = 0; i < walkable_count_; ++i) seen += glyphs[walkable_[i]] != kStoneGlyph ? 1 : 0;
  return static_cast<float>(seen) / static_cast<float>(walkable_count_);
}

}  // namespace nethack
}  // namespace csim
