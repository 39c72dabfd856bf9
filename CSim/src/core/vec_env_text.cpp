// The C ABI's text: captions of live and stored observations, action names, text renders.
// None of these is on the stepping hot path.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "guard.hpp"

using namespace csim::abi;

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

}  // namespace

namespace csim {
namespace abi {

// A stored float observation must be one an env could have written: finite and within the
// spec's bounds. Captions turn numbers into whole centimetres and the like, and a NaN or a
// huge value has no such conversion (a NaN once read "-9223372036854775808 cm"); pictures pose
// bodies from them. Byte observations are checked by their kinds, which know what each byte means.
CSimStatus check_numbers(const CSimVecEnv* env, const void* observation) {
  const CSimSpec& spec = env->spec;
  if (spec.observation_dtype == CSIM_DTYPE_UINT8) return CSIM_OK;
  for (int64_t k = 0; k < spec.observation_size; ++k) {
    double value;
    if (spec.observation_dtype == CSIM_DTYPE_FLOAT32) {
      float f;
      std::memcpy(&f, static_cast<const char*>(observation) + 4 * k, sizeof(f));
      value = f;
    } else {
      int32_t i;
      std::memcpy(&i, static_cast<const char*>(observation) + 4 * k, sizeof(i));
      value = i;
    }
    if (std::isfinite(value) && value >= spec.observation_low && value <= spec.observation_high) continue;
    return fail(env, CSIM_ERROR_INVALID_ARGUMENT,
                "observation element " + std::to_string(k) + " is " + number(value) +
                    "; a stored observation needs finite values within [" + number(spec.observation_low) + ", " +
                    number(spec.observation_high) + "], this environment's observation bounds");
  }
  return CSIM_OK;
}

}  // namespace abi
}  // namespace csim

extern "C" {

CSimStatus csim_vec_env_caption(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in caption", [&] {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    std::vector<uint8_t> obs(env->observation_bytes);
    env->envs[static_cast<size_t>(index)]->observe(obs.data());
    return copy_text(env, env->kind->caption(obs.data(), env->envs[static_cast<size_t>(index)]->last_event()), buffer,
                     capacity, length);
  });
}

CSimStatus csim_vec_env_caption_observation(const CSimVecEnv* env, const void* observation, int32_t event,
                                            char* buffer, size_t capacity, size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in caption_observation", [&] {
    if (observation == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "observation is NULL");
    if (event < 0 || static_cast<size_t>(event) >= env->event_names.size()) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "event " + std::to_string(event) + " is not within [0, " +
                                                        std::to_string(env->event_names.size()) + ")");
    }
    if (CSimStatus s = check_numbers(env, observation); s != CSIM_OK) return s;
    return copy_text(env, env->kind->caption(observation, event), buffer, capacity, length);
  });
}

CSimStatus csim_vec_env_mission(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity, size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in mission", [&] {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    return copy_text(env, env->envs[static_cast<size_t>(index)]->mission(), buffer, capacity, length);
  });
}

CSimStatus csim_vec_env_action_name(const CSimVecEnv* env, int32_t action, char* buffer, size_t capacity,
                                    size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in action_name", [&] {
    if (env->spec.action_kind != CSIM_ACTION_DISCRETE) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "actions of a continuous space have no names");
    }
    if (action < 0 || action >= env->spec.num_actions) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "action " + out_of_range_action(env, action));
    }
    std::string name = env->kind->action_name(action);
    if (name.empty()) name = "action " + std::to_string(action);
    return copy_text(env, name, buffer, capacity, length);
  });
}

CSimStatus csim_vec_env_render_text(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                    size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in render_text", [&] {
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    return copy_text(env, env->envs[static_cast<size_t>(index)]->render_text(), buffer, capacity, length);
  });
}

CSimStatus csim_vec_env_keep_screen(CSimVecEnv* env, int32_t keep) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in keep_screen", [&] {
    if (keep != 0 && keep != 1) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "keep_screen takes 0 or 1, got " + std::to_string(keep));
    }
    for (auto& e : env->envs) e->keep_screen(keep == 1);
    return CSIM_OK;
  });
}

}  // extern "C"
