// Interposes the glibc allocation entry points for the test executable. Each wrapper
// forwards to glibc's own implementation (__libc_*), so behaviour is unchanged; free is
// left alone because it never allocates. Only Linux/glibc: elsewhere the counter stays 0
// and the test that uses it skips.
#include "alloc_counter.h"

#include <stdatomic.h>
#include <stddef.h>

static atomic_int counting;
static atomic_uint_fast64_t count;

void alloc_counter_start(void) {
  atomic_store(&count, 0);
  atomic_store(&counting, 1);
}

uint64_t alloc_counter_stop(void) {
  atomic_store(&counting, 0);
  return (uint64_t)atomic_load(&count);
}

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>

extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);
extern void* __libc_memalign(size_t, size_t);

static inline void note(void) {
  if (atomic_load_explicit(&counting, memory_order_relaxed)) atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
}

void* malloc(size_t size) {
  note();
  return __libc_malloc(size);
}

void* calloc(size_t n, size_t size) {
  note();
  return __libc_calloc(n, size);
}

void* realloc(void* p, size_t size) {
  note();
  return __libc_realloc(p, size);
}

void* memalign(size_t alignment, size_t size) {
  note();
  return __libc_memalign(alignment, size);
}

void* aligned_alloc(size_t alignment, size_t size) {
  note();
  return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  note();
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* p = __libc_memalign(alignment, size);
  if (p == NULL && size != 0) return ENOMEM;
  *out = p;
  return 0;
}
#endif
