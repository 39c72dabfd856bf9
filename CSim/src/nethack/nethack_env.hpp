// The NetHack family: NLE's tasks on the real game (nle 1.3.0's libnethack.so, loaded per env,
// see nethack_engine.hpp), under NLE's ids: NetHackScore-v0, NetHackStaircase-v0,
// NetHackStaircasePet-v0, NetHackOracle-v0, NetHackGold-v0, NetHackEat-v0, NetHackScout-v0.
//
// As NLE's gymnasium env does for these tasks: a neutral male human Monk ("mon-hum-neu-mal")
// with NLE's default options (Gold picks up only gold), 23 actions (NLE's TASK_ACTIONS: more,
// the 8 moves, the 8 long moves, up, down, wait, kick, eat, search), menus and "--More--"
// dismissed and yes/no questions declined for the agent except those about eating, attacking,
// praying and directions, a step limit of 5000, and NLE's rewards (see nethack_tasks.cpp), all
// with NLE's time penalty of -0.01 for a step in which the game's clock did not move.
//
// Episode ends: death (terminated, event "died"), the task's goal (terminated, success 1,
// "succeeded": Staircase on the stairs down, StaircasePet there with the pet adjacent, Oracle
// next to the Oracle), the step limit (truncated; NLE reports that step as terminated, but the
// game was not over, so a learner should bootstrap from it). When a task ends the game before
// NetHack does, the game is quit, as NLE does, and the final observation is NLE's one after the
// game (an empty map and zero status); the step's reward was computed before quitting.
//
// Seeding: at every reset an env draws NetHack's core and display seeds (two u64) from its
// counter-based stream, with NetHack's reseeding off and dates from the core seed; this is
// what NLE's env.seed(core, disp, reseed=False) does with fix_moon_phase=True before a reset
// (NLE's own reset(seed=...) does not seed NetHack). So a batch seed fixes every game.
//
// Observation: int32, 6682 elements, as named parts (nethack_kind.cpp): glyphs 21x79, blstats
// 27 (NLE's order), message 256 bytes, inv_glyphs 55, inv_strs 55x80, inv_letters 55,
// inv_oclasses 55, glyphs_crop 9x9 around the hero (5976, NLE's MAX_GLYPH, off the map); then
// for learners, crop_classes (the crop's glyphs in 32 classes) and status_bins (13 status
// numbers in 16 bins each), which a network one-hots (its learner hints name them).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../core/env.hpp"
#include "nle_abi.hpp"

namespace csim {
namespace nethack {

enum class Task : int32_t { kScore, kStaircase, kStaircasePet, kOracle, kGold, kEat, kScout };

constexpr int32_t kNumActions = 23;
constexpr int32_t kDefaultMaxSteps = 5000;
constexpr int32_t kMaxGlyph = 5976;  // NLE's glyph bound; never a glyph on the map
constexpr int32_t kCropSize = 9;
// blstats are clamped to +-1e9, exact in float32 (the spec's bounds), so int32 and gymnasium's
// int32 Box hold them; NetHack's score, gold and turn counter stay far below in play.
constexpr float kBlstatBound = 1.0e9f;

// The observation's layout (offsets in int32 elements).
constexpr int64_t kGlyphsOffset = 0;
constexpr int64_t kBlstatsOffset = kGlyphsOffset + nle::kMapSize;
constexpr int64_t kMessageOffset = kBlstatsOffset + nle::kBlstatsSize;
constexpr int64_t kInvGlyphsOffset = kMessageOffset + nle::kMessageSize;
constexpr int64_t kInvStrsOffset = kInvGlyphsOffset + nle::kInventorySize;
constexpr int64_t kInvLettersOffset = kInvStrsOffset + nle::kInventorySize * nle::kInventoryStringLength;
constexpr int64_t kInvOclassesOffset = kInvLettersOffset + nle::kInventorySize;
constexpr int64_t kCropOffset = kInvOclassesOffset + nle::kInventorySize;
constexpr int64_t kCropClassesOffset = kCropOffset + kCropSize * kCropSize;
constexpr int64_t kStatusBinsOffset = kCropClassesOffset + kCropSize * kCropSize;
constexpr int64_t kObsSize = kStatusBinsOffset + 13;

// The learner's view (nethack_features.cpp): each crop cell's glyph in one of these classes
// (part "crop_classes"), and the status line in kStatusBins bins (part "status_bins").
enum GlyphClass : int32_t {
  kClassOffMap, kClassStone, kClassWall, kClassDoorway, kClassOpenDoor, kClassClosedDoor, kClassBarsOrTree,
  kClassFloor, kClassDarkFloor, kClassCorridor, kClassUp, kClassDown, kClassFurniture, kClassFountain, kClassLiquid,
  kClassBridgeOrAir, kClassTrap, kClassEffect, kClassMonster, kClassPet, kClassUnseenMonster, kClassCorpse,
  kClassWeapon, kClassArmor, kClassJewel, kClassTool, kClassFood, kClassMagic, kClassGold, kClassGem, kClassBoulder,
  kClassOther, kNumGlyphClasses
};
enum StatusBin : int32_t {
  kStatusHitPoints, kStatusDepth, kStatusHunger, kStatusEncumbrance, kStatusExperienceLevel, kStatusArmor,
  kStatusEnergy, kStatusTurn, kStatusColumn, kStatusRow, kStatusGold, kStatusConditions, kStatusStrength,
  kNumStatusBins
};
constexpr int32_t kStatusBins = 16;
static_assert(kStatusBinsOffset + kNumStatusBins == kObsSize);
int32_t glyph_class(int32_t glyph);
// Writes kNumStatusBins bins from NLE's blstats.
void write_status_bins(const long* blstats, int32_t* out);

// Info columns past the common four.
enum : int32_t {
  kInfoDepth = CSIM_INFO_COMMON, kInfoScore, kInfoGold, kInfoHunger, kInfoTurn, kInfoEndStatus,
  // Privileged (nethack_truth.hpp): true distance to the stairs down, stairs seen, seen share.
  kInfoStairsDistance, kInfoStairsSeen, kInfoExplored, kInfoDim
};
enum Event : int32_t { kEventNone = 0, kEventDied, kEventSucceeded, kEventDescended, kNumEvents };
// NLE's StepStatus.
enum EndStatus : int32_t { kAborted = -1, kRunning = 0, kDeath = 1, kTaskSuccessful = 2 };

// Key sent to NetHack for each action (NLE's TASK_ACTIONS order).
int key_of_action(int32_t action);
const char* name_of_action(int32_t action);

class NetHackKind final : public EnvKind {
 public:
  NetHackKind(const char* id, Task task) : id_(id), task_(task) {}

  const char* id() const override { return id_; }
  CSimSpec spec(const CSimOptions& options) const override;
  std::unique_ptr<Env> make(const CSimOptions& options) const override;
  std::vector<const char*> extra_info_names() const override;
  std::vector<const char*> event_names() const override;
  std::string action_name(int32_t action) const override;
  std::string caption(const void* observation, int32_t event) const override;
  std::vector<CSimObservationPart> observation_parts() const override;
  std::vector<std::pair<const char*, const char*>> learner_hints() const override;

 private:
  const char* id_;
  Task task_;
};

// Plain English from one observation (nethack_caption.cpp); throws InvalidArgument for an
// observation no env could have written.
std::string caption_of(const int32_t* obs, int32_t event);

// The tty screen from an observation's parts would lose the map's letters; the env keeps
// NetHack's own terminal text for a person's view instead (render_text).

}  // namespace nethack
}  // namespace csim
