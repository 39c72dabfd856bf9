// The C ABI: batching, validation, autoreset and threading for every environment.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "env.hpp"
#include "worker_pool.hpp"

struct CSimVecEnv {
  const csim::EnvKind* kind = nullptr;
  CSimSpec spec{};
  CSimOptions options{};
  int32_t num_envs = 0;
  size_t observation_bytes = 0;  // per env
  size_t action_bytes = 0;       // per env
  std::vector<std::unique_ptr<csim::Env>> envs;
  std::vector<csim::Rng> rngs;
  std::vector<float> info_scratch;  // (num_envs x info_dim): info when the caller gives none
  std::vector<float> reset_scratch; // (num_envs x info_dim): info of an autoreset nobody asked for
  std::vector<const char*> info_names;
  std::vector<const char*> event_names;
  std::unique_ptr<csim::WorkerPool> pool;
  bool has_reset = false;
  // Guarded: re-entrant step_range calls on disjoint ranges may fail at the same time.
  mutable std::mutex error_mutex;
  mutable std::string last_error;
};

namespace {

using csim::EnvKind;

size_t dtype_size(CSimDType dtype) {
  switch (dtype) {
    case CSIM_DTYPE_UINT8: return 1;
    case CSIM_DTYPE_INT32: return 4;
    case CSIM_DTYPE_FLOAT32: return 4;
  }
  return 1;
}

void write_message(char* buffer, size_t capacity, const std::string& message) {
  if (buffer == nullptr || capacity == 0) return;
  size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
  std::memcpy(buffer, message.data(), n);
  buffer[n] = '\0';
}

CSimStatus fail(const CSimVecEnv* env, CSimStatus status, const std::string& message) {
  if (env != nullptr) {
    std::lock_guard<std::mutex> lock(env->error_mutex);
    env->last_error = message;
  }
  return status;
}

std::string valid_ids() {
  std::string ids;
  for (const EnvKind* kind : csim::registered_kinds()) {
    if (!ids.empty()) ids += ", ";
    ids += kind->id();
  }
  return ids;
}

// Copies a text result into a caller buffer with the header's truncation rules.
CSimStatus copy_text(const CSimVecEnv* env, const std::string& text, char* buffer, size_t capacity, size_t* length) {
  if (length != nullptr) *length = text.size();
  if (buffer == nullptr || capacity == 0) {
    return fail(env, CSIM_ERROR_NULL_POINTER, "the text buffer is NULL or has capacity 0; the text needs " +
                                                  std::to_string(text.size() + 1) + " bytes");
  }
  write_message(buffer, capacity, text);
  if (text.size() + 1 > capacity) {
    return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "the text needs " + std::to_string(text.size() + 1) +
                                                      " bytes with its NUL; the buffer has " + std::to_string(capacity));
  }
  return CSIM_OK;
}

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
        return fail(env, CSIM_ERROR_INVALID_ACTION, "env " + std::to_string(i) + ": action " + std::to_string(a[i]) +
                                                        " is out of range; allowed actions are 0..." +
                                                        std::to_string(n - 1));
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

// Continuous actions are clipped to the box (as MetaWorld does) into this many floats on the stack.
constexpr int32_t kMaxActionDim = 64;

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

CSimStatus guard(const CSimVecEnv* env, const char* what) {
  return fail(env, CSIM_ERROR_INTERNAL, std::string("unexpected C++ exception in ") + what);
}

}  // namespace

extern "C" {

int32_t csim_abi_version(void) { return CSIM_ABI_VERSION; }

void csim_options_default(CSimOptions* options) {
  if (options == nullptr) return;
  options->num_threads = 0;
  options->max_episode_steps = 0;
  options->reward_kind = 0;
}

int32_t csim_env_count(void) {
  try {
    return static_cast<int32_t>(csim::registered_kinds().size());
  } catch (...) {
    return 0;
  }
}

const char* csim_env_id(int32_t index) {
  try {
    const auto& kinds = csim::registered_kinds();
    if (index < 0 || static_cast<size_t>(index) >= kinds.size()) return nullptr;
    return kinds[static_cast<size_t>(index)]->id();
  } catch (...) {
    return nullptr;
  }
}

CSimStatus csim_env_spec(const char* id, CSimSpec* spec) {
  if (id == nullptr || spec == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) return CSIM_ERROR_UNKNOWN_ENV;
    CSimOptions options;
    csim_options_default(&options);
    *spec = kind->spec(options);
    return CSIM_OK;
  } catch (...) {
    return CSIM_ERROR_INTERNAL;
  }
}

