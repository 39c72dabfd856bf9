// Builders for CSimObservationPart, so that a family declares its observation in a few lines
// next to its spec (see grid_kind.cpp, wordle_kind.cpp, arm_kind.cpp).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "csim.h"

namespace csim {

// Appends a part starting where the previous one ended. `categories` empty: numbers in
// [low, high]; one count: every element is a code in [0, count); several: one count per entry
// of the last axis (their number must equal shape's last dimension, checked by the CSim tests).
// For categorical parts low is 0 and high the largest count minus 1.
void add_observation_part(std::vector<CSimObservationPart>& parts, const char* name, CSimDType dtype,
                          std::initializer_list<int32_t> shape, float low, float high,
                          std::initializer_list<int32_t> categories = {});

// Appends a categorical part (bounds from the counts).
void add_categorical_part(std::vector<CSimObservationPart>& parts, const char* name, CSimDType dtype,
                          std::initializer_list<int32_t> shape, std::initializer_list<int32_t> categories);

}  // namespace csim
