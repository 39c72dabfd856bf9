// The C ABI's set-state entry point: an env starts an episode from a state given as JSON (for
// conformance against reference implementations). Parsing happens here, once for every family.
#include <string>
#include <vector>

#include "guard.hpp"
#include "json.hpp"

using namespace csim::abi;

extern "C" {

CSimStatus csim_vec_env_set_state_json(CSimVecEnv* env, int32_t index, const char* json, void* observation,
                                       int64_t observation_length, float* info, int64_t info_length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in set_state_json", [&] {
    if (json == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "json is NULL");
    if (CSimStatus s = check_index(env, index); s != CSIM_OK) return s;
    if (observation != nullptr && observation_length < env->spec.observation_size) {
      return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "observation has " + std::to_string(observation_length) +
                                                        " elements; it needs " +
                                                        std::to_string(env->spec.observation_size));
    }
    if (info != nullptr && info_length < env->spec.info_dim) {
      return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "info has " + std::to_string(info_length) +
                                                        " elements; it needs " + std::to_string(env->spec.info_dim));
    }
    const csim::json::Value state = csim::json::parse(json);
    std::vector<uint8_t> obs_scratch(observation == nullptr ? env->observation_bytes : 0);
    std::vector<float> info_scratch(static_cast<size_t>(env->spec.info_dim));
    void* obs = observation != nullptr ? observation : obs_scratch.data();
    if (!env->envs[static_cast<size_t>(index)]->load_state(state, obs, info_scratch.data())) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, std::string(env->spec.id) + " cannot load states");
    }
    if (info != nullptr) std::copy(info_scratch.begin(), info_scratch.end(), info);
    return CSIM_OK;
  });
}

}  // extern "C"
