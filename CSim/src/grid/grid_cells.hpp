// What a grid cell can hold, as one byte.
//
// A cell is a small code rather than an object: the whole map then fits in a
// byte array that lives inside the env (no heap), and the observation is a
// table lookup per cell. kCellInfo[code] holds MiniGrid's encoding
// (OBJECT_TO_IDX, COLOR_TO_IDX, STATE_TO_IDX) plus the rule flags MiniGrid's
// WorldObj methods answer (see_behind, can_overlap, can_pickup).
#pragma once
#include <cstdint>

namespace csim {
namespace grid {

// MiniGrid's OBJECT_TO_IDX.
enum ObjectType : uint8_t {
  kTypeUnseen = 0,
  kTypeEmpty = 1,
  kTypeWall = 2,
  kTypeFloor = 3,
  kTypeDoor = 4,
  kTypeKey = 5,
  kTypeBall = 6,
  kTypeBox = 7,
  kTypeGoal = 8,
  kTypeLava = 9,
  kTypeAgent = 10,
};

// MiniGrid's COLOR_TO_IDX (alphabetical COLOR_NAMES order is blue, green, grey, purple, red, yellow;
// MiniGrid's random colour picks index that sorted list, see kSortedColors).
enum Color : uint8_t { kRed = 0, kGreen = 1, kBlue = 2, kPurple = 3, kYellow = 4, kGrey = 5 };
constexpr int kNumColors = 6;

// MiniGrid's STATE_TO_IDX for doors.
enum DoorState : uint8_t { kOpen = 0, kClosed = 1, kLocked = 2 };

// Cell codes. Colour-carrying kinds occupy six consecutive codes, one per colour index.
enum : uint8_t {
  kUnseen = 0,  // only in observations: a cell the agent cannot see
  kEmpty = 1,
  kWall = 2,  // grey, as MiniGrid's default; also what lies outside the map
  kGoal = 3,  // green
  kLava = 4,  // red
  kKey0 = 5,
  kBall0 = kKey0 + kNumColors,        // 11
  kBox0 = kBall0 + kNumColors,        // 17
  kDoorOpen0 = kBox0 + kNumColors,    // 23
  kDoorClosed0 = kDoorOpen0 + kNumColors,  // 29
  kDoorLocked0 = kDoorClosed0 + kNumColors,  // 35
  kNumCellCodes = kDoorLocked0 + kNumColors  // 41
};

// Rule flags (MiniGrid's WorldObj methods).
enum : uint8_t {
  kOpaque = 1,     // not see_behind(): walls, closed and locked doors
  kPassable = 2,   // can_overlap() (or an empty cell): the agent may stand here
  kPickable = 4,   // can_pickup(): keys, balls, boxes
};

struct CellInfo {
  uint8_t type, color, state, flags;
};

constexpr CellInfo make_info(uint8_t code) {
  return code == kUnseen       ? CellInfo{kTypeUnseen, 0, 0, 0}
         : code == kEmpty      ? CellInfo{kTypeEmpty, 0, 0, kPassable}
         : code == kWall       ? CellInfo{kTypeWall, kGrey, 0, kOpaque}
         : code == kGoal       ? CellInfo{kTypeGoal, kGreen, 0, kPassable}
         : code == kLava       ? CellInfo{kTypeLava, kRed, 0, kPassable}
         : code < kBall0       ? CellInfo{kTypeKey, uint8_t(code - kKey0), 0, kPickable}
         : code < kBox0        ? CellInfo{kTypeBall, uint8_t(code - kBall0), 0, kPickable}
         : code < kDoorOpen0   ? CellInfo{kTypeBox, uint8_t(code - kBox0), 0, kPickable}
         : code < kDoorClosed0 ? CellInfo{kTypeDoor, uint8_t(code - kDoorOpen0), kOpen, kPassable}
         : code < kDoorLocked0 ? CellInfo{kTypeDoor, uint8_t(code - kDoorClosed0), kClosed, kOpaque}
                               : CellInfo{kTypeDoor, uint8_t(code - kDoorLocked0), kLocked, kOpaque};
}

// Built at compile time so lookups in the hot path are plain loads.
struct CellInfoTable {
  CellInfo info[kNumCellCodes];
  constexpr CellInfoTable() : info() {
    for (int c = 0; c < kNumCellCodes; ++c) info[c] = make_info(static_cast<uint8_t>(c));
  }
};
inline constexpr CellInfoTable kCells{};

inline constexpr const CellInfo& cell_info(uint8_t code) { return kCells.info[code]; }

inline constexpr uint8_t key_code(int color) { return static_cast<uint8_t>(kKey0 + color); }
inline constexpr uint8_t ball_code(int color) { return static_cast<uint8_t>(kBall0 + color); }
inline constexpr uint8_t box_code(int color) { return static_cast<uint8_t>(kBox0 + color); }
inline constexpr uint8_t door_code(int color, DoorState state) {
  return static_cast<uint8_t>((state == kOpen ? kDoorOpen0 : state == kClosed ? kDoorClosed0 : kDoorLocked0) + color);
}
inline constexpr bool is_door(uint8_t code) { return code >= kDoorOpen0 && code < kNumCellCodes; }

// MiniGrid draws random colours from sorted(COLOR_NAMES): blue, green, grey, purple, red, yellow.
inline constexpr uint8_t kSortedColors[kNumColors] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow};

// Names by colour index and by object type index, for events, captions and text renders.
inline constexpr const char* kColorNames[kNumColors] = {"red", "green", "blue", "purple", "yellow", "grey"};
inline constexpr const char* kTypeNames[11] = {"unseen", "empty", "wall", "floor", "door", "key",
                                               "ball",   "box",   "goal", "lava",  "agent"};

}  // namespace grid
}  // namespace csim
