// Breadth-first search over (cell, direction) with MiniGrid's three moves; the first move
// of a shortest plan is the action. Replanning every step keeps it simple and exact: the
// map only changes through the expert's own toggles, pickups and drops.
#include "grid_expert.hpp"

#include <cstring>

namespace csim {
namespace grid {
namespace {

constexpr int32_t kStates = kMaxCells * 4;

bool is_locked_door(uint8_t c) { return c >= kDoorLocked0 && c < kNumCellCodes; }
bool is_closed_door(uint8_t c) { return c >= kDoorClosed0 && c < kDoorLocked0; }

// Cells the agent may walk into, counting doors it can open on the way (closed ones, and
// locked ones whose key it holds); lava and objects are never walked into.
bool walkable(const GridWorld& w, uint8_t c) {
  if (c == kEmpty || c == kGoal) return true;
  if (!is_door(c)) return false;
  if (is_locked_door(c)) return w.carrying == key_code(c - kDoorLocked0);
  return true;
}

struct Search {
  int32_t parent[kStates];
  int8_t move[kStates];  // the action that reached the state: left, right or forward
  int32_t found = -1;
};

// Shortest plan from the agent's state to any state `done(cell, dir)` accepts. Fills s and
// returns true when one exists.
template <typename Done>
bool search(const GridWorld& w, Done done, Search& s) {
  static_assert(kStates < (1 << 16) * 4, "state index fits");
  std::memset(s.parent, 0xff, sizeof(s.parent));
  int32_t queue[kStates];
  int32_t head = 0, tail = 0;
  const int32_t start = w.agent * 4 + w.dir;
  s.parent[start] = start;
  s.move[start] = -1;
  queue[tail++] = start;
  while (head < tail) {
    const int32_t state = queue[head++];
    const int32_t cell = state / 4, dir = state % 4;
    if (done(cell, dir)) {
      s.found = state;
      return true;
    }
    const int32_t next_states[3] = {cell * 4 + ((dir + 3) & 3), cell * 4 + ((dir + 1) & 3),
                                    (cell + w.delta(dir)) * 4 + dir};
    for (int32_t m = 0; m < 3; ++m) {
      if (m == 2 && !walkable(w, w.cells[cell + w.delta(dir)])) continue;
      const int32_t next = next_states[m];
      if (s.parent[next] != -1) continue;
      s.parent[next] = state;
      s.move[next] = static_cast<int8_t>(m == 0 ? kLeft : m == 1 ? kRight : kForward);
      queue[tail++] = next;
    }
  }
  return false;
}

// The first move of the plan found; a forward into a door that is not open becomes the
// toggle that opens it.
int32_t first_move(const GridWorld& w, const Search& s) {
  int32_t state = s.found;
  const int32_t start = w.agent * 4 + w.dir;
  if (state == start) return -1;
  while (s.parent[state] != start) state = s.parent[state];
  const int32_t m = s.move[state];
  if (m == kForward) {
    const uint8_t c = w.cells[w.front()];
    if (is_closed_door(c) || is_locked_door(c)) return kToggle;
  }
  return m;
}

// Walks to face `target` and then does `act` there.
bool approach(const GridWorld& w, int32_t target, int32_t act, int32_t* action) {
  if (w.front() == target) {
    *action = act;
    return true;
  }
  Search s;
  if (!search(w, [&](int32_t cell, int32_t dir) { return cell + w.delta(dir) == target; }, s)) return false;
  *action = first_move(w, s);
  return *action >= 0;
}

int32_t find_cell(const GridWorld& w, uint8_t code) {
  for (int32_t y = 0; y < w.height; ++y)
    for (int32_t x = 0; x < w.width; ++x)
      if (w.get(x, y) == code) return w.index(x, y);
  return -1;
}

// Puts the carried object down on an empty cell off the shortest way to `target`, so that it
// cannot block the way.
bool drop_aside(const GridWorld& w, int32_t target, int32_t* action) {
  bool on_way[kMaxCells] = {};
  Search way;
  GridWorld empty_handed = w;
  empty_handed.carrying = kUnseen;
  if (search(empty_handed, [&](int32_t cell, int32_t dir) { return cell + w.delta(dir) == target; }, way)) {
    for (int32_t state = way.found; state != way.parent[state]; state = way.parent[state]) on_way[state / 4] = true;
  }
  auto good = [&](int32_t cell) { return cell != target && w.cells[cell] == kEmpty && !on_way[cell]; };
  if (good(w.front())) {
    *action = kDrop;
    return true;
  }
  Search s;
  if (!search(w, [&](int32_t cell, int32_t dir) { return good(cell + w.delta(dir)); }, s)) return false;
  *action = first_move(w, s);
  return *action >= 0;
}

}  // namespace

bool expert_action(const GridWorld& w, const Layout& layout, Family family, int32_t* action) {
  if (w.agent < 0) return false;
  // The mission's locked door first: its key, then the door.
  if (layout.door >= 0 && is_locked_door(w.cells[layout.door])) {
    if (w.carrying == layout.key) return approach(w, layout.door, kToggle, action);
    const int32_t key = find_cell(w, layout.key);
    if (key < 0) return false;
    if (w.carrying != kUnseen) return drop_aside(w, key, action);
    return approach(w, key, kPickup, action);
  }
  if (family == Family::kUnlock) {
    if (layout.door < 0) return false;
    return approach(w, layout.door, kToggle, action);
  }
  if (layout.target != kUnseen) {
    const int32_t target = find_cell(w, layout.target);
    if (target < 0) return false;
    if (w.carrying != kUnseen) return drop_aside(w, target, action);
    return approach(w, target, kPickup, action);
  }
  if (layout.goal < 0) return false;
  Search s;
  if (!search(w, [&](int32_t cell, int32_t) { return cell == layout.goal; }, s)) return false;
  *action = first_move(w, s);
  return *action >= 0;
}

}  // namespace grid
}  // namespace csim
