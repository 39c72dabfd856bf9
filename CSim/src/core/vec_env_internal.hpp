// Private to the C ABI's implementation: the handle's layout and the helpers that every
// group of entry points (vec_env.cpp, vec_env_step.cpp, vec_env_text.cpp) shares.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "env.hpp"
#include "worker_pool.hpp"

// The opaque handle of csim.h: one batch of environments and everything stepping it needs.
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

namespace csim {
namespace abi {

// Continuous actions are clipped to the box (as MetaWorld does) into this many floats on the stack.
constexpr int32_t kMaxActionDim = 64;

size_t dtype_size(CSimDType dtype);

// Writes message into a caller's error buffer, cut to fit and NUL-terminated. Nullable buffer.
void write_message(char* buffer, size_t capacity, const std::string& message);

// Records message as the handle's last error and returns status.
CSimStatus fail(const CSimVecEnv* env, CSimStatus status, const std::string& message);

// Copies a text result into a caller buffer with the header's truncation rules.
CSimStatus copy_text(const CSimVecEnv* env, const std::string& text, char* buffer, size_t capacity, size_t* length);

// CSIM_OK when index names an env of a batch that has been reset; otherwise records why.
CSimStatus check_index(const CSimVecEnv* env, int32_t index);

// "<action> is out of range; allowed actions are 0...<n-1>".
std::string out_of_range_action(const CSimVecEnv* env, int32_t action);

}  // namespace abi
}  // namespace csim
