// Every standard header Eigen uses, included by gemm_avx2.cpp and gemm_avx512.cpp BEFORE they switch
// the instruction set on: no std inline function may be compiled for AVX2 or AVX-512 there (the
// linker could otherwise pick that copy for the baseline code).
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <immintrin.h>
#include <iosfwd>
#include <iostream>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
