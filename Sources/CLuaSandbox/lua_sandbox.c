// See lua_sandbox.h. Why Lua and how it is confined: docs/llm-rewards.md, "Reward as code".
#include "lua_sandbox.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// The count hook runs every this many VM instructions: cheap, and a budget overrun is caught
// within this many instructions.
#define HOOK_INTERVAL 100

// Instructions do not bound time: one instruction can call table.sort on a large table, and a
// short loop can do so many times. So the hook also checks a deadline on the host's clock (the
// program has none), at every count hook and before every function call; a call then overruns
// by at most one C function, itself bounded by the memory cap. The limit is on the time the call
// itself ran: a deadline passed on a loaded machine, where the thread waited for a core, is
// checked against the thread's CPU time and moved on by what is left (a program was rejected
// that way, at a load average of 19, on a sample it evaluates in about 1 ms).
static double thread_cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double now_seconds(void) {
  struct timespec t;
#ifdef CLOCK_MONOTONIC_COARSE
  clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
#else
  clock_gettime(CLOCK_MONOTONIC, &t);
#endif
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  int ref;  // the part's array in the registry (LUA_NOREF for a scalar)
  int table;
  int32_t size;
  int is_scalar;
  char name[64];
} Part;

struct LuaSandbox {
  lua_State* L;
  size_t used, peak, limit;
  int memory_refused;
  int64_t budget, executed;
  int budget_exceeded;
  double time_limit, deadline, cpu_start;
  int time_exceeded;
  int tables[2];  // registry refs of obs and state
  int table_count;
  int function_ref;
  Part* parts;
  int part_count;
  size_t value_count;
};

static void* sandbox_alloc(void* ud, void* ptr, size_t old_size, size_t new_size) {
  LuaSandbox* s = (LuaSandbox*)ud;
  size_t old = ptr != NULL ? old_size : 0;  // for a new block old_size is the object's type
  if (new_size == 0) {
    free(ptr);
    s->used -= old;
    return NULL;
  }
  if (new_size > old && s->used - old + new_size > s->limit) {
    s->memory_refused = 1;
    return NULL;  // Lua raises its memory error, which the protected call catches
  }
  void* block = realloc(ptr, new_size);
  if (block == NULL) return NULL;
  s->used = s->used - old + new_size;
  if (s->used > s->peak) s->peak = s->used;
  return block;
}

static void budget_hook(lua_State* L, lua_Debug* ar) {
  void* ud = NULL;
  lua_getallocf(L, &ud);
  LuaSandbox* s = (LuaSandbox*)ud;
  const double now = now_seconds();
  if (now > s->deadline) {
    const double ran = thread_cpu_seconds() - s->cpu_start;
    if (ran < s->time_limit) {
      s->deadline = now + (s->time_limit - ran);
    } else {
      s->time_exceeded = 1;
      luaL_error(L, "time limit of %f s exceeded", s->time_limit);
    }
  }
  if (ar->event != LUA_HOOKCOUNT) return;
  s->executed += HOOK_INTERVAL;
  if (s->executed > s->budget) {
    s->budget_exceeded = 1;
    luaL_error(L, "instruction budget of %I exceeded (an endless or too long loop?)", (lua_Integer)s->budget);
  }
}

static void set_error(char* error, size_t size, const char* message) {
  if (error != NULL && size > 0) snprintf(error, size, "%s", message);
}

// The message of a failed protected call, named after its cause where the sandbox knows it.
static int fail(LuaSandbox* s, int status, char* error, size_t size) {
  char text[512];
  const char* message = lua_type(s->L, -1) == LUA_TSTRING ? lua_tostring(s->L, -1) : NULL;
  if (s->time_exceeded && !s->budget_exceeded) {
    snprintf(text, sizeof text, "time limit of %g s exceeded (long work inside library calls?)", s->time_limit);
  } else if (s->budget_exceeded) {
    snprintf(text, sizeof text, "instruction budget of %lld exceeded (an endless or too long loop?)%s%s",
             (long long)s->budget, message ? ": " : "", message ? message : "");
  } else if (status == LUA_ERRMEM || s->memory_refused) {
    snprintf(text, sizeof text, "memory limit of %zu bytes exceeded", s->limit);
  } else if (message != NULL) {
    snprintf(text, sizeof text, "%s", message);
  } else {
    snprintf(text, sizeof text, "error object is a %s value", luaL_typename(s->L, -1));
  }
  lua_settop(s->L, 0);
  set_error(error, size, text);
  return -1;
}

