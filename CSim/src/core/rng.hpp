// Counter-based random numbers, one stream per environment.
//
// Each draw is a pure function of (key, counter), where the key comes from
// (seed, env index). An environment's trajectory therefore depends only on its
// own key and how many numbers it has drawn: never on thread count, batch split
// or the order in which other environments were stepped.
#pragma once
#include <cstdint>

namespace csim {

// SplitMix64's finalizer: a bijective 64-bit mixer with full avalanche.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// MurmurHash3's finalizer; a second, independent mixer so that key and counter
// never enter the output through the same function.
inline uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  return k ^ (k >> 33);
}

struct Rng {
  uint64_t key = 0;
  uint64_t counter = 0;

  Rng() = default;
  Rng(uint64_t seed, uint64_t stream)
      : key(mix64(seed + 0x9e3779b97f4a7c15ULL * (mix64(stream + 0x632be59bd9b4e019ULL) | 1))), counter(0) {}

  uint64_t next_u64() { return mix64(key ^ fmix64(++counter)); }

  uint32_t next_u32() { return static_cast<uint32_t>(next_u64() >> 32); }

  // Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-32 for small n).
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((static_cast<uint64_t>(next_u32()) * n) >> 32); }

  // Uniform integer in [lo, hi), as numpy's randint(lo, hi) which MiniGrid uses.
  int32_t range(int32_t lo, int32_t hi) { return lo + static_cast<int32_t>(below(static_cast<uint32_t>(hi - lo))); }

  // Uniform float in [0, 1) with 24 random bits.
  float uniform() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform_double() { return static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

  bool coin() { return (next_u64() >> 63) != 0; }
};

}  // namespace csim
