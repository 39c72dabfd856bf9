// One Wordle game per env, and the kind that describes and makes it (see wordle_env.hpp).
//
// Episodes last at most six steps, so reset is on the hot path as much as step: the whole
// state is one 87-byte observation plus a few integers, reset is a memset and one RNG draw,
// and step scores one guess and copies the 87 bytes out. Nothing allocates.
#include "wordle_env.hpp"

#include <cstring>

#include "wordle_rules.hpp"
#include "wordle_solver.hpp"
#include "wordle_text.hpp"
#include "wordle_words.hpp"

namespace csim {
namespace wordle {
namespace {

// Info columns past the common four.
enum : int32_t { kInfoAnswerIndex = CSIM_INFO_COMMON, kInfoGreens, kInfoYellows, kInfoDim };

struct RewardRange {
  float low, high;
};

RewardRange reward_range(int32_t kind) {
  switch (kind) {
    case kRewardGuessCost: return {-0.1f, 1.0f};
    case kRewardShaped: return {0.0f, 1.5f};
    default: return {0.0f, 1.0f};
  }
}

class WordleEnv final : public Env {
 public:
  WordleEnv(int32_t max_guesses, int32_t reward_kind) : max_guesses_(max_guesses), reward_kind_(reward_kind) {}

  void reset(Rng& rng, void* observation, float* info) override {
    std::memset(obs_, 0, sizeof(obs_));
    answer_ = static_cast<int32_t>(rng.below(static_cast<uint32_t>(kNumAnswers)));
    guesses_ = 0;
    green_mask_ = 0;
    last_event_ = kEventNone;
    std::memcpy(observation, obs_, sizeof(obs_));
    info[CSIM_INFO_SUCCESS] = 0.0f;
    info[CSIM_INFO_PROGRESS] = 0.0f;
    info[CSIM_INFO_EVENT] = 0.0f;
    info[CSIM_INFO_EPISODE_STEP] = 0.0f;
    info[kInfoAnswerIndex] = static_cast<float>(answer_);
    info[kInfoGreens] = 0.0f;
    info[kInfoYellows] = 0.0f;
  }

  StepResult step(Rng&, const void* action, void* observation, float* info) override {
    const int32_t guess_index = *static_cast<const int32_t*>(action);
    const char* guess = word_letters(guess_index);
    uint8_t feedback[kWordLength];
    score_guess(guess, word_letters(answer_), feedback);

    const int32_t row = guesses_;
    uint8_t* knowledge = obs_ + kKnowledgeOffset;
    uint8_t before[kWordLength];  // each guessed letter's knowledge before this guess
    int32_t greens = 0, yellows = 0, new_greens = 0, new_yellows = 0;
    for (int32_t c = 0; c < kWordLength; ++c) {
      const int32_t letter = guess[c] - 'a';
      const uint8_t f = feedback[c];
      obs_[letter_byte(row, c)] = static_cast<uint8_t>(letter + 1);
      obs_[feedback_byte(row, c)] = f;
      before[c] = knowledge[letter];
      if (f == kGreen) {
        ++greens;
        if ((green_mask_ & (1u << c)) == 0) {
          ++new_greens;
          green_mask_ |= 1u << c;
        }
      } else if (f == kYellow) {
        ++yellows;
      }
    }
    for (int32_t c = 0; c < kWordLength; ++c) {
      uint8_t& k = knowledge[guess[c] - 'a'];
      if (feedback[c] > k) k = feedback[c];
    }
    // A letter "first found present" went from untried to yellow-only with this guess
    // (a letter also green in this guess already paid as a green); counted once per letter.
    uint32_t counted = 0;
    for (int32_t c = 0; c < kWordLength; ++c) {
      const int32_t letter = guess[c] - 'a';
      if (before[c] == 0 && knowledge[letter] == kYellow && (counted & (1u << letter)) == 0) {
        counted |= 1u << letter;
        ++new_yellows;
      }
    }
    guesses_ = row + 1;
    obs_[kGuessCountOffset] = static_cast<uint8_t>(guesses_);

    const bool solved = greens == kWordLength;
    StepResult result;
    result.terminated = solved || guesses_ >= kMaxGuesses;
    result.truncated = !result.terminated && guesses_ >= max_guesses_;
    last_event_ = solved ? kEventSolved : (guesses_ >= kMaxGuesses ? kEventLost : kEventGuessed);

    switch (reward_kind_) {
      case kRewardGuessCost: result.reward = solved ? 1.0f : -0.1f; break;
      case kRewardShaped:
        result.reward = 0.1f * static_cast<float>(new_greens) + 0.05f * static_cast<float>(new_yellows) +
                        (solved ? 1.0f : 0.0f);
        break;
      default: result.reward = solved ? 1.0f : 0.0f; break;
    }

    std::memcpy(observation, obs_, sizeof(obs_));
    info[CSIM_INFO_SUCCESS] = solved ? 1.0f : 0.0f;
    info[CSIM_INFO_PROGRESS] = solved ? 1.0f : static_cast<float>(__builtin_popcount(green_mask_)) / kWordLength;
    info[CSIM_INFO_EVENT] = static_cast<float>(last_event_);
    info[CSIM_INFO_EPISODE_STEP] = static_cast<float>(guesses_);
    info[kInfoAnswerIndex] = static_cast<float>(answer_);
    info[kInfoGreens] = static_cast<float>(greens);
    info[kInfoYellows] = static_cast<float>(yellows);
    return result;
  }

