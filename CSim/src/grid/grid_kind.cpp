// GridKind: the spec, instances and captions of one MiniGrid id.
#include <string>

#include "../core/observation_parts.hpp"
#include "grid_env.hpp"
#include "grid_events.hpp"

namespace csim {
namespace grid {

CSimSpec GridKind::spec(const CSimOptions& options) const {
  if (options.reward_kind != 0) {
    throw InvalidArgument(std::string(config_.id) + ": reward_kind " + std::to_string(options.reward_kind) +
                          " is not available; allowed: 0 (MiniGrid's reward, 1 - 0.9 * steps / max_steps on "
                          "success, else 0)");
  }
  CSimSpec s = make_spec(config_.id, options, config_.max_steps);
  s.observation_dtype = CSIM_DTYPE_UINT8;
  s.observation_rank = 1;
  s.observation_shape[0] = kObsBytes;
  s.observation_size = kObsBytes;
  s.observation_low = 0.0f;
  s.observation_high = 10.0f;
  s.action_kind = CSIM_ACTION_DISCRETE;
  s.num_actions = 7;
  s.action_dim = 1;
  s.action_low = 0.0f;
  s.action_high = 6.0f;
  s.reward_low = 0.0f;
  s.reward_high = 1.0f;
  s.info_dim = CSIM_INFO_COMMON + kNumExtraInfo;
  return s;
}

std::unique_ptr<Env> GridKind::make(const CSimOptions& options) const {
  const CSimSpec s = spec(options);
  return std::unique_ptr<Env>(new GridEnv(config_, s.max_episode_steps));
}

std::vector<const char*> GridKind::extra_info_names() const {
  return {"agent_x", "agent_y", "agent_dir", "carrying", "carrying_color", "goal_x", "goal_y"};
}

std::vector<const char*> GridKind::event_names() const { return grid::event_names(); }

std::string GridKind::action_name(int32_t action) const {
  static const char* kNames[7] = {"left", "right", "forward", "pickup", "drop", "toggle", "done"};
  return action >= 0 && action < 7 ? kNames[action] : "";
}

// MiniGrid's observation dict, flattened (EnvPool's "obs:image" and "obs:direction"): the
// 7x7x3 view of (object, colour, state) codes and the direction. The counts are MiniGrid's
// OBJECT_TO_IDX, COLOR_TO_IDX and STATE_TO_IDX sizes, which kCellInfo's codes stay within.
std::vector<CSimObservationPart> GridKind::observation_parts() const {
  static_assert(kObsBytes == 7 * 7 * 3 + 1, "the parts below cover the observation");
  std::vector<CSimObservationPart> parts;
  add_categorical_part(parts, "image", CSIM_DTYPE_UINT8, {7, 7, 3}, {kTypeAgent + 1, kNumColors, kLocked + 1});
  add_categorical_part(parts, "direction", CSIM_DTYPE_UINT8, {}, {4});
  return parts;
}

std::string GridKind::caption(const void* observation, int32_t event) const {
  return caption_observation(static_cast<const uint8_t*>(observation), event);
}

}  // namespace grid
}  // namespace csim
