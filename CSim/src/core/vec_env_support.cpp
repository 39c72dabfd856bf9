#include <cstring>

#include "vec_env_internal.hpp"

namespace csim {
namespace abi {

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

CSimStatus check_index(const CSimVecEnv* env, int32_t index) {
  if (index < 0 || index >= env->num_envs) {
    return fail(env, CSIM_ERROR_INVALID_ARGUMENT,
                "env index " + std::to_string(index) + " is not within [0, " + std::to_string(env->num_envs) + ")");
  }
  if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset first: no episode has started yet");
  return CSIM_OK;
}

std::string out_of_range_action(const CSimVecEnv* env, int32_t action) {
  return std::to_string(action) + " is out of range; allowed actions are 0..." +
         std::to_string(env->spec.num_actions - 1);
}

}  // namespace abi
}  // namespace csim
