// What the web tasks tell a learner (csim_env_hint_*): read the observation as an element table
// (Pavlov's PPO then scores click/type actions per row, docs/learner.md), where each kind of
// element action starts in the action space, so the learner never needs this family's layout,
// and PPO settings for episodes of a few steps: a batch of 32 envs x 32 steps (about 200
// episodes, where CleanRL's 64 x 128 would wait for 2,000) and lr 1e-3 (click-tab-2, seed 1,
// 15k steps: success 0.79 at 1e-3 against 0.33 at the default 2.5e-4; docs/miniwob.md).
#include "web_env.hpp"

namespace csim {
namespace web {

// Hint values are static text; these pin them to the action layout they describe.
static_assert(kClickActions == 128 && kMaxFields == 8 && kClickActions + kTypeActions == 1152,
              "update the action offsets in learner_hints");

std::vector<std::pair<const char*, const char*>> WebKind::learner_hints() const {
  return {{"observation_view", "element-table"},
          {"click_action_offset", "0"},
          {"type_action_offset", "128"},
          {"key_action_offset", "1152"},
          {"learning_rate", "0.001"},
          {"num_envs", "32"},
          {"num_steps", "32"},
          {"num_minibatches", "4"}};
}

}  // namespace web
}  // namespace csim
