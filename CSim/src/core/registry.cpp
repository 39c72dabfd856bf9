// The list of environment ids, assembled from each family's registration function.
#include <cstring>

#include "env.hpp"

namespace csim {

const std::vector<const EnvKind*>& registered_kinds() {
  // A function-local static: built on first use, thread-safe since C++11, never freed
  // (kinds are immutable singletons that live as long as the process).
  static const std::vector<const EnvKind*> kinds = [] {
    std::vector<const EnvKind*> all;
    register_grid_kinds(all);
    register_wordle_kinds(all);
    register_arm_kinds(all);
    register_web_kinds(all);
    register_nethack_kinds(all);
    return all;
  }();
  return kinds;
}

const EnvKind* find_kind(const char* id) {
  if (id == nullptr) return nullptr;
  for (const EnvKind* kind : registered_kinds()) {
    if (std::strcmp(kind->id(), id) == 0) return kind;
  }
  return nullptr;
}

CSimSpec make_spec(const char* id, const CSimOptions& options, int32_t default_max_steps) {
  CSimSpec spec{};
  std::strncpy(spec.id, id, CSIM_MAX_ID_LENGTH - 1);
  if (options.max_episode_steps < 0) {
    throw InvalidArgument("max_episode_steps must be 0 (the default, " + std::to_string(default_max_steps) +
                          ") or positive; got " + std::to_string(options.max_episode_steps));
  }
  spec.max_episode_steps = options.max_episode_steps > 0 ? options.max_episode_steps : default_max_steps;
  spec.info_dim = CSIM_INFO_COMMON;
  spec.action_dim = 1;
  return spec;
}

}  // namespace csim
