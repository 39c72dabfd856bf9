// The C ABI's stepping: buffer and action validation, then reset / step / step_range with
// same-step autoreset. Validation happens before anything moves, so an error steps nothing.
#include <cmath>
#include <cstring>
#include <string>

#include "guard.hpp"

using namespace csim::abi;

namespace {

CSimStatus check_buffer(const CSimVecEnv* env, const char* name, const void* pointer, int64_t length, int64_t needed,
                        bool required) {
  if (pointer == nullptr) {
    if (!required) return CSIM_OK;
    return fail(env, CSIM_ERROR_NULL_POINTER, std::string(name) + " is NULL; it needs " + std::to_string(needed) +
                                                  " elements (num_envs x per-env size)");
  }
  if (length < needed) {
    return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, std::string(name) + " has " + std::to_string(length) +
                                                      " elements; it needs " + std::to_string(needed) +
                                                      " (num_envs x per-env size)");
  }
  return CSIM_OK;
}

// Checks the step buffers; `for_step` makes rewards and flags required (reset takes them as optional).
CSimStatus check_buffers(const CSimVecEnv* env, const CSimStepBuffers* b, bool for_step) {
  if (b == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "buffers is NULL");
  const int64_t n = env->num_envs;
  const int64_t obs = n * env->spec.observation_size;
  CSimStatus s;
  if ((s = check_buffer(env, "observations", b->observations, b->observations_length, obs, true)) != CSIM_OK) return s;
  if ((s = check_buffer(env, "rewards", b->rewards, b->rewards_length, n, for_step)) != CSIM_OK) return s;
  if ((s = check_buffer(env, "terminated", b->terminated, b->terminated_length, n, for_step)) != CSIM_OK) return s;
  if ((s = check_buffer(env, "truncated", b->truncated, b->truncated_length, n, for_step)) != CSIM_OK) return s;
  if ((s = check_buffer(env, "final_observations", b->final_observations, b->final_observations_length, obs, false)) !=
      CSIM_OK)
    return s;
  if ((s = check_buffer(env, "info", b->info, b->info_length, n * env->spec.info_dim, false)) != CSIM_OK) return s;
  if ((s = check_buffer(env, "reset_info", b->reset_info, b->reset_info_length, n * env->spec.info_dim, false)) !=
      CSIM_OK)
    return s;
  return CSIM_OK;
}

CSimStatus check_actions(const CSimVecEnv* env, int32_t begin, int32_t end, const void* actions, int64_t length) {
  if (actions == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "actions is NULL");
  const int64_t needed = static_cast<int64_t>(env->num_envs) * env->spec.action_dim;
  if (length < needed) {
    return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "actions has " + std::to_string(length) + " elements; it needs " +
                                                      std::to_string(needed) + " (num_envs x action_dim)");
  }
  if (env->spec.action_kind == CSIM_ACTION_DISCRETE) {
    const int32_t* a = static_cast<const int32_t*>(actions);
    const int32_t n = env->spec.num_actions;
    for (int32_t i = begin; i < end; ++i) {
      if (a[i] < 0 || a[i] >= n) {
        return fail(env, CSIM_ERROR_INVALID_ACTION, "env " + std::to_string(i) + ": action " +
                                                        out_of_range_action(env, a[i]));
      }
    }
  } else {
    const float* a = static_cast<const float*>(actions);
    const int32_t d = env->spec.action_dim;
    for (int32_t i = begin; i < end; ++i) {
      for (int32_t k = 0; k < d; ++k) {
        float v = a[static_cast<int64_t>(i) * d + k];
        if (!std::isfinite(v)) {
          return fail(env, CSIM_ERROR_INVALID_ACTION, "env " + std::to_string(i) + ": action component " +
                                                          std::to_string(k) + " is " + std::to_string(v) +
                                                          "; actions must be finite numbers");
        }
      }
    }
  }
  return CSIM_OK;
}

struct StepJob {
  CSimVecEnv* env;
  const void* actions;
  const CSimStepBuffers* buffers;
};


