// The staircase expert (see nethack_expert.hpp): one breadth-first search from the hero over
// the seen map per action, collecting the three kinds of target in distance order.
#include "nethack_expert.hpp"

#include <cstring>

namespace csim {
namespace nethack {
namespace {

constexpr int32_t kMore = 0, kDown = 18, kKick = 20, kEat = 21, kSearch = 22;
constexpr int32_t kBoulderGlyph = 1906 + 447;  // GLYPH_OBJ_OFF + BOULDER
constexpr uint8_t kFoodClass = 7;              // NetHack's FOOD_CLASS
// The keys NLE's 23 actions send, in action order (nethack_kind.cpp), as inventory letters.
constexpr char kActionKeys[] = "\rkljhunbyKLJHUNBY<>.\x04" "es";
static_assert(sizeof(kActionKeys) - 1 == kNumActions, "one key per action");
constexpr int32_t kColumns = nle::kColumns, kRows = nle::kRows;
// NLE's move actions 1..8 (north, east, south, west, northeast, southeast, southwest, northwest).
constexpr int32_t kDx[8] = {0, 1, 0, -1, 1, 1, -1, -1};
constexpr int32_t kDy[8] = {-1, 0, 1, 0, -1, 1, 1, -1};
// Moves into a square that leave the hero in place before the expert gives it up: a closed door
// takes several (it opens, or is stuck, or locked and kicked), anything else a few (an unseen
// obstacle, a peaceful monster that stays).
constexpr uint8_t kDoorPatience = 16, kPatience = 3;
// Searches at one spot before the expert prefers the next spot (NetHack finds an adjacent hidden
// door or corridor with probability about 1/7 a search at luck 0).
constexpr int32_t kSearchesPerSpot = 10;

bool contains(const uint8_t* message, const char* phrase) {
  const size_t n = std::strlen(phrase);
  for (int32_t i = 0; i + static_cast<int32_t>(n) <= nle::kMessageSize && message[i] != 0; ++i) {
    if (std::memcmp(message + i, phrase, n) == 0) return true;
  }
  return false;
}

bool is_door(int32_t cls) { return cls == kClassOpenDoor || cls == kClassClosedDoor; }

// Squares the hero can walk onto (as seen): floors of every kind, doorways and doors, stairs,
// furniture, and whatever stands or lies on them. Boulders, water, walls and unseen rock are not.
bool walkable(int32_t cls, bool traps, bool boulders) {
  switch (cls) {
    case kClassDoorway: case kClassOpenDoor: case kClassClosedDoor: case kClassFloor: case kClassDarkFloor:
    case kClassCorridor: case kClassUp: case kClassDown: case kClassFurniture: case kClassFountain:
    case kClassEffect: case kClassMonster: case kClassPet: case kClassUnseenMonster: case kClassCorpse:
    case kClassWeapon: case kClassArmor: case kClassJewel: case kClassTool: case kClassFood: case kClassMagic:
    case kClassGold: case kClassGem: case kClassOther:
      return true;
    case kClassTrap: return traps;
    case kClassBoulder: return boulders;
    default: return false;
  }
}

struct Plan {
  int32_t stairs = -1, frontier = -1, search = -1;
  int32_t search_key = 1 << 30;
};

class Planner {
 public:
  Planner(const ExpertView& view, const ExplorationMemory& memory) : view_(view), memory_(memory) {
    for (int32_t i = 0; i < nle::kMapSize; ++i) {
      // Statues share the boulder's class but cannot be pushed.
      class_[i] = glyph_class(view.glyphs[i]);
      if (class_[i] == kClassBoulder && view.glyphs[i] != kBoulderGlyph) class_[i] = kClassWall;
    }
    // The hero's glyph hides its square (a doorway, a dead end): use what was there.
    const long x = view.blstats[nle::kBlX], y = view.blstats[nle::kBlY];
    if (x >= 0 && y >= 0 && x < kColumns && y < kRows) class_[y * kColumns + x] = memory.under_hero;
  }

