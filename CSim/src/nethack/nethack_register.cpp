// Registers the NetHack ids with the core (NLE's task names; see nethack_env.hpp).
#include "nethack_env.hpp"

namespace csim {

void register_nethack_kinds(std::vector<const EnvKind*>& out) {
  using nethack::NetHackKind;
  using nethack::Task;
  // Function-local statics: built on first registration, immutable, never freed.
  static const NetHackKind score("NetHackScore-v0", Task::kScore);
  static const NetHackKind staircase("NetHackStaircase-v0", Task::kStaircase);
  static const NetHackKind staircase_pet("NetHackStaircasePet-v0", Task::kStaircasePet);
  static const NetHackKind oracle("NetHackOracle-v0", Task::kOracle);
  static const NetHackKind gold("NetHackGold-v0", Task::kGold);
  static const NetHackKind eat("NetHackEat-v0", Task::kEat);
  static const NetHackKind scout("NetHackScout-v0", Task::kScout);
  for (const NetHackKind* k : {&score, &staircase, &staircase_pet, &oracle, &gold, &eat, &scout}) out.push_back(k);
}

}  // namespace csim
