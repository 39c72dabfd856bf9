// Captions of NetHack observations, as Motif's are built (the game's message), plus what a
// judge needs and the message may not say: depth, hit points and what lies next to the hero
// (read from the observation's 9x9 crop). Uses the observation alone; an element outside its
// part's range is an error, not a wrong caption.
#include <string>
#include <vector>

#include "nethack_env.hpp"

namespace csim {
namespace nethack {
namespace {

// What a glyph shows, in a few words; "" for what a caption leaves out (floor, corridor, rock
// not yet seen, spell effects). Ranges and the map-symbol order are NetHack 3.6's.
std::string glyph_words(int32_t g) {
  if (g < 381) return "a monster";
  if (g < 762) return "your pet";
  if (g == 762) return "an unseen monster";
  if (g < 1144) return "a monster";
  if (g < 1525) return "a corpse";
  if (g < 1906) return "a ridden monster";
  if (g < 2359) return "an object";
  if (g < 2446) {
    const int32_t s = g - 2359;
    if (s >= 1 && s <= 11) return "a wall";
    if (s == 12) return "a doorway";
    if (s == 13 || s == 14) return "an open door";
    if (s == 15 || s == 16) return "a closed door";
    if (s == 17) return "iron bars";
    if (s == 18) return "a tree";
    if (s == 23) return "a staircase up";
    if (s == 24) return "a staircase down";
    if (s == 25) return "a ladder up";
    if (s == 26) return "a ladder down";
    if (s == 27) return "an altar";
    if (s == 28) return "a grave";
    if (s == 29) return "a throne";
    if (s == 30) return "a sink";
    if (s == 31) return "a fountain";
    if (s == 32 || s == 41) return "water";
    if (s == 33) return "ice";
    if (s == 34) return "lava";
    if (s >= 35 && s <= 38) return "a drawbridge";
    if (s >= 42 && s <= 64) return "a trap";
    return "";
  }
  if (g < 2541) return "";  // explosions and zaps: gone by the next step
  if (g < 5589) return "something engulfing you";
  if (g < 5595) return "a warning of a monster";
  if (g < kMaxGlyph) return "a statue";
  return "";  // kMaxGlyph: off the map
}

void check(const int32_t* obs, int64_t begin, int64_t count, int32_t high, const char* part) {
  for (int64_t i = begin; i < begin + count; ++i) {
    if (obs[i] < 0 || obs[i] > high) {
      throw InvalidArgument("element " + std::to_string(i) + " (" + part + ") is " + std::to_string(obs[i]) +
                            "; NetHack's " + part + " are 0.." + std::to_string(high));
    }
  }
}

}  // namespace

std::string caption_of(const int32_t* obs, int32_t event) {
  check(obs, kGlyphsOffset, nle::kMapSize, kMaxGlyph, "glyphs");
  check(obs, kMessageOffset, nle::kMessageSize, 255, "message bytes");
  check(obs, kInvGlyphsOffset, nle::kInventorySize, kMaxGlyph, "inventory glyphs");
  check(obs, kInvStrsOffset, nle::kInventorySize * nle::kInventoryStringLength, 255, "inventory text bytes");
  check(obs, kInvLettersOffset, nle::kInventorySize, 127, "inventory letters");
  check(obs, kInvOclassesOffset, nle::kInventorySize, 18, "object classes");
  check(obs, kCropOffset, kCropSize * kCropSize, kMaxGlyph, "crop glyphs");
  if (event < 0 || event >= kNumEvents) {
    throw InvalidArgument("NetHack event " + std::to_string(event) + " is not one of 0..3");
  }

  std::string text;
  for (int32_t i = 0; i < nle::kMessageSize && obs[kMessageOffset + i] != 0; ++i) {
    const int32_t ch = obs[kMessageOffset + i];
    text += (ch >= 32 && ch < 127) ? static_cast<char>(ch) : ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';

  static const char* const kEventText[] = {"", "You died.", "You reached the task's goal.",
                                           "You went down to a deeper level."};
  const int32_t* b = obs + kBlstatsOffset;
  const bool playing = b[nle::kBlHpMax] > 0;
  auto add = [&text](const std::string& sentence) {
    if (sentence.empty()) return;
    if (!text.empty()) text += ' ';
    text += sentence;
  };
  add(kEventText[event]);
  if (!playing) {
    add("The game is over.");
    return text;
  }
  add("Depth " + std::to_string(b[nle::kBlDepth]) + ", hit points " + std::to_string(b[nle::kBlHp]) + " of " +
      std::to_string(b[nle::kBlHpMax]) + ", turn " + std::to_string(b[nle::kBlTime]) + ".");

  // The hero is at the crop's centre; name what lies on the eight squares around it.
  static const char* const kDirections[3][3] = {
      {"northwest", "north", "northeast"}, {"west", "", "east"}, {"southwest", "south", "southeast"}};
  std::vector<std::pair<std::string, std::string>> seen;  // (what, directions), in first-seen order
  const int32_t centre = kCropSize / 2;
  for (int32_t dr = -1; dr <= 1; ++dr) {
    for (int32_t dc = -1; dc <= 1; ++dc) {
      if (dr == 0 && dc == 0) continue;
      const std::string what = glyph_words(obs[kCropOffset + (centre + dr) * kCropSize + centre + dc]);
      if (what.empty()) continue;
      const char* where = kDirections[dr + 1][dc + 1];
      bool merged = false;
      for (auto& entry : seen) {
        if (entry.first == what) {
          entry.second += std::string(", ") + where;
          merged = true;
        }
      }
      if (!merged) seen.emplace_back(what, where);
    }
  }
  if (seen.empty()) {
    add("Nothing but floor is next to you.");
  } else {
    std::string around = "Next to you:";
    for (size_t i = 0; i < seen.size(); ++i) {
      around += (i == 0 ? " " : "; ") + seen[i].first + " (" + seen[i].second + ")";
    }
    add(around + ".");
  }
  return text;
}

}  // namespace nethack
}  // namespace csim