void step_chunk(void* context, int32_t begin, int32_t end) {
  const StepJob& job = *static_cast<const StepJob*>(context);
  CSimVecEnv& v = *job.env;
  const CSimStepBuffers& b = *job.buffers;
  const int32_t info_dim = v.spec.info_dim;
  const bool continuous = v.spec.action_kind == CSIM_ACTION_CONTINUOUS;
  uint8_t* obs = static_cast<uint8_t*>(b.observations);
  uint8_t* final_obs = static_cast<uint8_t*>(b.final_observations);
  float* info = b.info != nullptr ? b.info : v.info_scratch.data();
  float* reset_info = b.reset_info != nullptr ? b.reset_info : v.reset_scratch.data();
  const uint8_t* actions = static_cast<const uint8_t*>(job.actions);
  float clipped[kMaxActionDim];
  for (int32_t i = begin; i < end; ++i) {
    uint8_t* o = obs + v.observation_bytes * i;
    float* row = info + static_cast<size_t>(info_dim) * i;
    const void* action = actions + v.action_bytes * i;
    if (continuous) {
      const float* a = static_cast<const float*>(action);
      for (int32_t k = 0; k < v.spec.action_dim; ++k) {
        clipped[k] = std::fmin(std::fmax(a[k], v.spec.action_low), v.spec.action_high);
      }
      action = clipped;
    }
    csim::StepResult r = v.envs[i]->step(v.rngs[i], action, o, row);
    b.rewards[i] = r.reward;
    b.terminated[i] = r.terminated ? 1 : 0;
    b.truncated[i] = r.truncated ? 1 : 0;
    if (r.terminated || r.truncated) {
      if (final_obs != nullptr) std::memcpy(final_obs + v.observation_bytes * i, o, v.observation_bytes);
      v.envs[i]->reset(v.rngs[i], o, reset_info + static_cast<size_t>(info_dim) * i);
    }
  }
}

}  // namespace

extern "C" {

CSimStatus csim_vec_env_reset(CSimVecEnv* env, const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in reset", [&] {
    CSimStatus s = check_buffers(env, buffers, false);
    if (s != CSIM_OK) return s;
    uint8_t* obs = static_cast<uint8_t*>(buffers->observations);
    float* info = buffers->info != nullptr ? buffers->info : env->info_scratch.data();
    const size_t info_dim = static_cast<size_t>(env->spec.info_dim);
    for (int32_t i = 0; i < env->num_envs; ++i) {
      env->envs[i]->reset(env->rngs[i], obs + env->observation_bytes * i, info + info_dim * i);
      if (buffers->rewards != nullptr) buffers->rewards[i] = 0.0f;
      if (buffers->terminated != nullptr) buffers->terminated[i] = 0;
      if (buffers->truncated != nullptr) buffers->truncated[i] = 0;
    }
    env->has_reset = true;
    return CSIM_OK;
  });
}

CSimStatus csim_vec_env_step_range(CSimVecEnv* env, int32_t begin, int32_t end, const void* actions,
                                   int64_t actions_length, const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in step_range", [&] {
    // Concurrent failing ranges may overwrite each other's last_error message, but the
    // status each caller gets is its own.
    if (begin < 0 || end > env->num_envs || begin > end) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "range [" + std::to_string(begin) + ", " + std::to_string(end) +
                                                        ") is not within [0, " + std::to_string(env->num_envs) + ")");
    }
    if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset before step");
    CSimStatus s = check_buffers(env, buffers, true);
    if (s != CSIM_OK) return s;
    s = check_actions(env, begin, end, actions, actions_length);
    if (s != CSIM_OK) return s;
    StepJob job{env, actions, buffers};
    step_chunk(&job, begin, end);
    return CSIM_OK;
  });
}

CSimStatus csim_vec_env_step(CSimVecEnv* env, const void* actions, int64_t actions_length,
                             const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in step", [&] {
    if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset before step");
    CSimStatus s = check_buffers(env, buffers, true);
    if (s != CSIM_OK) return s;
    s = check_actions(env, 0, env->num_envs, actions, actions_length);
    if (s != CSIM_OK) return s;
    StepJob job{env, actions, buffers};
    env->pool->run(step_chunk, &job, env->num_envs);
    return CSIM_OK;
  });
}

}  // extern "C"
