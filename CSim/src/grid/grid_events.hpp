// Event codes: what the agent made happen on a step, with the object's colour in
// the code, so a caption built from (observation, event) can say "you picked up
// the yellow key" without looking at privileged state.
//
// Layout (c = MiniGrid colour index 0..5: red green blue purple yellow grey;
// t = 0 key, 1 ball, 2 box):
//   0            nothing happened
//   1            reached_goal
//   2            entered_lava
//   3 + 6t + c   picked_up_<colour>_<object>
//   21 + 6t + c  dropped_<colour>_<object>
//   39 + c       opened_<colour>_door       (a closed, unlocked door)
//   45 + c       closed_<colour>_door
//   51 + c       unlocked_<colour>_door     (MiniGrid opens it in the same toggle)
//   57 + c       tried_locked_<colour>_door (toggled without the key of its colour)
//   63 + c       opened_<colour>_box        (the box turns into its contents; empty here)
#pragma once
#include <cstdint>
#include <vector>

#include "grid_cells.hpp"

namespace csim {
namespace grid {

enum : int32_t {
  kEventNone = 0,
  kEventGoal = 1,
  kEventLava = 2,
  kEventPickup0 = 3,
  kEventDrop0 = 21,
  kEventDoorOpened0 = 39,
  kEventDoorClosed0 = 45,
  kEventDoorUnlocked0 = 51,
  kEventDoorLockedTried0 = 57,
  kEventBoxOpened0 = 63,
  kNumEvents = 69
};

// Index 0..2 of a carryable cell code (key, ball, box); the caller guarantees the code is one.
inline int32_t carry_kind(uint8_t code) { return (code - kKey0) / kNumColors; }

// Pick-up and drop codes follow the cell code order (key, ball, box) directly.
inline int32_t pickup_event(uint8_t code) { return kEventPickup0 + (code - kKey0); }
inline int32_t drop_event(uint8_t code) { return kEventDrop0 + (code - kKey0); }

// Names indexed by code (entry 0 is ""). Static storage.
const std::vector<const char*>& event_names();

}  // namespace grid
}  // namespace csim