const char* csim_status_name(CSimStatus status) {
  switch (status) {
    case CSIM_OK: return "ok";
    case CSIM_ERROR_UNKNOWN_ENV: return "unknown environment";
    case CSIM_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case CSIM_ERROR_NULL_POINTER: return "null pointer";
    case CSIM_ERROR_BUFFER_TOO_SMALL: return "buffer too small";
    case CSIM_ERROR_INVALID_ACTION: return "invalid action";
    case CSIM_ERROR_OUT_OF_MEMORY: return "out of memory";
    case CSIM_ERROR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

CSimStatus csim_vec_env_create(const char* id, int32_t num_envs, uint64_t seed, const CSimOptions* options,
                               CSimVecEnv** out, char* error, size_t error_capacity) {
  if (error != nullptr && error_capacity > 0) error[0] = '\0';
  if (out == nullptr) {
    write_message(error, error_capacity, "out is NULL: pass the address of a CSimVecEnv* to receive the handle");
    return CSIM_ERROR_NULL_POINTER;
  }
  *out = nullptr;
  try {
    if (id == nullptr) {
      write_message(error, error_capacity, "id is NULL; valid ids: " + valid_ids());
      return CSIM_ERROR_NULL_POINTER;
    }
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) {
      write_message(error, error_capacity, "unknown environment id '" + std::string(id) + "'; valid ids: " + valid_ids());
      return CSIM_ERROR_UNKNOWN_ENV;
    }
    if (num_envs <= 0) {
      write_message(error, error_capacity,
                    "num_envs must be at least 1; got " + std::to_string(num_envs));
      return CSIM_ERROR_INVALID_ARGUMENT;
    }
    CSimOptions opts;
    csim_options_default(&opts);
    if (options != nullptr) opts = *options;
    if (opts.num_threads < 0) {
      write_message(error, error_capacity,
                    "num_threads must be 0 (all cores) or positive; got " + std::to_string(opts.num_threads));
      return CSIM_ERROR_INVALID_ARGUMENT;
    }
    std::unique_ptr<CSimVecEnv> v(new CSimVecEnv());
    v->kind = kind;
    v->options = opts;
    v->spec = kind->spec(opts);
    v->num_envs = num_envs;
    v->observation_bytes = dtype_size(v->spec.observation_dtype) * static_cast<size_t>(v->spec.observation_size);
    v->action_bytes = (v->spec.action_kind == CSIM_ACTION_DISCRETE ? sizeof(int32_t) : sizeof(float)) *
                      static_cast<size_t>(v->spec.action_dim);
    if (v->spec.action_kind == CSIM_ACTION_CONTINUOUS && v->spec.action_dim > kMaxActionDim) {
      write_message(error, error_capacity, "internal: action_dim above " + std::to_string(kMaxActionDim));
      return CSIM_ERROR_INTERNAL;
    }
    v->envs.reserve(static_cast<size_t>(num_envs));
    v->rngs.reserve(static_cast<size_t>(num_envs));
    for (int32_t i = 0; i < num_envs; ++i) {
      v->envs.push_back(kind->make(opts));
      v->rngs.emplace_back(seed, static_cast<uint64_t>(i));
    }
    const size_t info_total = static_cast<size_t>(num_envs) * static_cast<size_t>(v->spec.info_dim);
    v->info_scratch.assign(info_total, 0.0f);
    v->reset_scratch.assign(info_total, 0.0f);
    v->info_names = {"success", "progress", "event", "episode_step"};
    for (const char* name : kind->extra_info_names()) v->info_names.push_back(name);
    v->event_names = kind->event_names();
    int32_t threads = opts.num_threads == 0 ? csim::hardware_threads() : opts.num_threads;
    if (threads > num_envs) threads = num_envs;
    v->pool.reset(new csim::WorkerPool(threads));
    *out = v.release();
    return CSIM_OK;
  } catch (const csim::InvalidArgument& e) {
    write_message(error, error_capacity, e.what());
    return CSIM_ERROR_INVALID_ARGUMENT;
  } catch (const std::bad_alloc&) {
    write_message(error, error_capacity, "out of memory creating " + std::to_string(num_envs) + " environments");
    return CSIM_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    write_message(error, error_capacity, std::string("internal error: ") + e.what());
    return CSIM_ERROR_INTERNAL;
  } catch (...) {
    write_message(error, error_capacity, "internal error: unknown exception");
    return CSIM_ERROR_INTERNAL;
  }
}

void csim_vec_env_destroy(CSimVecEnv* env) {
  try {
    delete env;
  } catch (...) {
  }
}

CSimStatus csim_vec_env_get_spec(const CSimVecEnv* env, CSimSpec* spec) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  if (spec == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "spec is NULL");
  *spec = env->spec;
  return CSIM_OK;
}

