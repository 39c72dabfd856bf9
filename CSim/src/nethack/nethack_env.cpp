// One NetHack game per env (see nethack_env.hpp): the engine's raw buffers, NLE's stepping
// rules around each key (dismissing what the agent is not asked about) and the observation.
#include "nethack_env.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "nethack_engine.hpp"
#include "nethack_expert.hpp"
#include "nethack_tasks.hpp"
#include "nethack_truth.hpp"

namespace csim {
namespace nethack {
namespace {

constexpr int kSpace = ' ';
constexpr int kEscape = 27;
constexpr int kMetaQuit = 0x80 | 'q';
constexpr int kMaxStartKeys = 1000;
constexpr int16_t kStoneGlyph = 2359;  // solid rock: NLE's map outside a game

// NLE's default options (nle.nethack.NETHACKOPTIONS) and character, as its tasks use them.
std::string options_for(Task task) {
  const char* pickup = task == Task::kGold ? "pickup_types:$" : "pickup_types:$?!/";
  return std::string("autopickup,color,disclose:+i +a +v +g +c +o,mention_walls,nobones,nocmdassist,nolegacy,"
                     "nosparkle,pickup_burden:unencumbered,") +
         pickup + ",runmode:teleport,showexp,showscore,time,name:Agent-mon-hum-neu-mal";
}

// Questions NLE leaves to the agent; any other yes/no question is declined for it.
// The observation is int32 and NetHack's buffers are bytes and shorts: 6,400 elements widened a
// step, most of them the inventory's text. GCC's -O2 (the Python build) leaves such loops scalar,
// which cost 4-6 us a step, more than NLE's whole observation fill; vectorised they take ~1 us.
// Clang's -O2 (the Swift build) vectorises them anyway.
template <class T>
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("tree-loop-vectorize", "vect-cost-model=dynamic")))
#endif
void widen(const T* __restrict in, int32_t count, int32_t* __restrict out) {
  for (int32_t i = 0; i < count; ++i) out[i] = static_cast<int32_t>(in[i]);
}

bool agent_answers(const uint8_t* message) {
  for (const char* phrase : {"eat", "attack", "direction?", "pray"}) {
    const size_t n = std::strlen(phrase);
    for (int32_t i = 0; i + static_cast<int32_t>(n) <= nle::kMessageSize; ++i) {
      if (std::memcmp(message + i, phrase, n) == 0) return true;
    }
  }
  return false;
}

class NetHackEnv final : public Env {
 public:
  NetHackEnv(Task task, int32_t max_steps) : task_(task), max_steps_(max_steps), engine_(find_install(), options_for(task)) {
    std::memset(&obs_, 0, sizeof(obs_));
    obs_.glyphs = glyphs_;
    obs_.blstats = blstats_;
    obs_.message = message_;
    obs_.program_state = program_state_;
    obs_.internal = internal_;
    obs_.inv_glyphs = inv_glyphs_;
    obs_.inv_strs = inv_strs_;
    obs_.inv_letters = inv_letters_;
    obs_.inv_oclasses = inv_oclasses_;
    obs_.misc = misc_;  // the terminal (tty_*) only when kept: see keep_screen
  }

  void reset(Rng& rng, void* observation, float* info) override {
    const uint64_t core = rng.next_u64();
    const uint64_t display = rng.next_u64();
    // Resets also run on worker threads (autoreset), where nothing may throw: a game that
    // cannot start (no memory, no file descriptors left) is a fault, counted like the arm's
    // physics faults, and its episode is cut at the next step.
    // The terminal buffers are bound for the whole game or not at all: NetHack redraws only
    // what changed, so a terminal picked up mid-game would be partial.
    screen_kept_ = keep_screen_;
    obs_.tty_chars = screen_kept_ ? tty_chars_ : nullptr;  // colours and cursor: never shown
    const char* why = engine_.start(core, display, &obs_);
    for (int32_t keys = 0; why == nullptr && program_state_[nle::kProgramInMoveloop] == 0; ++keys) {
      if (obs_.done || keys == kMaxStartKeys) why = "NetHack did not reach its first move";
      else engine_.step(kSpace, &obs_);
    }
    broken_ = why != nullptr;
    if (broken_) fail(why);
    steps_ = 0;
    last_event_ = kEventNone;
    scout_.clear();
    memory_.clear_episode();
    truth_.forget();
    stairs_distance_ = stairs_seen_ = -1;
    explored_ = -1.0f;
    if (!broken_) {
      remember_step(memory_, -1, -1, -1, view(), 0);
      read_truth();
    }
    observe(observation);
    write_info(info, kRunning, false);
  }

