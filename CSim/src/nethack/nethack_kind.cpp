// What each NetHack id declares: its spec, observation parts, info columns, events and action
// names (see nethack_env.hpp for the game rules).
#include "../core/observation_parts.hpp"
#include "nethack_env.hpp"

namespace csim {
namespace nethack {
namespace {

struct ActionKey {
  int key;
  const char* name;
};

// NLE's TASK_ACTIONS, in its order.
constexpr ActionKey kActions[kNumActions] = {
    {'\r', "more"},       {'k', "north"},         {'l', "east"},           {'j', "south"},
    {'h', "west"},        {'u', "northeast"},     {'n', "southeast"},      {'b', "southwest"},
    {'y', "northwest"},   {'K', "far north"},     {'L', "far east"},       {'J', "far south"},
    {'H', "far west"},    {'U', "far northeast"}, {'N', "far southeast"},  {'B', "far southwest"},
    {'Y', "far northwest"}, {'<', "up"},          {'>', "down"},           {'.', "wait"},
    {'d' & 0x1f, "kick"}, {'e', "eat"},           {'s', "search"},
};

struct RewardRange {
  float low, high;
};

RewardRange reward_range(Task task) {
  switch (task) {
    case Task::kStaircase:
    case Task::kStaircasePet:
    case Task::kOracle: return {-0.01f, 1.0f};
    case Task::kEat: return {-0.01f, 10000.0f};
    case Task::kScout: return {-static_cast<float>(nle::kMapSize), static_cast<float>(nle::kMapSize)};
    default: return {-1.0e6f, 1.0e6f};  // score and gold can also fall (gold spent, stolen)
  }
}

}  // namespace

int key_of_action(int32_t action) { return kActions[action].key; }
const char* name_of_action(int32_t action) { return kActions[action].name; }

CSimSpec NetHackKind::spec(const CSimOptions& options) const {
  if (options.reward_kind != 0) {
    throw InvalidArgument(std::string(id_) + " has one reward (NLE's), reward_kind 0; got " +
                          std::to_string(options.reward_kind));
  }
  CSimSpec s = make_spec(id_, options, kDefaultMaxSteps);
  s.observation_dtype = CSIM_DTYPE_INT32;
  s.observation_rank = 1;
  s.observation_shape[0] = static_cast<int32_t>(kObsSize);
  s.observation_size = kObsSize;
  s.observation_low = -kBlstatBound;  // blstats are NLE's int64 numbers, clamped (never reached in play)
  s.observation_high = kBlstatBound;
  s.action_kind = CSIM_ACTION_DISCRETE;
  s.num_actions = kNumActions;
  s.action_low = 0.0f;
  s.action_high = static_cast<float>(kNumActions - 1);
  const RewardRange r = reward_range(task_);
  s.reward_low = r.low;
  s.reward_high = r.high;
  s.info_dim = kInfoDim;
  return s;
}

std::vector<CSimObservationPart> NetHackKind::observation_parts() const {
  static_assert(kObsSize == 6682, "the parts below follow nethack_env.hpp's layout");
  std::vector<CSimObservationPart> parts;
  add_categorical_part(parts, "glyphs", CSIM_DTYPE_INT32, {nle::kRows, nle::kColumns}, {kMaxGlyph + 1});
  add_observation_part(parts, "blstats", CSIM_DTYPE_INT32, {nle::kBlstatsSize}, -kBlstatBound, kBlstatBound);
  add_categorical_part(parts, "message", CSIM_DTYPE_INT32, {nle::kMessageSize}, {256});
  add_categorical_part(parts, "inv_glyphs", CSIM_DTYPE_INT32, {nle::kInventorySize}, {kMaxGlyph + 1});
  add_categorical_part(parts, "inv_strs", CSIM_DTYPE_INT32, {nle::kInventorySize, nle::kInventoryStringLength}, {256});
  add_categorical_part(parts, "inv_letters", CSIM_DTYPE_INT32, {nle::kInventorySize}, {128});
  add_categorical_part(parts, "inv_oclasses", CSIM_DTYPE_INT32, {nle::kInventorySize}, {19});
  add_categorical_part(parts, "glyphs_crop", CSIM_DTYPE_INT32, {kCropSize, kCropSize}, {kMaxGlyph + 1});
  add_categorical_part(parts, "crop_classes", CSIM_DTYPE_INT32, {kCropSize, kCropSize}, {kNumGlyphClasses});
  add_categorical_part(parts, "status_bins", CSIM_DTYPE_INT32, {kNumStatusBins}, {kStatusBins});
  return parts;
}

// Learners one-hot the crop's glyph classes and the status bins (the raw glyph ids are too many
// categories per cell); two env threads, since a NetHack step (~40 us) outweighs a grid's by far;
// rewards scaled by a running std, since Score's and Gold's steps span 0.01 to hundreds;
// count-modulated learned rewards count the game's message (Motif's key), not the caption,
// which also says the turn and so never repeats within an episode; reward models read the
// learner's one-hot view too (whether the stairs are in sight is one glyph id among 1,659 raw).
std::vector<std::pair<const char*, const char*>> NetHackKind::learner_hints() const {
  return {{"observation_view", "one-hot-parts"}, {"one_hot_parts", "crop_classes,status_bins"},
          {"env_threads", "2"}, {"normalize_reward", "true"}, {"count_key_part", "message"},
          {"reward_model_input", "learner-view"}};
}

std::vector<const char*> NetHackKind::extra_info_names() const {
  return {"depth", "score", "gold", "hunger", "turn", "end_status", "stairs_distance", "stairs_seen", "explored"};
}

std::vector<const char*> NetHackKind::event_names() const { return {"", "died", "succeeded", "descended"}; }

std::string NetHackKind::action_name(int32_t action) const { return name_of_action(action); }

std::string NetHackKind::caption(const void* observation, int32_t event) const {
  return caption_of(static_cast<const int32_t*>(observation), event);
}

}  // namespace nethack

}  // namespace csim