  void observe(void* observation) const override { std::memcpy(observation, obs_, sizeof(obs_)); }

  int32_t last_event() const override { return last_event_; }

  std::string render_text() const override { return render(obs_); }
  std::string mission() const override { return "guess the hidden five-letter word in at most six guesses"; }

  // The consistent-guess solver of wordle_solver.hpp, the action index as a float. Answers
  // come first in the word table, so its guess is legal in both Wordle ids.
  bool expert_action(float* action) const override {
    const int32_t guess = solver_guess(obs_);
    if (guess < 0) return false;
    *action = static_cast<float>(guess);
    return true;
  }

 private:
  uint8_t obs_[kObsSize] = {};
  int32_t answer_ = 0;
  int32_t guesses_ = 0;
  uint32_t green_mask_ = 0;  // bit c: column c has been green in some guess
  int32_t last_event_ = kEventNone;
  const int32_t max_guesses_;
  const int32_t reward_kind_;
};

void check_options(const CSimOptions& options) {
  if (options.reward_kind < 0 || options.reward_kind >= kNumRewardKinds) {
    throw InvalidArgument("Wordle reward_kind must be 0 (sparse: +1 on solving), 1 (guess cost: +1 on solving, "
                          "-0.1 per missed guess) or 2 (shaped: +0.1 per new green position, +0.05 per new "
                          "present letter, +1 on solving); got " +
                          std::to_string(options.reward_kind));
  }
  if (options.max_episode_steps > kMaxGuesses) {
    throw InvalidArgument("Wordle max_episode_steps must be 0 (the default, 6 guesses) or 1..6; got " +
                          std::to_string(options.max_episode_steps));
  }
}

}  // namespace

CSimSpec WordleKind::spec(const CSimOptions& options) const {
  check_options(options);
  CSimSpec s = make_spec(id_, options, kMaxGuesses);
  s.observation_dtype = CSIM_DTYPE_UINT8;
  s.observation_rank = 1;
  s.observation_shape[0] = kObsSize;
  s.observation_size = kObsSize;
  s.observation_low = 0.0f;
  s.observation_high = static_cast<float>(kAlphabet);
  s.action_kind = CSIM_ACTION_DISCRETE;
  s.num_actions = num_actions_;
  s.action_dim = 1;
  s.action_low = 0.0f;
  s.action_high = static_cast<float>(num_actions_ - 1);
  const RewardRange range = reward_range(options.reward_kind);
  s.reward_low = range.low;
  s.reward_high = range.high;
  s.info_dim = kInfoDim;
  return s;
}

std::unique_ptr<Env> WordleKind::make(const CSimOptions& options) const {
  check_options(options);
  const int32_t max_guesses = options.max_episode_steps > 0 ? options.max_episode_steps : kMaxGuesses;
  return std::unique_ptr<Env>(new WordleEnv(max_guesses, options.reward_kind));
}

std::vector<const char*> WordleKind::extra_info_names() const { return {"answer_index", "greens", "yellows"}; }

std::vector<const char*> WordleKind::event_names() const {
  return std::vector<const char*>(kEventNames, kEventNames + kNumEvents);
}

std::string WordleKind::action_name(int32_t action) const {
  if (action < 0 || action >= num_actions_) return "";
  return std::string(word_letters(action), kWordLength);
}

std::string WordleKind::caption(const void* observation, int32_t event) const {
  return wordle::caption(static_cast<const uint8_t*>(observation), event);
}

}  // namespace wordle
}  // namespace csim
