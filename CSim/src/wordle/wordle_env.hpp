// The Wordle environment kinds: "Wordle-v0" (every allowed guess is an action) and
// "Wordle-Answers-v0" (only the 2,315 answers are actions).
//
// Actions: action i guesses word i of the embedded table (wordle_words.hpp): the answers
// first, alphabetical, then the other allowed guesses, alphabetical. So Wordle-v0 has
// 12,972 actions and Wordle-Answers-v0 its first 2,315. The secret answer is drawn
// uniformly from the 2,315 answers with the env's RNG at every reset (one draw).
//
// Observation: 87 uint8, see wordle_rules.hpp.
//
// Episode: at most six guesses. Solving, or a sixth guess that misses, ends the game:
// both are real terminal states, so they set `terminated`. options.max_episode_steps may
// lower the limit to 1..5 (0 = the default 6; above 6 is rejected since the game has no
// seventh guess): reaching that cap unsolved sets `truncated`, because the game itself
// still had guesses left and a learner should bootstrap from that state.
//
// Rewards (options.reward_kind):
//   0 (default) sparse:      +1 on the solving guess, 0 otherwise.           range [0, 1]
//   1 guess cost:            +1 on solving, -0.1 for every guess that misses, so fewer
//                            guesses score higher (solved in k: 1 - 0.1(k-1)). [-0.1, 1]
//   2 shaped:                +0.1 per position turning green for the first time, +0.05
//                            per letter first found present (yellow), +1 on solving.
//                            The shaping totals at most 0.75 an episode.   range [0, 1.5]
//
// Info (privileged): success, progress (known green positions / 5; 1 on solving), event,
// episode_step, then answer_index (index of the answer = the action that guesses it;
// never show it to a policy), greens and yellows (counts in this guess's feedback).
// Events: 1 "guessed" (a guess that neither solved nor lost), 2 "solved", 3 "lost".
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../core/env.hpp"

namespace csim {
namespace wordle {

enum RewardKind : int32_t { kRewardSparse = 0, kRewardGuessCost = 1, kRewardShaped = 2 };
constexpr int32_t kNumRewardKinds = 3;

class WordleKind final : public EnvKind {
 public:
  WordleKind(const char* id, int32_t num_actions) : id_(id), num_actions_(num_actions) {}

  const char* id() const override { return id_; }
  CSimSpec spec(const CSimOptions& options) const override;
  std::unique_ptr<Env> make(const CSimOptions& options) const override;
  std::vector<const char*> extra_info_names() const override;
  std::vector<const char*> event_names() const override;
  std::string action_name(int32_t action) const override;
  std::string caption(const void* observation, int32_t event) const override;
  std::vector<CSimObservationPart> observation_parts() const override;
  int32_t action_tokens_per_action() const override;
  int32_t action_token_values() const override;
  void action_tokens(int32_t action, int32_t* tokens) const override;
  std::vector<std::pair<const char*, const char*>> learner_hints() const override;

 private:
  const char* id_;
  int32_t num_actions_;
};

}  // namespace wordle
}  // namespace csim
