// The one place where the C ABI catches C++ exceptions. Every extern "C" entry point that can
// throw runs its body inside `guarded`, so each exception maps to the same status and message
// whichever call it escapes from, and none reaches a C, Swift or Python caller.
#pragma once
#include <cstddef>
#include <new>
#include <string>

#include "vec_env_internal.hpp"

namespace csim {
namespace abi {

// Where a failed call's message goes: the handle's last error (csim_vec_env_last_error), a
// caller's error buffer (creation, which has no handle yet), or nowhere (calls whose only way
// to say they failed is the value they return).
struct ErrorSink {
  const CSimVecEnv* env = nullptr;
  char* buffer = nullptr;
  size_t capacity = 0;

  static ErrorSink handle(const CSimVecEnv* env) { return {env, nullptr, 0}; }
  static ErrorSink caller_buffer(char* buffer, size_t capacity) { return {nullptr, buffer, capacity}; }
  static ErrorSink nowhere() { return {}; }
};

// Records the message made of `parts` in the sink and returns status. Never throws: when there
// is no memory left even for the message, a fixed text stands in for it in a caller's buffer.
inline CSimStatus report(const ErrorSink& sink, CSimStatus status, const char* part0, const char* part1 = "",
                         const char* part2 = "", const char* part3 = "") noexcept {
  try {
    const std::string message = std::string(part0) + part1 + part2 + part3;
    if (sink.env != nullptr) fail(sink.env, status, message);
    write_message(sink.buffer, sink.capacity, message);
  } catch (...) {
    static const char kFallback[] = "out of memory (the message could not be written)";
    if (sink.buffer != nullptr && sink.capacity > 0) {
      const size_t n = sink.capacity - 1 < sizeof(kFallback) - 1 ? sink.capacity - 1 : sizeof(kFallback) - 1;
      for (size_t i = 0; i < n; ++i) sink.buffer[i] = kFallback[i];
      sink.buffer[n] = '\0';
    }
  }
  return status;
}

// Runs `body` (which returns a CSimStatus) and turns whatever it throws into a status and a
// message in `sink`. `doing` completes the messages, e.g. "in step" or "creating 8 environments":
//   csim::InvalidArgument   -> CSIM_ERROR_INVALID_ARGUMENT, its own message (bad options)
//   csim::Unavailable       -> CSIM_ERROR_UNAVAILABLE, its own message (what to install)
//   csim::ThreadStartError  -> CSIM_ERROR_OUT_OF_MEMORY, its message and what to change
//   std::bad_alloc          -> CSIM_ERROR_OUT_OF_MEMORY, "out of memory <doing>"
//   anything else           -> CSIM_ERROR_INTERNAL, "internal error <doing>: <what()>"
//                              ("unexpected C++ exception <doing>" when it is no std::exception)
template <class Body>
CSimStatus guarded(const ErrorSink& sink, const char* doing, Body&& body) noexcept {
  try {
    return body();
  } catch (const InvalidArgument& e) {
    return report(sink, CSIM_ERROR_INVALID_ARGUMENT, e.what());
  } catch (const Unavailable& e) {
    return report(sink, CSIM_ERROR_UNAVAILABLE, e.what());
  } catch (const ThreadStartError& e) {
    return report(sink, CSIM_ERROR_OUT_OF_MEMORY, e.what(),
                  "; ask for fewer threads with num_threads (0 means one per core)");
  } catch (const std::bad_alloc&) {
    return report(sink, CSIM_ERROR_OUT_OF_MEMORY, "out of memory ", doing);
  } catch (const std::exception& e) {
    return report(sink, CSIM_ERROR_INTERNAL, "internal error ", doing, ": ", e.what());
  } catch (...) {
    return report(sink, CSIM_ERROR_INTERNAL, "unexpected C++ exception ", doing);
  }
}

// The same for an entry point on a handle: the message becomes the handle's last error.
template <class Body>
CSimStatus guarded(const CSimVecEnv* env, const char* doing, Body&& body) noexcept {
  return guarded(ErrorSink::handle(env), doing, static_cast<Body&&>(body));
}

// CSIM_OK when a stored observation holds only numbers an env could have written (finite,
// within the spec's bounds); else CSIM_ERROR_INVALID_ARGUMENT naming the element.
CSimStatus check_numbers(const CSimVecEnv* env, const void* observation);

}  // namespace abi
}  // namespace csim
