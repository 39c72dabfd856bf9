// Error plumbing shared by every entry point: validation throws cnet::Error inside the library,
// and `guarded` turns any exception into a status plus a thread-local message at the C boundary.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "cnet.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace cnet {

// Flush-to-zero and denormals-are-zero for the duration of a kernel call, restored after.
// Learning drives values into the denormal range (Adam's second moments of rarely touched
// weights decay by β₂ each step; tiny gradients), where x86 arithmetic is up to ~100× slower:
// measured, the PPO update on DoorKey took 18.4 µs per step with them and 13.4 without.
// Values below 1.2e-38 become 0, which no learner here can tell apart.
class DenormalsAsZero {
 public:
#if defined(__x86_64__) || defined(_M_X64)
  DenormalsAsZero() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }
  ~DenormalsAsZero() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#endif
};

struct Error {
  CNetStatus status;
  std::string message;
};

// Records the message read back by cnet_last_error on this thread.
void set_last_error(const std::string& message);

[[noreturn]] inline void fail(CNetStatus status, std::string message) {
  throw Error{status, std::move(message)};
}

inline void require_pointer(const void* pointer, const char* name) {
  if (pointer == nullptr) fail(CNET_ERROR_NULL_POINTER, std::string(name) + " is NULL");
}

// A buffer named `name` must hold at least `needed` elements.
inline void require_length(int64_t length, int64_t needed, const char* name) {
  if (length < needed) {
    fail(CNET_ERROR_BUFFER_TOO_SMALL, std::string(name) + " has " + std::to_string(length) +
                                          " elements, needs " + std::to_string(needed));
  }
}

// A required buffer: non-NULL and long enough.
inline void require_buffer(const void* pointer, int64_t length, int64_t needed, const char* name) {
  require_pointer(pointer, name);
  require_length(length, needed, name);
}

// An optional buffer: NULL is fine, otherwise long enough.
inline void check_optional(const void* pointer, int64_t length, int64_t needed, const char* name) {
  if (pointer != nullptr) require_length(length, needed, name);
}

inline void require_positive(int64_t value, const char* name) {
  if (value <= 0) {
    fail(CNET_ERROR_INVALID_ARGUMENT, std::string(name) + " must be positive, got " + std::to_string(value));
  }
}

// Runs `body` and converts whatever it throws into a status; nothing escapes into C or Swift.
template <class Body>
CNetStatus guarded(Body&& body) noexcept {
  DenormalsAsZero flush;
  try {
    body();
    return CNET_OK;
  } catch (const Error& e) {
    set_last_error(e.message);
    return e.status;
  } catch (const std::bad_alloc&) {
    set_last_error("out of memory");
    return CNET_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    set_last_error(std::string("internal error: ") + e.what());
    return CNET_ERROR_INTERNAL;
  } catch (...) {
    set_last_error("internal error: unknown exception");
    return CNET_ERROR_INTERNAL;
  }
}

// Copies a message into a caller's NUL-terminated buffer, truncating if needed.
inline void copy_message(const std::string& message, char* buffer, size_t capacity) {
  if (buffer == nullptr || capacity == 0) return;
  size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
  std::memcpy(buffer, message.data(), n);
  buffer[n] = '\0';
}

}  // namespace cnet
