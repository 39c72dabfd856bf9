// Registers the MiniGrid ids, with the parameters and max_steps MiniGrid registers them with.
#include "grid_env.hpp"

namespace csim {

void register_grid_kinds(std::vector<const EnvKind*>& out) {
  using grid::Family;
  using grid::GridConfig;
  using grid::GridKind;
  // max_steps as MiniGrid computes them: Empty 4*size^2, DoorKey 10*size^2, FourRooms 100,
  // MultiRoom 20*rooms, KeyCorridor 30*room_size^2, LavaGap 4*size^2, Unlock(Pickup) 8*6^2.
  static const GridConfig kConfigs[] = {
      {"MiniGrid-Empty-5x5-v0", Family::kEmpty, 5, 0, 0, 100},
      {"MiniGrid-Empty-8x8-v0", Family::kEmpty, 8, 0, 0, 256},
      {"MiniGrid-Empty-16x16-v0", Family::kEmpty, 16, 0, 0, 1024},
      {"MiniGrid-DoorKey-5x5-v0", Family::kDoorKey, 5, 0, 0, 250},
      {"MiniGrid-DoorKey-6x6-v0", Family::kDoorKey, 6, 0, 0, 360},
      {"MiniGrid-DoorKey-8x8-v0", Family::kDoorKey, 8, 0, 0, 640},
      {"MiniGrid-DoorKey-16x16-v0", Family::kDoorKey, 16, 0, 0, 2560},
      {"MiniGrid-FourRooms-v0", Family::kFourRooms, 19, 0, 0, 100},
      {"MiniGrid-MultiRoom-N2-S4-v0", Family::kMultiRoom, 25, 2, 4, 40},
      // MiniGrid keeps this legacy id configured for 6 rooms of side up to 5.
      {"MiniGrid-MultiRoom-N4-S5-v0", Family::kMultiRoom, 25, 6, 5, 120},
      {"MiniGrid-KeyCorridorS3R1-v0", Family::kKeyCorridor, 3, 1, 0, 270},
      {"MiniGrid-KeyCorridorS3R2-v0", Family::kKeyCorridor, 3, 2, 0, 270},
      {"MiniGrid-KeyCorridorS3R3-v0", Family::kKeyCorridor, 3, 3, 0, 270},
      {"MiniGrid-LavaGapS5-v0", Family::kLavaGap, 5, 0, 0, 100},
      {"MiniGrid-LavaGapS7-v0", Family::kLavaGap, 7, 0, 0, 196},
      {"MiniGrid-Unlock-v0", Family::kUnlock, 6, 0, 0, 288},
      {"MiniGrid-UnlockPickup-v0", Family::kUnlockPickup, 6, 0, 0, 288},
  };
  // Kinds are immutable singletons that live as long as the process (the registry keeps pointers).
  static const std::vector<GridKind> kinds = [] {
    std::vector<GridKind> v;
    v.reserve(sizeof(kConfigs) / sizeof(kConfigs[0]));
    for (const GridConfig& c : kConfigs) v.emplace_back(c);
    return v;
  }();
  for (const GridKind& k : kinds) out.push_back(&k);
}

}  // namespace csim