int32_t csim_vec_env_num_envs(const CSimVecEnv* env) { return env == nullptr ? 0 : env->num_envs; }

int32_t csim_vec_env_num_threads(const CSimVecEnv* env) { return env == nullptr ? 0 : env->pool->num_threads(); }

const char* csim_vec_env_info_name(const CSimVecEnv* env, int32_t column) {
  if (env == nullptr || column < 0 || static_cast<size_t>(column) >= env->info_names.size()) return nullptr;
  return env->info_names[static_cast<size_t>(column)];
}

const char* csim_vec_env_event_name(const CSimVecEnv* env, int32_t event) {
  if (env == nullptr || event < 0 || static_cast<size_t>(event) >= env->event_names.size()) return nullptr;
  return env->event_names[static_cast<size_t>(event)];
}

const char* csim_vec_env_last_error(const CSimVecEnv* env) {
  if (env == nullptr) return "env is NULL";
  std::lock_guard<std::mutex> lock(env->error_mutex);
  return env->last_error.c_str();
}

CSimStatus csim_vec_env_reset(CSimVecEnv* env, const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
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
  } catch (...) {
    return guard(env, "reset");
  }
}

CSimStatus csim_vec_env_step_range(CSimVecEnv* env, int32_t begin, int32_t end, const void* actions,
                                   int64_t actions_length, const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
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
  } catch (...) {
    return guard(env, "step_range");
  }
}

CSimStatus csim_vec_env_step(CSimVecEnv* env, const void* actions, int64_t actions_length,
                             const CSimStepBuffers* buffers) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset before step");
    CSimStatus s = check_buffers(env, buffers, true);
    if (s != CSIM_OK) return s;
    s = check_actions(env, 0, env->num_envs, actions, actions_length);
    if (s != CSIM_OK) return s;
    StepJob job{env, actions, buffers};
    env->pool->run(step_chunk, &job, env->num_envs);
    return CSIM_OK;
  } catch (...) {
    return guard(env, "step");
  }
}

CSimStatus csim_vec_env_caption(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (index < 0 || index >= env->num_envs) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "env index " + std::to_string(index) + " is not within [0, " +
                                                        std::to_string(env->num_envs) + ")");
    }
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

CSimStatus csim_vec_env_action_name(const CSimVecEnv* env, int32_t action, char* buffer, size_t capacity,
                                    size_t* length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  try {
    if (env->spec.action_kind != CSIM_ACTION_DISCRETE) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "actions of a continuous space have no names");
    }
    if (action < 0 || action >= env->spec.num_actions) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "action " + std::to_string(action) +
                                                        " is out of range; allowed actions are 0..." +
                                                        std::to_string(env->spec.num_actions - 1));
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
    if (index < 0 || index >= env->num_envs) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "env index " + std::to_string(index) + " is not within [0, " +
                                                        std::to_string(env->num_envs) + ")");
    }
    return copy_text(env, env->envs[static_cast<size_t>(index)]->render_text(), buffer, capacity, length);
  } catch (...) {
    return guard(env, "render_text");
  }
}

}  // extern "C"
