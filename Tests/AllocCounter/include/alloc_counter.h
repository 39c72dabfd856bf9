// Counts heap allocations made by the whole test process while counting is on.
// Used to check that stepping environments allocates nothing after creation.
#ifndef ALLOC_COUNTER_H
#define ALLOC_COUNTER_H
#include <stdint.h>

// Starts counting from zero.
void alloc_counter_start(void);

// Stops counting and returns the number of allocations (malloc, calloc, realloc,
// memalign family, and so C++ operator new) made since alloc_counter_start.
uint64_t alloc_counter_stop(void);

#endif