static void arm(LuaSandbox* s) {
  s->executed = 0;
  s->budget_exceeded = 0;
  s->time_exceeded = 0;
  s->memory_refused = 0;
  s->deadline = now_seconds() + s->time_limit;
  s->cpu_start = thread_cpu_seconds();
  lua_sethook(s->L, budget_hook, LUA_MASKCOUNT | LUA_MASKCALL, HOOK_INTERVAL);
}

// Removes `names` from the table on top of the stack.
static void remove_fields(lua_State* L, const char* const* names) {
  for (; *names != NULL; ++names) {
    lua_pushnil(L);
    lua_setfield(L, -2, *names);
  }
}

static int open_libraries(lua_State* L) {
  // No io, os, package, debug, coroutine, utf8: files, processes, the clock and modules are
  // simply not there.
  luaL_requiref(L, "_G", luaopen_base, 1);
  static const char* const unsafe_base[] = {
      "dofile", "loadfile", "load", "require", "print", "warn", "collectgarbage",
      // pcall would let a program catch its own budget or memory error and go on.
      "pcall", "xpcall", "getmetatable", "setmetatable", NULL};
  remove_fields(L, unsafe_base);
  lua_pop(L, 1);
  luaL_requiref(L, "math", luaopen_math, 1);
  // The generator seeds from the clock: results must depend on the input only (they are cached).
  static const char* const unsafe_math[] = {"random", "randomseed", NULL};
  remove_fields(L, unsafe_math);
  lua_pop(L, 1);
  luaL_requiref(L, "table", luaopen_table, 1);
  lua_pop(L, 1);
  luaL_requiref(L, "string", luaopen_string, 1);
  // The string metatable's __index is this same table, so methods lose these too. rep builds
  // huge strings in one C call and the pattern functions can backtrack for long inside C,
  // where the instruction hook does not run; dump makes bytecode.
  static const char* const unsafe_string[] = {"rep", "find", "match", "gmatch", "gsub", "dump",
                                              "pack", "unpack", "packsize", NULL};
  remove_fields(L, unsafe_string);
  lua_pop(L, 1);
  for (int i = 0; i < 2; ++i) {
    lua_newtable(L);
    lua_setglobal(L, i == 0 ? "__obs" : "__state");
  }
  return 0;
}

LuaSandbox* lua_sandbox_new(size_t memory_limit, int64_t instruction_budget, double time_limit) {
  LuaSandbox* s = (LuaSandbox*)calloc(1, sizeof(LuaSandbox));
  if (s == NULL) return NULL;
  s->limit = memory_limit;
  s->budget = instruction_budget > 0 ? instruction_budget : 1;
  s->time_limit = time_limit > 0 ? time_limit : 1e-3;
  s->function_ref = LUA_NOREF;
  s->L = lua_newstate(sandbox_alloc, s);
  if (s->L == NULL) {
    free(s);
    return NULL;
  }
  lua_pushcfunction(s->L, open_libraries);
  if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
    lua_sandbox_free(s);
    return NULL;
  }
  for (int i = 0; i < 2; ++i) {
    lua_getglobal(s->L, i == 0 ? "__obs" : "__state");
    s->tables[i] = luaL_ref(s->L, LUA_REGISTRYINDEX);
    lua_pushnil(s->L);
    lua_setglobal(s->L, i == 0 ? "__obs" : "__state");
  }
  s->table_count = 1;
  return s;
}

void lua_sandbox_free(LuaSandbox* sandbox) {
  if (sandbox == NULL) return;
  if (sandbox->L != NULL) lua_close(sandbox->L);
  free(sandbox->parts);
  free(sandbox);
}

size_t lua_sandbox_memory_in_use(const LuaSandbox* sandbox) { return sandbox->used; }

static int make_array(lua_State* L) {
  int32_t size = (int32_t)lua_tointeger(L, 1);
  lua_createtable(L, size, 0);
  for (int32_t i = 1; i <= size; ++i) {
    lua_pushinteger(L, 0);
    lua_rawseti(L, -2, i);
  }
  return 1;
}

int lua_sandbox_add_part(LuaSandbox* s, int table, const char* name, int32_t size, int is_scalar, char* error,
                         size_t error_size) {
  if (table < 0 || table > 1 || size < 1 || name == NULL || strlen(name) >= sizeof(((Part*)0)->name)) {
    set_error(error, error_size, "a part needs table 0 or 1, a name under 64 bytes and a positive size");
    return -1;
  }
  Part* parts = (Part*)realloc(s->parts, sizeof(Part) * (size_t)(s->part_count + 1));
  if (parts == NULL) {
    set_error(error, error_size, "out of memory");
    return -1;
  }
  s->parts = parts;
  Part* part = &parts[s->part_count];
  memset(part, 0, sizeof *part);
  part->table = table;
  part->size = is_scalar ? 1 : size;
  part->is_scalar = is_scalar;
  part->ref = LUA_NOREF;
  snprintf(part->name, sizeof part->name, "%s", name);
  if (!is_scalar) {
    s->memory_refused = 0;
    lua_pushcfunction(s->L, make_array);
    lua_pushinteger(s->L, size);
    int status = lua_pcall(s->L, 1, 1, 0);
    if (status != LUA_OK) return fail(s, status, error, error_size);
    part->ref = luaL_ref(s->L, LUA_REGISTRYINDEX);
  }
  s->part_count += 1;
  s->value_count += (size_t)part->size;
  if (table + 1 > s->table_count) s->table_count = table + 1;
  return 0;
}

