// The C ABI's text: captions of live and stored observations, action names, text renders.
// None of these is on the stepping hot path.
#include <string>
#include <vector>

#include "vec_env_internal.hpp"

using namespace csim::abi;

extern "C" {

CSimStatus csim_vec_env_caption(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    std::vector<uint8_t> obs(env->observation_bytes);
    env->envs[static_cast<size_t>(index)]->observe(obs.data());
    return copy_text(env, env->kind->caption(obs.data(), env->envs[static_cast<size_t>(index)]->last_event()), buffer,
                     capacity, length);
  } catch (...) {
    return guard(env, "caption");
  }
}

CSimStatus csim_vec_env_caption_observation(const CSimVecEnv* env, const void* observation, int32_t event,
                                            char* buffer, size_t capacity, size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (observation == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "observation is NULL");
    if (event < 0 || static_cast<size_t>(event) >= env->event_names.size()) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "event " + std::to_string(event) + " is not within [0, " +
                                                        std::to_string(env->event_names.size()) + ")");
    }
    return copy_text(env, env->kind->caption(observation, event), buffer, capacity, length);
  } catch (const csim::InvalidArgument& e) {
    return fail(env, CSIM_ERROR_INVALID_ARGUMENT, e.what());
  } catch (...) {
    return guard(env, "caption_observation");
  }
}

CSimStatus csim_vec_env_mission(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity, size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    return copy_text(env, env->envs[static_cast<size_t>(index)]->mission(), buffer, capacity, length);
  } catch (...) {
    return guard(env, "mission");
  }
}

CSimStatus csim_vec_env_action_name(const CSimVecEnv* env, int32_t action, char* buffer, size_t capacity,
                                    size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (env->spec.action_kind != CSIM_ACTION_DISCRETE) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "actions of a continuous space have no names");
    }
    if (action < 0 || action >= env->spec.num_actions) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "action " + out_of_range_action(env, action));
    }
    std::string name = env->kind->action_name(action);
    if (name.empty()) name = "action " + std::to_string(action);
    return copy_text(env, name, buffer, capacity, length);
  } catch (...) {
    return guard(env, "action_name");
  }
}

CSimStatus csim_vec_env_render_text(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                    size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    return copy_text(env, env->envs[static_cast<size_t>(index)]->render_text(), buffer, capacity, length);
  } catch (...) {
    return guard(env, "render_text");
  }
}

}  // extern "C"
