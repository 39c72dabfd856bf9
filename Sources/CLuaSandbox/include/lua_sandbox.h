// A Lua 5.4 state for untrusted reward programs: no files, processes, clock, module loading,
// bytecode, debug or GC control; a byte cap on its memory, and per call an instruction budget
// and a time limit (on the host's clock, which the program cannot read).
// Every call returns 0 on success or -1 with a message in `error` (never aborts the host).
#ifndef LUA_SANDBOX_H
#define LUA_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LuaSandbox LuaSandbox;

// NULL when even the empty state does not fit `memory_limit` bytes.
LuaSandbox* lua_sandbox_new(size_t memory_limit, int64_t instruction_budget, double time_limit_seconds);
void lua_sandbox_free(LuaSandbox* sandbox);

// Declares the next part of the inputs, in order: `size` numbers (a 1-based array) or, with
// `is_scalar`, one number, under obs[name] (or state[name] for the second table).
int lua_sandbox_add_part(LuaSandbox* sandbox, int table, const char* name, int32_t size, int is_scalar,
                         char* error, size_t error_size);

// Compiles `code` as text (a bytecode chunk is refused), runs it under the budget, and checks
// that it defined a global function `reward`.
int lua_sandbox_load(LuaSandbox* sandbox, const char* code, size_t length, char* error, size_t error_size);

// Calls reward(obs[, state]) with the parts filled from `values` (every part's numbers, in
// order) under the budget; the result must be a finite number.
int lua_sandbox_call(LuaSandbox* sandbox, const double* values, size_t count, double* result, char* error,
                     size_t error_size);

// Bytes the state holds now, and the most it ever held.
size_t lua_sandbox_memory_in_use(const LuaSandbox* sandbox);

#ifdef __cplusplus
}
#endif

#endif