int lua_sandbox_load(LuaSandbox* s, const char* code, size_t length, char* error, size_t error_size) {
  lua_settop(s->L, 0);
  arm(s);
  // Mode "t": text only; precompiled bytecode can crash the VM and is never accepted.
  int status = luaL_loadbufferx(s->L, code, length, "=reward", "t");
  if (status == LUA_OK) status = lua_pcall(s->L, 0, 0, 0);
  if (status != LUA_OK) return fail(s, status, error, error_size);
  lua_getglobal(s->L, "reward");
  if (lua_type(s->L, -1) != LUA_TFUNCTION) {
    char text[160];
    snprintf(text, sizeof text, "the program must define a global function reward(%s); reward is a %s",
             s->table_count > 1 ? "obs, state" : "obs", luaL_typename(s->L, -1));
    lua_settop(s->L, 0);
    set_error(error, error_size, text);
    return -1;
  }
  if (s->function_ref != LUA_NOREF) luaL_unref(s->L, LUA_REGISTRYINDEX, s->function_ref);
  s->function_ref = luaL_ref(s->L, LUA_REGISTRYINDEX);
  return 0;
}

// Fills the input tables; run protected, since setting a field may allocate.
static int fill_inputs(lua_State* L) {
  LuaSandbox* s = (LuaSandbox*)lua_touserdata(L, 1);
  const double* values = (const double*)lua_touserdata(L, 2);
  size_t next = 0;
  for (int p = 0; p < s->part_count; ++p) {
    const Part* part = &s->parts[p];
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->tables[part->table]);
    if (part->is_scalar) {
      lua_pushnumber(L, values[next]);
    } else {
      // The same array every call, restored even if the program replaced or emptied it.
      lua_rawgeti(L, LUA_REGISTRYINDEX, part->ref);
      for (int32_t i = 0; i < part->size; ++i) {
        lua_pushnumber(L, values[next + (size_t)i]);
        lua_rawseti(L, -2, i + 1);
      }
    }
    lua_setfield(L, -2, part->name);
    lua_pop(L, 1);
    next += (size_t)part->size;
  }
  return 0;
}

int lua_sandbox_call(LuaSandbox* s, const double* values, size_t count, double* result, char* error,
                     size_t error_size) {
  if (s->function_ref == LUA_NOREF) {
    set_error(error, error_size, "no program is loaded");
    return -1;
  }
  if (count != s->value_count) {
    char text[128];
    snprintf(text, sizeof text, "%zu input numbers given; the parts hold %zu", count, s->value_count);
    set_error(error, error_size, text);
    return -1;
  }
  lua_settop(s->L, 0);
  arm(s);
  lua_pushcfunction(s->L, fill_inputs);
  lua_pushlightuserdata(s->L, s);
  lua_pushlightuserdata(s->L, (void*)values);
  int status = lua_pcall(s->L, 2, 0, 0);
  if (status != LUA_OK) return fail(s, status, error, error_size);
  lua_rawgeti(s->L, LUA_REGISTRYINDEX, s->function_ref);
  for (int t = 0; t < s->table_count; ++t) lua_rawgeti(s->L, LUA_REGISTRYINDEX, s->tables[t]);
  status = lua_pcall(s->L, s->table_count, 1, 0);
  if (status != LUA_OK) return fail(s, status, error, error_size);
  if (lua_type(s->L, -1) != LUA_TNUMBER) {
    char text[128];
    snprintf(text, sizeof text, "reward returned a %s; it must return a finite number", luaL_typename(s->L, -1));
    lua_settop(s->L, 0);
    set_error(error, error_size, text);
    return -1;
  }
  double value = lua_tonumber(s->L, -1);
  lua_settop(s->L, 0);
  if (!isfinite(value)) {
    char text[128];
    snprintf(text, sizeof text, "reward returned %g; it must return a finite number", value);
    set_error(error, error_size, text);
    return -1;
  }
  *result = value;
  return 0;
}