  int64_t fault_count() const override { return faults_; }

  StepResult step(Rng&, const void* action, void* observation, float* info) override {
    if (broken_) {
      ++steps_;
      observe(observation);
      write_info(info, kAborted, false);
      StepResult cut;
      cut.truncated = true;
      return cut;
    }
    long blstats_before[nle::kBlstatsSize];
    int internal_before[nle::kInternalSize];
    std::memcpy(blstats_before, blstats_, sizeof(blstats_));
    std::memcpy(internal_before, internal_, sizeof(internal_));
    const int32_t chosen = *static_cast<const int32_t*>(action);
    const int16_t target_glyph = glyph_next_to_hero(chosen);

    engine_.step(key_of_action(chosen), &obs_);
    dismiss(true);
    ++steps_;
    if (!obs_.done) {
      remember_step(memory_, chosen, blstats_before[nle::kBlX], blstats_before[nle::kBlY], view(), target_glyph);
      read_truth();
    }

    const Frame before{blstats_before, internal_before, nullptr, true};
    const Frame now{blstats_, internal_, glyphs_, obs_.in_normal_game != 0};
    EndStatus status = kRunning;
    if (obs_.done) {
      status = kDeath;
    } else if (steps_ >= max_steps_) {
      status = kAborted;
    } else {
      status = goal_status(task_, now);
    }
    const double reward = task_reward(task_, before, now, status, scout_);
    const bool descended = now.in_normal_game && blstats_[nle::kBlDepth] > blstats_before[nle::kBlDepth];
    last_event_ = status == kDeath ? kEventDied
                  : status == kTaskSuccessful ? kEventSucceeded
                  : descended ? kEventDescended
                              : kEventNone;
    if (status != kRunning && !obs_.done) quit();

    observe(observation);
    write_info(info, status, status == kTaskSuccessful);
    StepResult result;
    result.reward = static_cast<float>(reward);
    result.terminated = status == kDeath || status == kTaskSuccessful;
    result.truncated = status == kAborted;
    return result;
  }

  void observe(void* observation) const override {
    int32_t* out = static_cast<int32_t*>(observation);
    widen(glyphs_, nle::kMapSize, out + kGlyphsOffset);
    const long bound = static_cast<long>(kBlstatBound);
    for (int32_t i = 0; i < nle::kBlstatsSize; ++i) {
      out[kBlstatsOffset + i] = static_cast<int32_t>(std::clamp(blstats_[i], -bound, bound));
    }
    widen(message_, nle::kMessageSize, out + kMessageOffset);
    widen(inv_glyphs_, nle::kInventorySize, out + kInvGlyphsOffset);
    widen(inv_strs_, static_cast<int32_t>(sizeof(inv_strs_)), out + kInvStrsOffset);
    widen(inv_letters_, nle::kInventorySize, out + kInvLettersOffset);
    widen(inv_oclasses_, nle::kInventorySize, out + kInvOclassesOffset);
    const long x = blstats_[nle::kBlX], y = blstats_[nle::kBlY];
    int32_t* crop = out + kCropOffset;
    for (int32_t r = 0; r < kCropSize; ++r) {
      for (int32_t c = 0; c < kCropSize; ++c) {
        const long row = y - kCropSize / 2 + r, column = x - kCropSize / 2 + c;
        const bool inside = row >= 0 && row < nle::kRows && column >= 0 && column < nle::kColumns;
        crop[r * kCropSize + c] = inside ? glyphs_[row * nle::kColumns + column] : kMaxGlyph;
      }
    }
    for (int32_t i = 0; i < kCropSize * kCropSize; ++i) out[kCropClassesOffset + i] = glyph_class(crop[i]);
    write_status_bins(blstats_, out + kStatusBinsOffset);
  }

  int32_t last_event() const override { return last_event_; }

  // The staircase expert (nethack_expert.hpp) on the seen map and the env's memory of the level.
  bool expert_action(float* action) const override {
    *action = static_cast<float>(broken_ ? 0 : nethack::expert_action(task_, view(), memory_));
    return true;
  }

  // NLE emulates a terminal over every byte the game writes only while tty buffers are bound:
  // 7-12 us of a 30-40 us step (measured), which no learner needs. So only on request.
  void keep_screen(bool keep) override { keep_screen_ = keep; }

