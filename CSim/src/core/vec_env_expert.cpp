// The C ABI's privileged helpers: scripted expert actions and the fault counter. Kept apart
// from stepping: none of it is on the hot path. (Fault injection, for tests only, lives in
// CSim/testing.)
#include <string>

#include "guard.hpp"

using namespace csim::abi;

extern "C" {

CSimStatus csim_vec_env_expert_actions(const CSimVecEnv* env, float* actions, int64_t actions_length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in expert_actions", [&] {
    if (actions == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "actions is NULL");
    // Discrete spaces get one float per env, the action's index (action_dim is 1 for them).
    const int64_t dim = env->spec.action_kind == CSIM_ACTION_CONTINUOUS ? env->spec.action_dim : 1;
    const int64_t needed = static_cast<int64_t>(env->num_envs) * dim;
    if (actions_length < needed) {
      return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "actions has " + std::to_string(actions_length) +
                                                        " elements; it needs " + std::to_string(needed) +
                                                        " (num_envs x action_dim)");
    }
    if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset before asking for expert actions");
    for (int32_t i = 0; i < env->num_envs; ++i) {
      if (!env->envs[i]->expert_action(actions + dim * i)) {
        return fail(env, CSIM_ERROR_INVALID_ARGUMENT, std::string(env->spec.id) + " has no scripted expert");
      }
    }
    return CSIM_OK;
  });
}

int64_t csim_vec_env_fault_count(const CSimVecEnv* env) {
  if (env == nullptr) return 0;
  int64_t total = 0;
  for (const auto& e : env->envs) total += e->fault_count();
  return total;
}

}  // extern "C"
