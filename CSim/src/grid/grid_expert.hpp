// The grid worlds' scripted expert: a breadth-first planner over the full state (map,
// agent cell and direction, carried object), used as a SIMULATED stand-in for a policy and
// to play in-context example episodes. Privileged: it reads the whole map.
#pragma once
#include <cstdint>

#include "grid_layouts.hpp"
#include "grid_world.hpp"

namespace csim {
namespace grid {

// The next action towards the family's mission: fetch the locked door's key, open the door,
// then reach the goal (Empty, DoorKey, FourRooms, MultiRoom, LavaGap), or open the door
// (Unlock), or put down what is carried and pick up the target (KeyCorridor,
// UnlockPickup). Closed doors on the way are opened. False when no plan reaches the
// mission from this state: never from a generated map and the expert's own moves, only
// after another policy walled itself in (a ball dropped in a doorway, say).
bool expert_action(const GridWorld& world, const Layout& layout, Family family, int32_t* action);

}  // namespace grid
}  // namespace csim