  int32_t cls(int32_t cell) const { return class_[cell]; }

  bool passable(int32_t cell, bool traps, bool boulders) const {
    if (!walkable(class_[cell], traps, boulders)) return false;
    return memory_.blocked[cell] < (class_[cell] == kClassClosedDoor ? kDoorPatience : kPatience);
  }

  // NetHack forbids diagonal moves into or out of a square with a door (open, or closed).
  bool step_allowed(int32_t from, int32_t to, int32_t direction) const {
    return direction < 4 || !(is_door(class_[from]) || is_door(class_[to]));
  }

  bool next_to(int32_t cell, int32_t wanted_a, int32_t wanted_b) const {
    const int32_t x = cell % kColumns, y = cell / kColumns;
    for (int32_t d = 0; d < 8; ++d) {
      const int32_t nx = x + kDx[d], ny = y + kDy[d];
      if (nx < 0 || ny < 0 || nx >= kColumns || ny >= kRows) continue;
      const int32_t c = class_[ny * kColumns + nx];
      if (c == wanted_a || c == wanted_b) return true;
    }
    return false;
  }

  // Unseen rock in the 7x7 block around `cell`.
  int32_t unseen_around(int32_t cell) const {
    const int32_t x = cell % kColumns, y = cell / kColumns;
    int32_t n = 0;
    for (int32_t ny = y - 3; ny <= y + 3; ++ny) {
      for (int32_t nx = x - 3; nx <= x + 3; ++nx) {
        if (nx >= 0 && ny >= 0 && nx < kColumns && ny < kRows && class_[ny * kColumns + nx] == kClassStone) ++n;
      }
    }
    return n;
  }

  int32_t walkable_neighbours(int32_t cell) const {
    const int32_t x = cell % kColumns, y = cell / kColumns;
    int32_t n = 0;
    for (int32_t d = 0; d < 8; ++d) {
      const int32_t nx = x + kDx[d], ny = y + kDy[d];
      if (nx >= 0 && ny >= 0 && nx < kColumns && ny < kRows && walkable(class_[ny * kColumns + nx], false, false)) ++n;
    }
    return n;
  }

  // Breadth-first from `start`, filling parents and the nearest target of each kind.
  Plan search(int32_t start, bool traps, bool boulders) {
    Plan plan;
    std::memset(parent_, 0xff, sizeof(parent_));
    int32_t head = 0, tail = 0;
    queue_[tail++] = static_cast<int16_t>(start);
    parent_[start] = static_cast<int16_t>(start);
    distance_[start] = 0;
    while (head < tail) {
      const int32_t cell = queue_[head++];
      consider(cell, plan);
      const int32_t x = cell % kColumns, y = cell / kColumns;
      for (int32_t d = 0; d < 8; ++d) {
        const int32_t nx = x + kDx[d], ny = y + kDy[d];
        if (nx < 0 || ny < 0 || nx >= kColumns || ny >= kRows) continue;
        const int32_t next = ny * kColumns + nx;
        if (parent_[next] >= 0 || !passable(next, traps, boulders) || !step_allowed(cell, next, d)) continue;
        parent_[next] = static_cast<int16_t>(cell);
        distance_[next] = distance_[cell] + 1;
        queue_[tail++] = static_cast<int16_t>(next);
      }
    }
    return plan;
  }

  // The move action (1..8) of the first step from `start` towards `target`.
  int32_t first_step(int32_t start, int32_t target) const {
    int32_t cell = target;
    while (parent_[cell] != start) cell = parent_[cell];
    return direction_to(start, cell);
  }

  static int32_t direction_to(int32_t from, int32_t to) {
    const int32_t dx = to % kColumns - from % kColumns, dy = to / kColumns - from / kColumns;
    for (int32_t d = 0; d < 8; ++d) {
      if (kDx[d] == dx && kDy[d] == dy) return d + 1;
    }
    return kSearch;
  }

