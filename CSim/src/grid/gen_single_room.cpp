// Generators of the single-grid families: Empty, DoorKey, FourRooms, LavaGap.
#include "grid_layouts.hpp"
#include "grid_place.hpp"

namespace csim {
namespace grid {

void generate(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  l = Layout();
  switch (c.family) {
    case Family::kEmpty: gen_empty(c, w, rng, l); break;
    case Family::kDoorKey: gen_door_key(c, w, rng, l); break;
    case Family::kFourRooms: gen_four_rooms(c, w, rng, l); break;
    case Family::kLavaGap: gen_lava_gap(c, w, rng, l); break;
    case Family::kMultiRoom: gen_multi_room(c, w, rng, l); break;
    case Family::kKeyCorridor: gen_key_corridor(c, w, rng, l); break;
    case Family::kUnlock: gen_unlock(c, w, rng, l); break;
    case Family::kUnlockPickup: gen_unlock_pickup(c, w, rng, l); break;
  }
  w.carrying = kUnseen;
  w.step_count = 0;
}

// A walled square, the goal in the bottom-right corner, the agent at (1, 1) facing right.
void gen_empty(const GridConfig& c, GridWorld& w, Rng&, Layout& l) {
  const int32_t n = c.size;
  w.clear(n, n);
  w.wall_rect(0, 0, n, n);
  w.set(n - 2, n - 2, kGoal);
  l.goal = w.index(n - 2, n - 2);
  w.agent = w.index(1, 1);
  w.dir = 0;
  w.see_through_walls = true;  // as MiniGrid's EmptyEnv
}

// A wall splits the square at a random column; a locked yellow door in it, the yellow key
// and the agent on the left, the goal in the bottom-right corner.
void gen_door_key(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  const int32_t n = c.size;
  w.clear(n, n);
  w.wall_rect(0, 0, n, n);
  w.set(n - 2, n - 2, kGoal);
  l.goal = w.index(n - 2, n - 2);
  const int32_t split = rng.range(2, n - 2);
  w.vert_wall(split, 0, n);
  place_agent(w, rng, 0, 0, split, n);
  const int32_t door_y = rng.range(1, n - 2);
  w.set(split, door_y, door_code(kYellow, kLocked));
  l.door = w.index(split, door_y);
  l.key = key_code(kYellow);
  place_obj(w, rng, l.key, 0, 0, split, n);
}

// Four 9x9 rooms in a 19x19 square, one random gap in each inner wall segment; agent and
// goal anywhere free.
void gen_four_rooms(const GridConfig&, GridWorld& w, Rng& rng, Layout& l) {
  const int32_t n = 19;
  w.clear(n, n);
  w.horz_wall(0, 0, n);
  w.horz_wall(0, n - 1, n);
  w.vert_wall(0, 0, n);
  w.vert_wall(n - 1, 0, n);
  const int32_t room = n / 2;
  for (int32_t j = 0; j < 2; ++j) {
    for (int32_t i = 0; i < 2; ++i) {
      const int32_t xl = i * room, yt = j * room, xr = xl + room, yb = yt + room;
      if (i + 1 < 2) {
        w.vert_wall(xr, yt, room);
        w.set(xr, rng.range(yt + 1, yb), kEmpty);
      }
      if (j + 1 < 2) {
        w.horz_wall(xl, yb, room);
        w.set(rng.range(xl + 1, xr), yb, kEmpty);
      }
    }
  }
  place_agent(w, rng, 0, 0, n, n);
  l.goal = place_obj(w, rng, kGoal, 0, 0, n, n);
}

// A column of lava with one gap between the agent at (1, 1) facing right and the goal in
// the bottom-right corner.
void gen_lava_gap(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  const int32_t n = c.size;
  w.clear(n, n);
  w.wall_rect(0, 0, n, n);
  w.agent = w.index(1, 1);
  w.dir = 0;
  w.set(n - 2, n - 2, kGoal);
  l.goal = w.index(n - 2, n - 2);
  const int32_t gap_x = rng.range(2, n - 2);
  const int32_t gap_y = rng.range(1, n - 1);
  w.vert_wall(gap_x, 1, n - 2, kLava);
  w.set(gap_x, gap_y, kEmpty);
}

}  // namespace grid
}  // namespace csim
