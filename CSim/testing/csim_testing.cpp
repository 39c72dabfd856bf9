// Test-only entry points (csim_testing.h). They reach into the core's private handle and its
// exception guard, so they are compiled with the core's private headers but linked only into tests.
#include "csim_testing.h"

#include <new>
#include <stdexcept>
#include <string>

#include "../src/core/guard.hpp"

using namespace csim::abi;

extern "C" {

CSimStatus csim_vec_env_inject_fault(CSimVecEnv* env, int32_t index) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in inject_fault", [&] {
    CSimStatus s = check_index(env, index);
    if (s != CSIM_OK) return s;
    if (!env->envs[index]->inject_fault()) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, std::string(env->spec.id) + " has no physics to corrupt");
    }
    return CSIM_OK;
  });
}

CSimStatus csim_testing_throw(const CSimVecEnv* env, int32_t exception, char* error, size_t error_capacity) {
  const ErrorSink sink = env != nullptr ? ErrorSink::handle(env) : ErrorSink::caller_buffer(error, error_capacity);
  return guarded(sink, "in testing_throw", [&]() -> CSimStatus {
    switch (exception) {
      case CSIM_TESTING_BAD_ALLOC: throw std::bad_alloc();
      case CSIM_TESTING_INVALID_ARGUMENT: throw csim::InvalidArgument("the option is out of range (thrown by a test)");
      case CSIM_TESTING_THREAD_START: throw csim::ThreadStartError("the system refused a thread (thrown by a test)");
      case CSIM_TESTING_RUNTIME_ERROR: throw std::runtime_error("a bug (thrown by a test)");
      case CSIM_TESTING_NOT_AN_EXCEPTION: throw 7;
    }
    return report(sink, CSIM_ERROR_INVALID_ARGUMENT, "exception kind out of range: see CSimTestingException");
  });
}

}  // extern "C"
