// MiniGrid's rules and view on the padded byte map.
#include "grid_world.hpp"

#include <cstring>

namespace csim {
namespace grid {

void GridWorld::clear(int32_t w, int32_t h) {
  width = w;
  height = h;
  stride = w + 2 * kPad;
  const int32_t rows = h + 2 * kPad;
  std::memset(cells, kWall, static_cast<size_t>(stride) * rows);
  for (int32_t y = 0; y < h; ++y) std::memset(cells + index(0, y), kEmpty, static_cast<size_t>(w));
  agent = -1;
  dir = 0;
  carrying = kUnseen;
  step_count = 0;
  see_through_walls = false;
}

void GridWorld::horz_wall(int32_t x, int32_t y, int32_t length, uint8_t code) {
  for (int32_t i = 0; i < length; ++i) set(x + i, y, code);
}

void GridWorld::vert_wall(int32_t x, int32_t y, int32_t length, uint8_t code) {
  for (int32_t j = 0; j < length; ++j) set(x, y + j, code);
}

void GridWorld::wall_rect(int32_t x, int32_t y, int32_t w, int32_t h) {
  horz_wall(x, y, w);
  horz_wall(x, y + h - 1, w);
  vert_wall(x, y, h);
  vert_wall(x + w - 1, y, h);
}

// Door.toggle and Box.toggle. Returns the event code.
int32_t GridWorld::toggle(int32_t pos, uint8_t code) {
  if (code >= kDoorLocked0) {
    const int32_t color = code - kDoorLocked0;
    // Only a carried key of the door's own colour unlocks it; MiniGrid opens it in the same toggle.
    if (carrying == key_code(color)) {
      cells[pos] = door_code(color, kOpen);
      return kEventDoorUnlocked0 + color;
    }
    return kEventDoorLockedTried0 + color;
  }
  if (code >= kDoorClosed0) {
    cells[pos] = static_cast<uint8_t>(code - kDoorClosed0 + kDoorOpen0);
    return kEventDoorOpened0 + (code - kDoorClosed0);
  }
  if (code >= kDoorOpen0) {
    cells[pos] = static_cast<uint8_t>(code - kDoorOpen0 + kDoorClosed0);
    return kEventDoorClosed0 + (code - kDoorOpen0);
  }
  if (code >= kBox0) {
    // A box becomes what it contains; no box in these worlds holds anything.
    cells[pos] = kEmpty;
    return kEventBoxOpened0 + (code - kBox0);
  }
  return kEventNone;  // walls, keys, balls, goal, lava and empty cells ignore toggle
}

StepOutcome GridWorld::step(int32_t action) {
  StepOutcome out;
  ++step_count;
  // As MiniGrid, the front cell is read before the action (a turn does not change it).
  const int32_t fwd = front();
  const uint8_t code = cells[fwd];
  switch (action) {
    case kLeft: dir = (dir + 3) & 3; break;
    case kRight: dir = (dir + 1) & 3; break;
    case kForward:
      if (cell_info(code).flags & kPassable) agent = fwd;
      if (code == kGoal) {
        out.terminated = true;
        out.reward = success_reward();
        out.event = kEventGoal;
      } else if (code == kLava) {
        out.terminated = true;
        out.event = kEventLava;
      }
      break;
    case kPickup:
      if ((cell_info(code).flags & kPickable) && carrying == kUnseen) {
        carrying = code;
        cells[fwd] = kEmpty;
        out.event = pickup_event(code);
      }
      break;
    case kDrop:
      if (code == kEmpty && carrying != kUnseen) {
        cells[fwd] = carrying;
        out.event = drop_event(carrying);
        carrying = kUnseen;
      }
      break;
    case kToggle: out.event = toggle(fwd, code); break;
    default: break;  // done: nothing happens
  }
  out.truncated = step_count >= max_steps;
  return out;
}

namespace {

// MiniGrid's Grid.process_vis on one view row, with the row as a 7-bit mask (bit i = view
// column i). `seen` is what the rows nearer the agent revealed in this row; `clear` marks
// cells that do not block sight. MiniGrid sweeps the row left to right (a visible clear
// cell reveals its right neighbour, and itself and that neighbour in the next row), then
// right to left (symmetrically). Returns the row's visibility; `next` gets what it reveals
// in the next row. The rows form a serial chain, so this is written to be short and
// branch-free; it equals the literal sweeps on all 2^14 (seen, clear) inputs.
inline uint32_t sweep_row(uint32_t seen, uint32_t clear, uint32_t& next) {
  // Left to right: adding the seeds to `clear` carries each one to the end of its run of
  // clear cells; the bits the addition flips are that run plus the first cell after it.
  const uint32_t right = (seen | ((clear + (seen & clear)) ^ clear)) & 0x7Fu;
  // Right to left from the same seeds (spreading left from what the first sweep added
  // reaches nothing new): an occluded fill in three doubling steps.
  uint32_t t = seen & clear, p = clear;
  t |= p & (t >> 1);
  p &= p >> 1;
  t |= p & (t >> 2);
  p &= p >> 2;
  t |= p & (t >> 4);
  const uint32_t visible = right | t | (t >> 1);
  const uint32_t a = right & clear & 0x3Fu;   // cells 0..5 revealed ahead in the first sweep
  const uint32_t b = visible & clear & 0x7Eu; // cells 1..6 revealed ahead in the second sweep
  next = a | (a << 1) | b | (b >> 1);
  return visible;
}

// MiniGrid's encoding of each code as 3 bytes, padded to 4 so one 4-byte store writes a cell
// (the spare byte is overwritten by the next cell, or by the direction byte after the last).
struct EncTable {
  uint8_t e[kNumCellCodes][4];
  constexpr EncTable() : e() {
    for (int c = 0; c < kNumCellCodes; ++c) {
      e[c][0] = kCells.info[c].type;
      e[c][1] = kCells.info[c].color;
      e[c][2] = kCells.info[c].state;
      e[c][3] = 0;
    }
  }
};
constexpr EncTable kEnc{};

// Walls, closed and locked doors block sight (codes are ordered so doors that block come last).
inline uint32_t is_clear(uint8_t c) { return static_cast<uint32_t>(c != kWall && c < kDoorClosed0); }
static_assert(kDoorClosed0 < kDoorLocked0 && kDoorLocked0 + kNumColors == kNumCellCodes, "blocking doors last");

}  // namespace

void GridWorld::observe(uint8_t* out) const {
  // View cell (vx, vy) lies (6 - vy) cells ahead of the agent and (vx - 3) to its right,
  // which is where MiniGrid's slice + rotate_left puts it; computed directly, no copy.
  const int32_t f = delta(dir);
  const int32_t r = delta((dir + 1) & 3);
  const uint8_t* base = cells + agent - 3 * r;
  uint8_t codes[kView][kView];  // [vy][vx]; kUnseen where hidden
  uint32_t seen = 1u << 3;      // the agent's own cell, view (3, 6), is always visible
  for (int32_t vy = kView - 1; vy >= 0; --vy) {
    const uint8_t* row = base + f * (kView - 1 - vy);
    uint32_t clear = 0;
    for (int32_t vx = 0; vx < kView; ++vx) {
      const uint8_t c = row[vx * r];
      codes[vy][vx] = c;
      clear |= is_clear(c) << vx;
    }
    uint32_t visible = 0x7Fu;
    if (!see_through_walls) visible = sweep_row(seen, clear, seen);
    for (int32_t vx = 0; vx < kView; ++vx) {
      codes[vy][vx] = static_cast<uint8_t>(codes[vy][vx] & (0u - ((visible >> vx) & 1u)));
    }
  }
  // MiniGrid shows the carried object (or nothing) in the agent's own cell.
  codes[kView - 1][3] = carrying != kUnseen ? carrying : kEmpty;
  // MiniGrid's image is indexed image[x][y][channel]: addresses rise with vy, then vx.
  uint8_t* p = out;
  for (int32_t vx = 0; vx < kView; ++vx) {
    for (int32_t vy = 0; vy < kView; ++vy, p += 3) std::memcpy(p, kEnc.e[codes[vy][vx]], 4);
  }
  out[kImageBytes] = static_cast<uint8_t>(dir);
}

std::string GridWorld::render_map() const {
  std::string s;
  s.reserve(static_cast<size_t>((width + 1) * height));
  static const char kAgent[4] = {'>', 'v', '<', '^'};
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      const int32_t i = index(x, y);
      if (i == agent) {
        s += kAgent[dir & 3];
        continue;
      }
      const uint8_t c = cells[i];
      char ch = '?';
      switch (cell_info(c).type) {
        case kTypeEmpty: ch = '.'; break;
        case kTypeWall: ch = 'W'; break;
        case kTypeGoal: ch = 'G'; break;
        case kTypeLava: ch = 'L'; break;
        case kTypeKey: ch = 'K'; break;
        case kTypeBall: ch = 'B'; break;
        case kTypeBox: ch = 'X'; break;
        case kTypeDoor: ch = cell_info(c).state == kOpen ? 'd' : 'D'; break;
        default: break;
      }
      s += ch;
    }
    s += '\n';
  }
  return s;
}

}  // namespace grid
}  // namespace csim
