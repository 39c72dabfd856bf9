// The page's random numbers after an instance is loaded: MiniWob pages draw from Math.random,
// which MiniWob replaces with David Bau's seedrandom (ARC4). The reference reseeds it with a
// string the exported instance carries (Math.seedrandom(seed), right after the export), and the
// native task draws from this generator seeded with the same string, so both sides draw the
// same numbers (search-engine's results for a wrong query, tic-tac-toe's opponent). Written from
// the algorithm's description: ARC4 keyed with the seed's character codes (mixed as seedrandom
// mixes them), 256 bytes dropped, and a double built from 52+ bits of its byte stream.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace csim {
namespace web {

class SeedRandom {
 public:
  static constexpr int32_t kMaxSeedChars = 48;

  // Math.seedrandom(seed) for a string seed (ASCII).
  void seed(const char* text) {
    uint8_t key[256] = {};
    const size_t n = std::strlen(text);
    int32_t keylen = 0;
    int32_t smear = 0;
    for (size_t k = 0; k < n; ++k) {
      const size_t at = k & 255;
      // A key slot not yet written reads as undefined in JS: 19 * undefined is NaN, and x ^ NaN is x.
      if (static_cast<int32_t>(at) < keylen) smear ^= 19 * key[at];
      key[at] = static_cast<uint8_t>(255 & (smear + static_cast<unsigned char>(text[k])));
      if (static_cast<int32_t>(at) >= keylen) keylen = static_cast<int32_t>(at) + 1;
    }
    if (keylen == 0) keylen = 1;  // an empty key is [0]
    for (int32_t k = 0; k < 256; ++k) s_[k] = static_cast<uint8_t>(k);
    uint8_t j = 0;
    for (int32_t k = 0; k < 256; ++k) {
      const uint8_t t = s_[k];
      j = static_cast<uint8_t>(j + key[k % keylen] + t);
      s_[k] = s_[j];
      s_[j] = t;
    }
    i_ = 0;
    j_ = 0;
    for (int32_t k = 0; k < 256; ++k) byte();  // ARC4-drop[256]
  }

  // Math.random(): a double in [0, 1) with 52 or more random bits.
  double uniform() {
    uint64_t n = bytes(6);
    double d = 281474976710656.0;  // 256^6
    uint64_t x = 0;
    while (n < (uint64_t{1} << 52)) {
      n = (n + x) * 256;
      d *= 256.0;
      x = byte();
    }
    while (n >= (uint64_t{1} << 53)) {
      n /= 2;
      d /= 2.0;
      x >>= 1;
    }
    return static_cast<double>(n + x) / d;  // the same rounding as JS's (n + x) / d
  }

  // core.randi(min, max): Math.floor(Math.random() * (max - min) + min).
  int32_t randi(int32_t min, int32_t max) {
    const double scaled = uniform() * static_cast<double>(max - min);
    const double shifted = scaled + static_cast<double>(min);
    return static_cast<int32_t>(std::floor(shifted));
  }

  // core.sample(list of n): an index.
  int32_t sample(int32_t n) { return randi(0, n); }

 private:
  uint8_t byte() {
    i_ = static_cast<uint8_t>(i_ + 1);
    const uint8_t t = s_[i_];
    j_ = static_cast<uint8_t>(j_ + t);
    s_[i_] = s_[j_];
    s_[j_] = t;
    return s_[static_cast<uint8_t>(s_[i_] + t)];
  }

  uint64_t bytes(int32_t count) {
    uint64_t c = 0;
    while (count-- > 0) c = c * 256 + byte();
    return c;
  }

  uint8_t s_[256] = {};
  uint8_t i_ = 0, j_ = 0;
};

}  // namespace web
}  // namespace csim
