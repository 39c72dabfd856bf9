// Random placement for map generation, bounded and allocation-free.
//
// MiniGrid places objects by rejection sampling: draw a cell of a rectangle until it
// is empty, not the agent's, and not rejected. That is a uniform draw over the
// acceptable cells, so here we count them, draw one index, and walk to it: the same
// distribution in two passes over at most 25x25 cells, with no unbounded loop.
#pragma once
#include <cstdint>

#include "../core/rng.hpp"
#include "grid_world.hpp"

namespace csim {
namespace grid {

// What else a cell must satisfy to be chosen.
enum class Near {
  kAnywhere,        // any empty cell that is not the agent's
  kNotNextToAgent,  // also at manhattan distance >= 2 from the agent (RoomGrid's reject_next_to)
};

// Puts `code` on a uniformly chosen empty cell of the rectangle (clipped to the map, as
// MiniGrid clips it). Returns the padded index, or -1 when no cell qualifies.
int32_t place_obj(GridWorld& w, Rng& rng, uint8_t code, int32_t x0, int32_t y0, int32_t sw, int32_t sh,
                  Near near = Near::kAnywhere);

// MiniGrid's place_agent: a uniform empty cell of the rectangle, then a uniform direction.
// Returns false when no cell qualifies.
bool place_agent(GridWorld& w, Rng& rng, int32_t x0, int32_t y0, int32_t sw, int32_t sh);

// RoomGrid's place_agent: like place_agent, but redraws until the cell in front is empty
// or a wall, i.e. a uniform draw over the (cell, direction) pairs that pass.
bool place_agent_facing_free(GridWorld& w, Rng& rng, int32_t x0, int32_t y0, int32_t sw, int32_t sh);

// A uniform choice of one of the n colours in MiniGrid's sorted colour list, as _rand_color.
inline uint8_t random_color(Rng& rng) { return kSortedColors[rng.range(0, kNumColors)]; }

}  // namespace grid
}  // namespace csim