 private:
  void consider(int32_t cell, Plan& plan) const {
    const int32_t c = class_[cell];
    if (c == kClassDown && plan.stairs < 0) plan.stairs = cell;
    if (plan.frontier < 0 && memory_.visited[cell] == 0 && c != kClassTrap && next_to(cell, kClassStone, kClassStone)) {
      plan.frontier = cell;
    }
    // Hidden doors are in walls and hidden corridors in rock: search where either is adjacent,
    // dead ends of corridors first.
    if (c != kClassTrap && next_to(cell, kClassWall, kClassStone)) {
      // Dead ends first, then spots with much unseen rock around (where the rest of the level
      // must be), nearer ones before farther ones.
      const bool dead_end = c == kClassCorridor && walkable_neighbours(cell) <= 1;
      const int32_t key = (memory_.searched[cell] / kSearchesPerSpot) * 4096 + distance_[cell] - (dead_end ? 24 : 0) -
                          2 * unseen_around(cell);
      if (key < plan.search_key) {
        plan.search_key = key;
        plan.search = cell;
      }
    }
  }

  const ExpertView& view_;
  const ExplorationMemory& memory_;
  int32_t class_[nle::kMapSize];
  int16_t parent_[nle::kMapSize];
  int32_t distance_[nle::kMapSize];
  int16_t queue_[nle::kMapSize];
};

bool pet_adjacent(const Planner& planner, int32_t hero) { return planner.next_to(hero, kClassPet, kClassPet); }

// The action whose key is the letter of a food item in the inventory, or -1.
int32_t food_action(const ExpertView& view) {
  for (int32_t i = 0; i < nle::kInventorySize && view.inv_letters[i] != 0; ++i) {
    if (view.inv_oclasses[i] != kFoodClass) continue;
    for (int32_t a = 1; a < kNumActions; ++a) {
      if (kActionKeys[a] == static_cast<char>(view.inv_letters[i])) return a;
    }
  }
  return -1;
}

}  // namespace

void ExplorationMemory::clear_level(long new_dungeon, long new_level) {
  dungeon = new_dungeon;
  under_hero = kClassFloor;
  level = new_level;
  std::memset(visited, 0, sizeof(visited));
  std::memset(searched, 0, sizeof(searched));
  std::memset(blocked, 0, sizeof(blocked));
}

void ExplorationMemory::clear_episode() {
  clear_level(-1, -1);
  spared.reset();
}

void remember_step(ExplorationMemory& memory, int32_t action, long x_before, long y_before, const ExpertView& now,
                   int16_t target_glyph_before) {
  const long x = now.blstats[nle::kBlX], y = now.blstats[nle::kBlY];
  if (x < 0 || y < 0 || x >= kColumns || y >= kRows) return;  // outside a game
  const long dungeon = now.blstats[nle::kBlDungeon], level = now.blstats[nle::kBlLevel];
  if (dungeon != memory.dungeon || level != memory.level) {
    memory.clear_level(dungeon, level);
    x_before = y_before = -1;  // the step changed levels: nothing of the old one carries over
  }
  const int32_t here = static_cast<int32_t>(y * kColumns + x);
  memory.visited[here] = 1;
  const bool stayed = x == x_before && y == y_before;
  if (!stayed) {
    // One step onto a square whose glyph was seen: that is what lies under the hero now.
    const bool one_step = action >= 1 && action <= 8 && x == x_before + kDx[action - 1] && y == y_before + kDy[action - 1];
    const int32_t seen = one_step ? glyph_class(target_glyph_before) : kClassFloor;
    const bool hidden = seen == kClassMonster || seen == kClassPet || seen == kClassUnseenMonster || seen == kClassStone;
    memory.under_hero = hidden ? kClassFloor : seen;
  }
  if (action == kSearch && stayed && memory.searched[here] < UINT16_MAX) ++memory.searched[here];
  if (action < 1 || action > 8 || x_before < 0) return;
  const long tx = x_before + kDx[action - 1], ty = y_before + kDy[action - 1];
  if (tx < 0 || ty < 0 || tx >= kColumns || ty >= kRows) return;
  const int32_t target_class = glyph_class(target_glyph_before);
  const bool monster = target_class == kClassMonster || target_class == kClassUnseenMonster;
  if (monster && contains(now.message, "Really attack")) memory.spared.set(static_cast<size_t>(target_glyph_before));
  // A move that left the hero in place: an attack (not a block), or something in the way.
  if (stayed && !monster) {
    uint8_t& count = memory.blocked[ty * kColumns + tx];
    if (count < UINT8_MAX) ++count;
  }
}

int32_t expert_action(Task task, const ExpertView& view, const ExplorationMemory& memory) {
  const long hx = view.blstats[nle::kBlX], hy = view.blstats[nle::kBlY];
  if (hx < 0 || hy < 0 || hx >= kColumns || hy >= kRows) return kMore;
  const int32_t hero = static_cast<int32_t>(hy * kColumns + hx);
  Planner planner(view, memory);  // ~20 KB of stack; experts are asked on the caller's thread

  // Around seen traps and boulders if possible, across traps, then pushing boulders, if need be.
  Plan plan = planner.search(hero, false, false);
  if (plan.stairs < 0 && plan.frontier < 0) plan = planner.search(hero, true, false);
  if (plan.stairs < 0 && plan.frontier < 0) plan = planner.search(hero, true, true);

  const bool asked_direction = contains(view.message, "direction?");
  if (asked_direction) {
    // The kick's direction: the locked door on the way.
    const int32_t target = plan.stairs >= 0 ? plan.stairs : plan.frontier >= 0 ? plan.frontier : plan.search;
    return target >= 0 && target != hero ? planner.first_step(hero, target) : kMore;
  }
  if (contains(view.message, "What do you want to eat?")) {
    const int32_t food = food_action(view);
    return food >= 0 ? food : kMore;
  }
  if (view.internal[nle::kInternalYesNo] != 0) return kMore;  // Enter takes the default: no
  // NetHack's hunger states: 0 satiated, 1 not hungry, 2 hungry, 3 weak, 4 fainting.
  if (view.blstats[nle::kBlHunger] >= 2 && food_action(view) >= 0) return kEat;

  if (view.internal[nle::kInternalStairsDown] != 0) {
    if (task == Task::kStaircasePet && !pet_adjacent(planner, hero)) return kSearch;  // wait for the pet
    return kDown;
  }
  // Fight what is next to the hero, except monsters it was asked to confirm attacking.
  for (int32_t d = 0; d < 8; ++d) {
    const long nx = hx + kDx[d], ny = hy + kDy[d];
    if (nx < 0 || ny < 0 || nx >= kColumns || ny >= kRows) continue;
    const int16_t g = view.glyphs[ny * kColumns + nx];
    if (planner.cls(static_cast<int32_t>(ny * kColumns + nx)) == kClassMonster && !memory.spared.test(static_cast<size_t>(g))) {
      return d + 1;
    }
  }
  const int32_t target = plan.stairs >= 0 ? plan.stairs : plan.frontier;
  if (target >= 0) {
    const int32_t move = planner.first_step(hero, target);
    const int32_t next = static_cast<int32_t>((hy + kDy[move - 1]) * kColumns + hx + kDx[move - 1]);
    if (planner.cls(next) == kClassClosedDoor && contains(view.message, "This door is locked")) return kKick;
    return move;
  }
  if (plan.search >= 0 && plan.search != hero) return planner.first_step(hero, plan.search);
  return kSearch;
}

}  // namespace nethack
}  // namespace csim
