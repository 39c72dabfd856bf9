// The C ABI: library queries, creation and the handle's getters. Stepping lives in
// vec_env_step.cpp, captions and names in vec_env_text.cpp.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "guard.hpp"

using namespace csim::abi;

namespace {

using csim::EnvKind;

std::string valid_ids() {
  std::string ids;
  for (const EnvKind* kind : csim::registered_kinds()) {
    if (!ids.empty()) ids += ", ";
    ids += kind->id();
  }
  return ids;
}

// Threads that can help a batch: no more than its envs, and no more than a few per hardware
// thread. Workers spin while they wait, so beyond the cores they only take turns (1,000
// threads on 2 cores made a step 800 times slower); a small multiple still lets tests of
// thread counts run on small machines.
int32_t thread_count(int32_t requested, int32_t num_envs) {
  const int64_t hardware = csim::hardware_threads();
  const int64_t useful = std::min<int64_t>(CSIM_MAX_THREADS, 4 * hardware);
  const int64_t wanted = requested == 0 ? hardware : requested;
  return static_cast<int32_t>(std::min({wanted, useful, static_cast<int64_t>(num_envs)}));
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

// The registry is built on first use, which allocates: these calls say a failure by their value.
int32_t csim_env_count(void) {
  int32_t count = 0;
  guarded(ErrorSink::nowhere(), "counting environments", [&] {
    count = static_cast<int32_t>(csim::registered_kinds().size());
    return CSIM_OK;
  });
  return count;
}

const char* csim_env_id(int32_t index) {
  const char* id = nullptr;
  guarded(ErrorSink::nowhere(), "listing environments", [&] {
    const auto& kinds = csim::registered_kinds();
    if (index >= 0 && static_cast<size_t>(index) < kinds.size()) id = kinds[static_cast<size_t>(index)]->id();
    return CSIM_OK;
  });
  return id;
}

CSimStatus csim_env_spec(const char* id, CSimSpec* spec) {
  if (id == nullptr || spec == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(ErrorSink::nowhere(), "in env_spec", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) return CSIM_ERROR_UNKNOWN_ENV;
    CSimOptions options;
    csim_options_default(&options);
    *spec = kind->spec(options);
    return CSIM_OK;
  });
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
    case CSIM_ERROR_UNAVAILABLE: return "unavailable";
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
  // Formatted without allocating, so that the guard can use it when memory has run out.
  char creating[64];
  std::snprintf(creating, sizeof(creating), "creating %d environments", static_cast<int>(num_envs));
  return guarded(ErrorSink::caller_buffer(error, error_capacity), creating, [&] {
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
    if (opts.num_threads < 0 || opts.num_threads > CSIM_MAX_THREADS) {
      write_message(error, error_capacity,
                    "num_threads must be 0 (all cores) or 1..." + std::to_string(CSIM_MAX_THREADS) + "; got " +
                        std::to_string(opts.num_threads));
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
    v->pool.reset(new csim::WorkerPool(thread_count(opts.num_threads, num_envs)));
    *out = v.release();
    return CSIM_OK;
  });
}

void csim_vec_env_destroy(CSimVecEnv* env) {
  guarded(ErrorSink::nowhere(), "in destroy", [&] {
    delete env;
    return CSIM_OK;
  });
}

CSimStatus csim_vec_env_get_spec(const CSimVecEnv* env, CSimSpec* spec) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in get_spec", [&] {
    if (spec == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "spec is NULL");
    *spec = env->spec;
    return CSIM_OK;
  });
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
  const char* message = "the last error could not be read (its lock failed)";
  guarded(ErrorSink::nowhere(), "in last_error", [&] {
    std::lock_guard<std::mutex> lock(env->error_mutex);
    message = env->last_error.c_str();
    return CSIM_OK;
  });
  return message;
}

}  // extern "C"
