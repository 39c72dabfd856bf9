// The binary interface of nle 1.3.0's libnethack.so, as this family uses it: the structs that
// nle_start and nle_step read and write, and the entry points looked up with dlsym. Written
// from NLE's documented interface and checked against the 1.3.0 wheel's machine code (the
// sizes and offsets below are asserted); a different nle version may change them, which is
// why nle_setup.sh pins 1.3.0.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace csim {
namespace nethack {
namespace nle {

constexpr int32_t kRows = 21;          // ROWNO
constexpr int32_t kColumns = 79;       // COLNO - 1: column 0 of NetHack's map is never used
constexpr int32_t kMapSize = kRows * kColumns;
constexpr int32_t kBlstatsSize = 27;
constexpr int32_t kMessageSize = 256;
constexpr int32_t kProgramStateSize = 6;
constexpr int32_t kInternalSize = 9;
constexpr int32_t kMiscSize = 3;
constexpr int32_t kInventorySize = 55;
constexpr int32_t kInventoryStringLength = 80;
constexpr int32_t kTermRows = 24;
constexpr int32_t kTermColumns = 80;

// blstats entries (NetHack's status line, as NLE lays it out).
enum Blstat : int32_t {
  kBlX = 0, kBlY = 1, kBlStr25 = 2, kBlStr125 = 3, kBlDex = 4, kBlCon = 5, kBlInt = 6, kBlWis = 7,
  kBlCha = 8, kBlScore = 9, kBlHp = 10, kBlHpMax = 11, kBlDepth = 12, kBlGold = 13, kBlEnergy = 14,
  kBlEnergyMax = 15, kBlAc = 16, kBlMonsterLevel = 17, kBlXpLevel = 18, kBlXp = 19, kBlTime = 20,
  kBlHunger = 21, kBlCapacity = 22, kBlDungeon = 23, kBlLevel = 24, kBlCondition = 25, kBlAlign = 26
};

// program_state and internal entries that the task logic reads.
constexpr int32_t kProgramGameOver = 0;
constexpr int32_t kProgramInMoveloop = 3;
constexpr int32_t kInternalYesNo = 1;
constexpr int32_t kInternalGetLine = 2;
constexpr int32_t kInternalWaitForSpace = 3;
constexpr int32_t kInternalStairsDown = 4;
constexpr int32_t kInternalHunger = 7;

// What the game writes each step: the caller owns every buffer; a null one is skipped.
struct Observation {
  int action;
  int done;
  char in_normal_game;
  int how_done;
  int16_t* glyphs;
  uint8_t* chars;
  uint8_t* colors;
  uint8_t* specials;
  long* blstats;
  uint8_t* message;
  int* program_state;
  int* internal;
  int16_t* inv_glyphs;
  uint8_t* inv_strs;
  uint8_t* inv_letters;
  uint8_t* inv_oclasses;
  uint8_t* screen_descriptions;
  uint8_t* tty_chars;
  int8_t* tty_colors;
  uint8_t* tty_cursor;
  int* misc;
};
static_assert(offsetof(Observation, glyphs) == 16 && offsetof(Observation, misc) == 144 && sizeof(Observation) == 152,
              "nle_obs layout of nle 1.3.0");

struct Seeds {
  unsigned long core_disp[2];
  char reseed;          // NetHack's anti-automation reseeding from true randomness
  bool use_init_seeds;
  unsigned long level_seed;
  bool use_level_seed;
};

struct Settings {
  char hackdir[4096];
  char scoreprefix[4096];
  char options[32768];
  char wizkit[4096];
  int spawn_monsters;
  char ttyrecname[4096];
  Seeds initial_seeds;
  // nle 1.3.0's fix_moon_phase: moon phase, Friday 13th, night and midnight come from
  // time_seed instead of the host clock (the gym env sets time_seed = core seed + 1).
  bool fix_moon_phase;
  unsigned long time_seed;
  bool use_time_seed;
};
static_assert(offsetof(Settings, initial_seeds) == 0xc008 && offsetof(Settings, fix_moon_phase) == 0xc030 &&
                  offsetof(Settings, time_seed) == 0xc038 && offsetof(Settings, use_time_seed) == 0xc040 &&
                  sizeof(Settings) == 0xc048,
              "nle_settings layout of nle 1.3.0 (its nle_start copies 0xc048 bytes)");

using StartFunction = void* (*)(Observation*, FILE*, Settings*);
using StepFunction = void* (*)(void*, Observation*);
using EndFunction = void (*)(void*);

}  // namespace nle
}  // namespace nethack
}  // namespace csim
