// Status names, the ABI version and the thread-local last-error message.
#include "errors.hpp"

namespace {
// Thread-local so the stateless kernels (heads, Adam, clipping) can report on any thread.
thread_local std::string last_error_message;
}  // namespace

void cnet::set_last_error(const std::string& message) { last_error_message = message; }

extern "C" int32_t cnet_abi_version(void) { return CNET_ABI_VERSION; }

extern "C" const char* cnet_last_error(void) { return last_error_message.c_str(); }

extern "C" const char* cnet_status_name(CNetStatus status) {
  switch (status) {
    case CNET_OK: return "ok";
    case CNET_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case CNET_ERROR_NULL_POINTER: return "null pointer";
    case CNET_ERROR_BUFFER_TOO_SMALL: return "buffer too small";
    case CNET_ERROR_INVALID_STATE: return "invalid state";
    case CNET_ERROR_OUT_OF_MEMORY: return "out of memory";
    case CNET_ERROR_INTERNAL: return "internal error";
  }
  return "unknown status";
}
