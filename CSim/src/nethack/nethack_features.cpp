// The learner's view of a NetHack observation (see nethack_env.hpp): the crop's glyphs in a
// few classes and the status line in bins, so that a network can one-hot them. NetHack's 5,977
// glyph ids one-hot per crop cell would be 484,137 inputs, most never seen in training; the
// classes keep what a policy acts on (walls, doors, stairs, monsters, the pet, objects by kind).
#include <algorithm>

#include "nethack_env.hpp"

namespace csim {
namespace nethack {
namespace {

// NetHack 3.6's glyph ranges (NLE's GLYPH_*_OFF) and object classes by object index.
constexpr int32_t kPetOff = 381, kInvisible = 762, kDetectOff = 763, kBodyOff = 1144, kRiddenOff = 1525;
constexpr int32_t kObjOff = 1906, kCmapOff = 2359, kExplodeOff = 2446, kSwallowOff = 2541, kWarningOff = 5589;
constexpr int32_t kStatueOff = 5595;
static_assert(kDetectOff == kInvisible + 1 && kStatueOff + 381 == kMaxGlyph, "NetHack 3.6's glyph ranges");

int32_t class_of_object(int32_t index) {
  if (index >= 1 && index <= 70) return kClassWeapon;
  if (index >= 71 && index <= 149) return kClassArmor;
  if (index >= 150 && index <= 188) return kClassJewel;  // rings and amulets
  if (index >= 189 && index <= 238) return kClassTool;
  if (index >= 239 && index <= 271) return kClassFood;
  if (index >= 272 && index <= 409) return kClassMagic;  // potions, scrolls, spellbooks, wands
  if (index == 410) return kClassGold;
  if (index >= 411 && index <= 446) return kClassGem;
  if (index == 447 || index == 448) return kClassBoulder;  // boulder, statue
  return kClassOther;                                      // strange object, ball, chain, venom
}

int32_t class_of_map_symbol(int32_t s) {
  if (s == 0) return kClassStone;
  if (s <= 11) return kClassWall;
  if (s == 12) return kClassDoorway;
  if (s <= 14) return kClassOpenDoor;
  if (s <= 16) return kClassClosedDoor;
  if (s <= 18) return kClassBarsOrTree;
  if (s == 19) return kClassFloor;
  if (s == 20) return kClassDarkFloor;
  if (s <= 22) return kClassCorridor;
  if (s == 23 || s == 25) return kClassUp;
  if (s == 24 || s == 26) return kClassDown;
  if (s <= 30) return kClassFurniture;  // altar, grave, throne, sink
  if (s == 31) return kClassFountain;
  if (s <= 34 || s == 41) return kClassLiquid;  // pool, ice, lava, water
  if (s <= 40) return kClassBridgeOrAir;
  if (s <= 64) return kClassTrap;
  return kClassEffect;  // beams, swallow frames (gone by the next step)
}

int32_t bin(long value, long high) { return static_cast<int32_t>(std::clamp(value, 0L, high)); }

// floor(log2(value + 1)), at most `high`.
int32_t log_bin(long value, long high) {
  long bits = 0;
  for (unsigned long v = static_cast<unsigned long>(std::max(0L, value)) + 1; v > 1; v >>= 1) ++bits;
  return bin(bits, high);
}

// value / maximum in kStatusBins - 1 steps (0 when the maximum is not positive).
int32_t fraction_bin(long value, long maximum) {
  if (maximum <= 0) return 0;
  return bin(value * (kStatusBins - 1) / maximum, kStatusBins - 1);
}

}  // namespace

int32_t glyph_class(int32_t g) {
  if (g < 0 || g >= kMaxGlyph) return kClassOffMap;
  if (g < kPetOff) return kClassMonster;
  if (g < kInvisible) return kClassPet;
  if (g == kInvisible) return kClassUnseenMonster;
  if (g < kBodyOff) return kClassMonster;  // detected
  if (g < kRiddenOff) return kClassCorpse;
  if (g < kObjOff) return kClassMonster;  // ridden
  if (g < kCmapOff) return class_of_object(g - kObjOff);
  if (g < kExplodeOff) return class_of_map_symbol(g - kCmapOff);
  if (g < kSwallowOff) return kClassEffect;  // explosions, zaps
  if (g < kWarningOff) return kClassOther;    // the inside of an engulfer
  if (g < kStatueOff) return kClassMonster;  // a warning: a monster sensed
  return kClassBoulder;                      // statues
}

void write_status_bins(const long* bl, int32_t* out) {
  const long s = kStatusBins - 1;
  out[kStatusHitPoints] = fraction_bin(bl[nle::kBlHp], bl[nle::kBlHpMax]);
  out[kStatusDepth] = bin(bl[nle::kBlDepth], s);
  out[kStatusHunger] = bin(bl[nle::kBlHunger], s);
  out[kStatusEncumbrance] = bin(bl[nle::kBlCapacity], s);
  out[kStatusExperienceLevel] = bin(bl[nle::kBlXpLevel], s);
  out[kStatusArmor] = bin(10 - bl[nle::kBlAc], s);  // AC 10 (naked) is bin 0; lower AC is better
  out[kStatusEnergy] = fraction_bin(bl[nle::kBlEnergy], bl[nle::kBlEnergyMax]);
  out[kStatusTurn] = log_bin(bl[nle::kBlTime], s);
  out[kStatusColumn] = bin(bl[nle::kBlX] * kStatusBins / nle::kColumns, s);
  out[kStatusRow] = bin(bl[nle::kBlY] * kStatusBins / nle::kRows, s);
  out[kStatusGold] = log_bin(bl[nle::kBlGold], s);
  out[kStatusConditions] = bin(__builtin_popcountl(static_cast<unsigned long>(bl[nle::kBlCondition])), s);
  out[kStatusStrength] = bin(bl[nle::kBlStr25] - 3, s);
}

}  // namespace nethack
}  // namespace csim
