// Map generators, one per MiniGrid family, with MiniGrid's rules and distributions
// (drawn from our counter-based RNG, so layouts are not numpy's, but the same shapes).
#pragma once
#include <cstdint>

#include "../core/rng.hpp"
#include "grid_world.hpp"

namespace csim {
namespace grid {

enum class Family { kEmpty, kDoorKey, kFourRooms, kMultiRoom, kKeyCorridor, kLavaGap, kUnlock, kUnlockPickup };

// Parameters of one registered id.
struct GridConfig {
  const char* id;
  Family family;
  int32_t size;       // grid side (Empty, DoorKey, LavaGap), room size (KeyCorridor)
  int32_t rooms;      // MultiRoom: number of rooms; KeyCorridor: number of rows
  int32_t room_max;   // MultiRoom: largest room side
  int32_t max_steps;  // MiniGrid's default for this id
};

// What generation tells the env besides the map: the mission's landmarks.
struct Layout {
  int32_t goal = -1;        // padded index of the goal, -1 if none
  int32_t door = -1;        // padded index of the mission's locked door, -1 if none
  uint8_t key = kUnseen;    // code of the key that opens that door
  uint8_t target = kUnseen; // code of the object the mission asks to pick up
};

// Fills w (map, agent position and direction; carrying and step count cleared) and layout.
void generate(const GridConfig& config, GridWorld& w, Rng& rng, Layout& layout);

// One file per family group.
void gen_empty(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_door_key(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_four_rooms(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_lava_gap(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_multi_room(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_key_corridor(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_unlock(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);
void gen_unlock_pickup(const GridConfig& c, GridWorld& w, Rng& rng, Layout& l);

}  // namespace grid
}  // namespace csim
