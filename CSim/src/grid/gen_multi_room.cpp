// MultiRoom: a chain of rooms joined by closed doors in a 25x25 map, the agent in the
// first room and the goal in the last.
//
// MiniGrid grows the chain recursively: each room is attached to an exit door of the
// previous one (up to 8 tries per room), and whole chains are redrawn until one has the
// wanted number of rooms. The recursion depth is the room count (at most kMaxRooms) and
// a chain never shrinks, so fixed arrays suffice; the redraws are capped (kMaxChains)
// and keep the longest chain, where MiniGrid would loop forever.
#include "grid_layouts.hpp"
#include "grid_place.hpp"

namespace csim {
namespace grid {

namespace {

constexpr int32_t kMaxRooms = 8;
constexpr int32_t kMaxChains = 100000;
constexpr int32_t kSide = 25;

struct Room {
  int32_t x, y, w, h;        // top-left corner and size, walls included
  int32_t entry_x, entry_y;  // the door into this room (unused for the first room)
};

struct Chain {
  Room rooms[kMaxRooms];
  int32_t count = 0;
};

// MiniGrid's MultiRoomEnv._placeRoom: tries to attach a room whose entry door is at
// (ex, ey) on wall `entry_wall` (0 right, 1 bottom, 2 left, 3 top); on success appends
// it and tries to grow the chain from it.
bool place_room(Rng& rng, Chain& chain, int32_t num_left, int32_t max_size, int32_t entry_wall, int32_t ex,
                int32_t ey) {
  const int32_t sx = rng.range(4, max_size + 1);
  const int32_t sy = rng.range(4, max_size + 1);
  int32_t tx, ty;
  if (chain.count == 0) {
    tx = ex;
    ty = ey;
  } else if (entry_wall == 0) {
    tx = ex - sx + 1;
    ty = rng.range(ey - sy + 2, ey);
  } else if (entry_wall == 1) {
    tx = rng.range(ex - sx + 2, ex);
    ty = ey - sy + 1;
  } else if (entry_wall == 2) {
    tx = ex;
    ty = rng.range(ey - sy + 2, ey);
  } else {
    tx = rng.range(ex - sx + 2, ex);
    ty = ey;
  }
  if (tx < 0 || ty < 0) return false;
  if (tx + sx > kSide || ty + sy >= kSide) return false;
  // The room it hangs from (the last one) shares a wall with it; the others must stay clear.
  for (int32_t k = 0; k + 1 < chain.count; ++k) {
    const Room& o = chain.rooms[k];
    const bool apart = tx + sx < o.x || o.x + o.w <= tx || ty + sy < o.y || o.y + o.h <= ty;
    if (!apart) return false;
  }
  if (chain.count >= kMaxRooms) return false;
  chain.rooms[chain.count++] = Room{tx, ty, sx, sy, ex, ey};
  if (num_left == 1) return true;
  for (int32_t attempt = 0; attempt < 8; ++attempt) {
    // One of the three other walls, uniformly (MiniGrid draws from the sorted remaining set).
    int32_t exit_wall = rng.range(0, 3);
    if (exit_wall >= entry_wall) ++exit_wall;
    int32_t nx, ny;
    if (exit_wall == 0) {
      nx = tx + sx - 1;
      ny = ty + rng.range(1, sy - 1);
    } else if (exit_wall == 1) {
      nx = tx + rng.range(1, sx - 1);
      ny = ty + sy - 1;
    } else if (exit_wall == 2) {
      nx = tx;
      ny = ty + rng.range(1, sy - 1);
    } else {
      nx = tx + rng.range(1, sx - 1);
      ny = ty;
    }
    if (place_room(rng, chain, num_left - 1, max_size, (exit_wall + 2) % 4, nx, ny)) break;
  }
  return true;
}

}  // namespace

void gen_multi_room(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  const int32_t want = c.rooms < kMaxRooms ? c.rooms : kMaxRooms;
  Chain best;
  for (int32_t tries = 0; best.count < want && tries < kMaxChains; ++tries) {
    Chain cur;
    const int32_t ex = rng.range(0, kSide - 2);
    const int32_t ey = rng.range(0, kSide - 2);
    place_room(rng, cur, want, c.room_max, 2, ex, ey);
    if (cur.count > best.count) best = cur;
  }
  if (best.count == 0) best.rooms[best.count++] = Room{0, 0, 4, 4, 0, 0};  // unreachable in practice

  w.clear(kSide, kSide);
  int32_t prev_color = -1;
  for (int32_t k = 0; k < best.count; ++k) {
    const Room& r = best.rooms[k];
    w.wall_rect(r.x, r.y, r.w, r.h);
    if (k > 0) {
      // A closed door of a colour other than the previous door's.
      int32_t pick = rng.range(0, prev_color < 0 ? kNumColors : kNumColors - 1);
      uint8_t color = 0;
      for (int32_t s = 0; s < kNumColors; ++s) {
        if (kSortedColors[s] == prev_color) continue;
        if (pick-- == 0) {
          color = kSortedColors[s];
          break;
        }
      }
      w.set(r.entry_x, r.entry_y, door_code(color, kClosed));
      prev_color = color;
    }
  }
  const Room& first = best.rooms[0];
  const Room& last = best.rooms[best.count - 1];
  place_agent(w, rng, first.x, first.y, first.w, first.h);
  l.goal = place_obj(w, rng, kGoal, last.x, last.y, last.w, last.h);
}

}  // namespace grid
}  // namespace csim