  // NetHack's own terminal (24 x 80), as a person playing it would see it.
  std::string render_text() const override {
    if (!screen_kept_) {
      throw InvalidArgument(std::string("NetHack's screen is kept only when asked for, from the next reset on: ") +
                            (keep_screen_ ? "reset first" : "call csim_vec_env_keep_screen(env, 1) (Swift: "
                             "VecEnv.keepScreen(), Python: env.keep_screen()), then reset"));
    }
    std::string text;
    text.reserve(nle::kTermRows * (nle::kTermColumns + 1));
    for (int32_t r = 0; r < nle::kTermRows; ++r) {
      std::string line(reinterpret_cast<const char*>(tty_chars_ + r * nle::kTermColumns), nle::kTermColumns);
      for (char& ch : line) {
        if (static_cast<unsigned char>(ch) < 32 || static_cast<unsigned char>(ch) > 126) ch = ' ';
      }
      line.erase(line.find_last_not_of(' ') + 1);
      text += line;
      text += '\n';
    }
    return text;
  }

 private:
  // NLE's _perform_known_steps: "--More--" gets a space, text prompts an escape, and yes/no
  // questions an escape unless `agent_questions` and the question is one the agent answers.
  void dismiss(bool agent_questions) {
    while (!obs_.done) {
      if (internal_[nle::kInternalWaitForSpace] != 0) {
        engine_.step(kSpace, &obs_);
        continue;
      }
      if (internal_[nle::kInternalGetLine] != 0) {
        engine_.step(kEscape, &obs_);
        continue;
      }
      if (internal_[nle::kInternalYesNo] != 0) {
        if (agent_questions && agent_answers(message_)) break;
        engine_.step(kEscape, &obs_);
      }
      break;
    }
  }

  // NLE's _quit_game: leave menus, quit with M-q y, answer the final questions.
  void quit() {
    dismiss(false);
    for (int key : {kMetaQuit, static_cast<int>('y')}) {
      if (obs_.done) return;
      engine_.step(key, &obs_);
    }
    dismiss(false);
  }

  // A game that failed to start: blank buffers (what NLE shows outside a game), a fault, and a
  // note on stderr the first time in the process, since the caller sees only the count.
  void fail(const char* why) {
    ++faults_;
    broken_ = true;
    std::fill(glyphs_, glyphs_ + nle::kMapSize, static_cast<int16_t>(kStoneGlyph));
    std::memset(blstats_, 0, sizeof(blstats_));
    std::memset(message_, 0, sizeof(message_));
    std::memset(internal_, 0, sizeof(internal_));
    std::memset(inv_glyphs_, 0, sizeof(inv_glyphs_));
    std::memset(inv_strs_, 0, sizeof(inv_strs_));
    std::memset(inv_letters_, 0, sizeof(inv_letters_));
    std::memset(inv_oclasses_, 0, sizeof(inv_oclasses_));
    std::memset(tty_chars_, ' ', sizeof(tty_chars_));
    static std::once_flag noted;
    std::call_once(noted, [why] {
      std::fprintf(stderr, "pavlov: a NetHack game could not start (%s); its episode is truncated and counted "
                   "by csim_vec_env_fault_count\n", why);
    });
  }

  ExpertView view() const { return ExpertView{glyphs_, blstats_, message_, internal_, inv_letters_, inv_oclasses_}; }

  // The glyph an action's move heads into (0 for other actions or off the map).
  int16_t glyph_next_to_hero(int32_t action) const {
    static constexpr int32_t dx[8] = {0, 1, 0, -1, 1, 1, -1, -1}, dy[8] = {-1, 0, 1, 0, -1, 1, 1, -1};
    if (action < 1 || action > 8) return 0;
    const long x = blstats_[nle::kBlX] + dx[action - 1], y = blstats_[nle::kBlY] + dy[action - 1];
    if (x < 0 || y < 0 || x >= nle::kColumns || y >= nle::kRows) return 0;
    return glyphs_[y * nle::kColumns + x];
  }

  // The privileged facts of the game as it is now (kept for the final observation, which NLE
  // shows after the game, on a blank map).
  void read_truth() {
    truth_.update(engine_, blstats_);
    stairs_distance_ = truth_.stairs_distance(blstats_);
    stairs_seen_ = truth_.stairs_seen(glyphs_);
    explored_ = truth_.explored(glyphs_);
  }

