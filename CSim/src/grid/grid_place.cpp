// Count-then-pick placement (see grid_place.hpp for why this equals MiniGrid's sampling).
#include "grid_place.hpp"

#include <algorithm>
#include <cstdlib>

namespace csim {
namespace grid {

namespace {

struct Rect {
  int32_t x0, y0, x1, y1;  // [x0, x1) x [y0, y1), clipped to the map
};

Rect clip(const GridWorld& w, int32_t x0, int32_t y0, int32_t sw, int32_t sh) {
  Rect r;
  r.x0 = std::max(x0, 0);
  r.y0 = std::max(y0, 0);
  r.x1 = std::min(r.x0 + sw, w.width);
  r.y1 = std::min(r.y0 + sh, w.height);
  return r;
}

bool cell_ok(const GridWorld& w, int32_t x, int32_t y, Near near) {
  const int32_t i = w.index(x, y);
  if (w.cells[i] != kEmpty || i == w.agent) return false;
  if (near == Near::kNotNextToAgent && w.agent >= 0) {
    const int32_t d = std::abs(w.x_of(w.agent) - x) + std::abs(w.y_of(w.agent) - y);
    if (d < 2) return false;
  }
  return true;
}

// Calls ok(x, y) over the rectangle twice: once to count, once to find the drawn one.
template <class Ok>
int32_t pick(const GridWorld& w, Rng& rng, const Rect& r, Ok ok) {
  int32_t count = 0;
  for (int32_t y = r.y0; y < r.y1; ++y)
    for (int32_t x = r.x0; x < r.x1; ++x) count += ok(x, y) ? 1 : 0;
  if (count == 0) return -1;
  int32_t k = rng.range(0, count);
  for (int32_t y = r.y0; y < r.y1; ++y)
    for (int32_t x = r.x0; x < r.x1; ++x)
      if (ok(x, y) && k-- == 0) return w.index(x, y);
  return -1;
}

}  // namespace

int32_t place_obj(GridWorld& w, Rng& rng, uint8_t code, int32_t x0, int32_t y0, int32_t sw, int32_t sh, Near near) {
  const Rect r = clip(w, x0, y0, sw, sh);
  const int32_t i = pick(w, rng, r, [&](int32_t x, int32_t y) { return cell_ok(w, x, y, near); });
  if (i >= 0) w.cells[i] = code;
  return i;
}

bool place_agent(GridWorld& w, Rng& rng, int32_t x0, int32_t y0, int32_t sw, int32_t sh) {
  w.agent = -1;
  const Rect r = clip(w, x0, y0, sw, sh);
  const int32_t i = pick(w, rng, r, [&](int32_t x, int32_t y) { return cell_ok(w, x, y, Near::kAnywhere); });
  if (i < 0) return false;
  w.agent = i;
  w.dir = rng.range(0, 4);
  return true;
}

bool place_agent_facing_free(GridWorld& w, Rng& rng, int32_t x0, int32_t y0, int32_t sw, int32_t sh) {
  w.agent = -1;
  const Rect r = clip(w, x0, y0, sw, sh);
  // Pairs (cell, direction) flattened as 4 consecutive "cells" per map cell.
  auto front_free = [&](int32_t x, int32_t y, int32_t d) {
    const uint8_t c = w.cells[w.index(x, y) + w.delta(d)];
    return c == kEmpty || c == kWall;
  };
  int32_t count = 0;
  for (int32_t y = r.y0; y < r.y1; ++y)
    for (int32_t x = r.x0; x < r.x1; ++x)
      if (cell_ok(w, x, y, Near::kAnywhere))
        for (int32_t d = 0; d < 4; ++d) count += front_free(x, y, d) ? 1 : 0;
  if (count == 0) return false;
  int32_t k = rng.range(0, count);
  for (int32_t y = r.y0; y < r.y1; ++y)
    for (int32_t x = r.x0; x < r.x1; ++x)
      if (cell_ok(w, x, y, Near::kAnywhere))
        for (int32_t d = 0; d < 4; ++d)
          if (front_free(x, y, d) && k-- == 0) {
            w.agent = w.index(x, y);
            w.dir = d;
            return true;
          }
  return false;
}

}  // namespace grid
}  // namespace csim
