/*
 * csim_testing.h — entry points for tests of the simulation core, and nothing a host needs.
 *
 * Kept out of csim.h (the public ABI) and out of the CSim library: the Swift package builds them
 * as the CSimTesting target, which only test targets depend on; the Python package never has
 * them. Same conventions as csim.h: every fallible call returns a CSimStatus, and the message of
 * a failure on a handle is read with csim_vec_env_last_error.
 */
#ifndef CSIM_TESTING_H
#define CSIM_TESTING_H

#include "csim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Corrupts env `index`'s physics state (flings a body at 1 km/s) so that its next step detects
 * a fault (see csim_vec_env_fault_count). Needs a reset first; environments without physics give
 * CSIM_ERROR_INVALID_ARGUMENT. */
CSimStatus csim_vec_env_inject_fault(CSimVecEnv* env, int32_t index);

/* What csim_testing_throw throws inside the C boundary's exception guard. */
typedef enum CSimTestingException {
  CSIM_TESTING_BAD_ALLOC = 0,          /* std::bad_alloc */
  CSIM_TESTING_INVALID_ARGUMENT = 1,   /* the core's own error for bad options */
  CSIM_TESTING_THREAD_START = 2,       /* the worker pool's error when the system refuses a thread */
  CSIM_TESTING_RUNTIME_ERROR = 3,      /* any other std::exception */
  CSIM_TESTING_NOT_AN_EXCEPTION = 4    /* a thrown int: no std::exception at all */
} CSimTestingException;

/* Throws `exception` inside the guard that every entry point of csim.h runs in, and returns the
 * status the guard makes of it. The message goes to env's last error, or, when env is NULL, into
 * error (Nullable, error_capacity bytes) as at creation. An exception kind out of range gives
 * CSIM_ERROR_INVALID_ARGUMENT without throwing. */
CSimStatus csim_testing_throw(const CSimVecEnv* env, int32_t exception, char* error, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif /* CSIM_TESTING_H */
