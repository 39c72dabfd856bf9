// RoomGrid families: KeyCorridor, Unlock, UnlockPickup.
//
// MiniGrid's RoomGrid lays square rooms (sharing walls) on a rows x cols grid, draws one
// candidate door position per shared wall, then adds doors and objects. Its
// connect_all adds random unlocked doors until every room is reachable from the agent's;
// it samples (room, wall) triples and rejects unusable ones, which is a uniform draw
// over the usable ones, so here each added door is one draw from the counted usable
// triples: at most one iteration per wall, no unbounded loop.
#include "grid_layouts.hpp"
#include "grid_place.hpp"

namespace csim {
namespace grid {

namespace {

constexpr int32_t kMaxRows = 3;
constexpr int32_t kMaxCols = 3;

struct RoomGrid {
  int32_t rows = 1, cols = 1, size = 3;
  int32_t door_x[kMaxRows][kMaxCols][4];  // candidate door cell per wall (0 right, 1 bottom, 2 left, 3 top)
  int32_t door_y[kMaxRows][kMaxCols][4];
  bool has_neighbor[kMaxRows][kMaxCols][4];
  bool connected[kMaxRows][kMaxCols][4];  // a door or a removed wall joins the neighbour
  bool locked[kMaxRows][kMaxCols];

  static int32_t ni(int32_t i, int32_t k) { return k == 0 ? i + 1 : k == 2 ? i - 1 : i; }
  static int32_t nj(int32_t j, int32_t k) { return k == 1 ? j + 1 : k == 3 ? j - 1 : j; }
  int32_t top_x(int32_t i) const { return i * (size - 1); }
  int32_t top_y(int32_t j) const { return j * (size - 1); }
};

// RoomGrid._gen_grid: walls of every room, candidate door positions, agent at the centre.
void build(RoomGrid& g, GridWorld& w, Rng& rng, int32_t rows, int32_t cols, int32_t size) {
  g.rows = rows;
  g.cols = cols;
  g.size = size;
  w.clear((size - 1) * cols + 1, (size - 1) * rows + 1);
  for (int32_t j = 0; j < rows; ++j)
    for (int32_t i = 0; i < cols; ++i) {
      w.wall_rect(g.top_x(i), g.top_y(j), size, size);
      g.locked[j][i] = false;
      for (int32_t k = 0; k < 4; ++k) {
        g.door_x[j][i][k] = g.door_y[j][i][k] = -1;
        g.has_neighbor[j][i][k] = false;
        g.connected[j][i][k] = false;
      }
    }
  for (int32_t j = 0; j < rows; ++j)
    for (int32_t i = 0; i < cols; ++i) {
      const int32_t xl = g.top_x(i) + 1, yl = g.top_y(j) + 1;
      const int32_t xm = g.top_x(i) + size - 1, ym = g.top_y(j) + size - 1;
      if (i < cols - 1) {
        g.has_neighbor[j][i][0] = true;
        g.door_x[j][i][0] = xm;
        g.door_y[j][i][0] = rng.range(yl, ym);
      }
      if (j < rows - 1) {
        g.has_neighbor[j][i][1] = true;
        g.door_x[j][i][1] = rng.range(xl, xm);
        g.door_y[j][i][1] = ym;
      }
      if (i > 0) {
        g.has_neighbor[j][i][2] = true;
        g.door_x[j][i][2] = g.door_x[j][i - 1][0];
        g.door_y[j][i][2] = g.door_y[j][i - 1][0];
      }
      if (j > 0) {
        g.has_neighbor[j][i][3] = true;
        g.door_x[j][i][3] = g.door_x[j - 1][i][1];
        g.door_y[j][i][3] = g.door_y[j - 1][i][1];
      }
    }
  w.agent = w.index((cols / 2) * (size - 1) + size / 2, (rows / 2) * (size - 1) + size / 2);
  w.dir = 0;
}

// RoomGrid.add_door with a given wall. Returns the door's padded index.
int32_t add_door(RoomGrid& g, GridWorld& w, int32_t i, int32_t j, int32_t k, uint8_t color, bool locked) {
  g.locked[j][i] = locked;
  const int32_t x = g.door_x[j][i][k], y = g.door_y[j][i][k];
  w.set(x, y, door_code(color, locked ? kLocked : kClosed));
  g.connected[j][i][k] = true;
  g.connected[RoomGrid::nj(j, k)][RoomGrid::ni(i, k)][(k + 2) % 4] = true;
  return w.index(x, y);
}

// RoomGrid.add_object: an object in room (i, j), not next to the agent.
int32_t add_object(RoomGrid& g, GridWorld& w, Rng& rng, int32_t i, int32_t j, uint8_t code) {
  return place_obj(w, rng, code, g.top_x(i), g.top_y(j), g.size, g.size, Near::kNotNextToAgent);
}

// RoomGrid.remove_wall: opens the whole shared wall k of room (i, j) except its corners.
void remove_wall(RoomGrid& g, GridWorld& w, int32_t i, int32_t j, int32_t k) {
  const int32_t tx = g.top_x(i), ty = g.top_y(j), s = g.size;
  for (int32_t t = 1; t < s - 1; ++t) {
    if (k == 0) w.set(tx + s - 1, ty + t, kEmpty);
    if (k == 1) w.set(tx + t, ty + s - 1, kEmpty);
    if (k == 2) w.set(tx, ty + t, kEmpty);
    if (k == 3) w.set(tx + t, ty, kEmpty);
  }
  g.connected[j][i][k] = true;
  g.connected[RoomGrid::nj(j, k)][RoomGrid::ni(i, k)][(k + 2) % 4] = true;
}

void place_agent_in_room(RoomGrid& g, GridWorld& w, Rng& rng, int32_t i, int32_t j) {
  place_agent_facing_free(w, rng, g.top_x(i), g.top_y(j), g.size, g.size);
}

// Bitmask of rooms reachable from room (i0, j0) through doors and openings (locked or not,
// as MiniGrid counts them).
uint32_t reachable(const RoomGrid& g, int32_t i0, int32_t j0) {
  uint32_t seen = 1u << (j0 * kMaxCols + i0);
  for (bool grew = true; grew;) {
    grew = false;
    for (int32_t j = 0; j < g.rows; ++j)
      for (int32_t i = 0; i < g.cols; ++i) {
        if (!((seen >> (j * kMaxCols + i)) & 1u)) continue;
        for (int32_t k = 0; k < 4; ++k) {
          if (!g.connected[j][i][k]) continue;
          const uint32_t bit = 1u << (RoomGrid::nj(j, k) * kMaxCols + RoomGrid::ni(i, k));
          if (!(seen & bit)) {
            seen |= bit;
            grew = true;
          }
        }
      }
  }
  return seen;
}

// RoomGrid.connect_all: random unlocked doors until every room is reachable from the agent's.
void connect_all(RoomGrid& g, GridWorld& w, Rng& rng) {
  const int32_t i0 = w.x_of(w.agent) / (g.size - 1);
  const int32_t j0 = w.y_of(w.agent) / (g.size - 1);
  uint32_t all = 0;
  for (int32_t j = 0; j < g.rows; ++j)
    for (int32_t i = 0; i < g.cols; ++i) all |= 1u << (j * kMaxCols + i);
  for (int32_t iter = 0; iter < 4 * kMaxRows * kMaxCols; ++iter) {
    if (reachable(g, i0, j0) == all) return;
    auto usable = [&](int32_t i, int32_t j, int32_t k) {
      return g.has_neighbor[j][i][k] && !g.connected[j][i][k] && !g.locked[j][i] &&
             !g.locked[RoomGrid::nj(j, k)][RoomGrid::ni(i, k)];
    };
    int32_t count = 0;
    for (int32_t j = 0; j < g.rows; ++j)
      for (int32_t i = 0; i < g.cols; ++i)
        for (int32_t k = 0; k < 4; ++k) count += usable(i, j, k) ? 1 : 0;
    if (count == 0) return;
    int32_t pick = rng.range(0, count);
    for (int32_t j = 0; j < g.rows; ++j)
      for (int32_t i = 0; i < g.cols; ++i)
        for (int32_t k = 0; k < 4; ++k)
          if (usable(i, j, k) && pick-- == 0) add_door(g, w, i, j, k, random_color(rng), false);
  }
}

}  // namespace

// Three columns of rooms: the middle column is an open corridor; a locked door leads into
// one right-hand room holding the ball to pick up; its key lies in a left-hand room.
void gen_key_corridor(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  RoomGrid g;
  const int32_t rows = c.rooms;
  build(g, w, rng, rows, 3, c.size);
  for (int32_t j = 1; j < rows; ++j) remove_wall(g, w, 1, j, 3);
  const int32_t room = rng.range(0, rows);
  const uint8_t door_color = random_color(rng);
  l.door = add_door(g, w, 2, room, 2, door_color, true);
  l.target = ball_code(random_color(rng));
  add_object(g, w, rng, 2, room, l.target);
  l.key = key_code(door_color);
  add_object(g, w, rng, 0, rng.range(0, rows), l.key);
  place_agent_in_room(g, w, rng, 1, rows / 2);
  connect_all(g, w, rng);
}

// Two rooms joined by a locked door; its key and the agent in the left room.
void gen_unlock(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  RoomGrid g;
  build(g, w, rng, 1, 2, c.size);
  const uint8_t door_color = random_color(rng);
  l.door = add_door(g, w, 0, 0, 0, door_color, true);
  l.key = key_code(door_color);
  add_object(g, w, rng, 0, 0, l.key);
  place_agent_in_room(g, w, rng, 0, 0);
}

// Unlock, plus a box in the right room to pick up.
void gen_unlock_pickup(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l) {
  RoomGrid g;
  build(g, w, rng, 1, 2, c.size);
  l.target = box_code(random_color(rng));
  add_object(g, w, rng, 1, 0, l.target);
  const uint8_t door_color = random_color(rng);
  l.door = add_door(g, w, 0, 0, 0, door_color, true);
  l.key = key_code(door_color);
  add_object(g, w, rng, 0, 0, l.key);
  place_agent_in_room(g, w, rng, 0, 0);
}

}  // namespace grid
}  // namespace csim