  // Staircase measure short of the goal, in [0, 1]: a third each for the seen share of the
  // level, the stairs in view, and closeness to them on the true map (80 squares or more: 0).
  float staircase_measure() const {
    if (stairs_seen_ < 0 || explored_ < 0.0f) return 0.0f;
    const float distance = stairs_distance_ < 0 ? 80.0f : std::min(80.0f, static_cast<float>(stairs_distance_));
    return (explored_ + static_cast<float>(stairs_seen_) + (1.0f - distance / 80.0f)) / 3.0f;
  }

  // Progress ranks a death below every living state and the goal above them: 0 on death, the
  // living in [kLivingFloor, 0.9] (goal tasks) or [kLivingFloor, 1] (depth tasks), 1 on the goal.
  // A labeller that compares progress then prefers any living state to a death, which the
  // blank post-game screen alone cannot say (it follows a goal too; only the event differs).
  static constexpr float kLivingFloor = 0.1f;

  void write_info(float* info, EndStatus status, bool success) const {
    const long depth = blstats_[nle::kBlDepth];
    const bool goal_task = task_ == Task::kStaircase || task_ == Task::kStaircasePet || task_ == Task::kOracle;
    const bool staircase = task_ == Task::kStaircase || task_ == Task::kStaircasePet;
    float progress = kLivingFloor;
    if (!goal_task) {
      progress = kLivingFloor + (1.0f - kLivingFloor) * std::min(1.0f, std::max(0.0f, static_cast<float>(depth - 1) / 10.0f));
    }
    if (staircase) progress = kLivingFloor + (0.9f - kLivingFloor) * staircase_measure();
    if (success) progress = 1.0f;
    if (status == kDeath) progress = 0.0f;
    info[CSIM_INFO_SUCCESS] = success ? 1.0f : 0.0f;
    info[CSIM_INFO_PROGRESS] = progress;
    info[CSIM_INFO_EVENT] = static_cast<float>(last_event_);
    info[CSIM_INFO_EPISODE_STEP] = static_cast<float>(steps_);
    info[kInfoDepth] = static_cast<float>(depth);
    info[kInfoScore] = static_cast<float>(blstats_[nle::kBlScore]);
    info[kInfoGold] = static_cast<float>(blstats_[nle::kBlGold]);
    info[kInfoHunger] = static_cast<float>(internal_[nle::kInternalHunger]);
    info[kInfoTurn] = static_cast<float>(blstats_[nle::kBlTime]);
    info[kInfoEndStatus] = static_cast<float>(status);
    info[kInfoStairsDistance] = static_cast<float>(stairs_distance_);
    info[kInfoStairsSeen] = static_cast<float>(stairs_seen_);
    info[kInfoExplored] = explored_;
  }

  Task task_;
  int32_t max_steps_;
  Engine engine_;
  nle::Observation obs_;
  int16_t glyphs_[nle::kMapSize] = {};
  long blstats_[nle::kBlstatsSize] = {};
  uint8_t message_[nle::kMessageSize] = {};
  int program_state_[nle::kProgramStateSize] = {};
  int internal_[nle::kInternalSize] = {};
  int16_t inv_glyphs_[nle::kInventorySize] = {};
  uint8_t inv_strs_[nle::kInventorySize * nle::kInventoryStringLength] = {};
  uint8_t inv_letters_[nle::kInventorySize] = {};
  uint8_t inv_oclasses_[nle::kInventorySize] = {};
  uint8_t tty_chars_[nle::kTermRows * nle::kTermColumns] = {};
  int misc_[nle::kMiscSize] = {};
  int32_t steps_ = 0;
  int32_t last_event_ = kEventNone;
  ScoutMemory scout_;
  ExplorationMemory memory_;
  TrueLevel truth_;
  int32_t stairs_distance_ = -1, stairs_seen_ = -1;
  float explored_ = -1.0f;
  bool broken_ = true;  // no game yet
  bool keep_screen_ = false;  // asked for (csim_vec_env_keep_screen)
  bool screen_kept_ = false;  // bound for the running game
  int64_t faults_ = 0;
};

}  // namespace

std::unique_ptr<Env> NetHackKind::make(const CSimOptions& options) const {
  const CSimSpec s = spec(options);
  return std::make_unique<NetHackEnv>(task_, s.max_episode_steps);
}

}  // namespace nethack
}  // namespace csim
