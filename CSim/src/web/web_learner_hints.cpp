// What the web tasks tell a learner (csim_env_hint_*): read the observation as an element table
// (Pavlov's PPO then scores click/type actions per row, docs/learner.md), and where each kind of
// element action starts in the action space, so the learner never needs this family's layout.
#include "web_env.hpp"

namespace csim {
namespace web {

// Hint values are static text; these pin them to the action layout they describe.
static_assert(kClickActions == 64 && kMaxFields == 8 && kClickActions + kTypeActions == 576,
              "update the action offsets in learner_hints");

std::vector<std::pair<const char*, const char*>> WebKind::learner_hints() const {
  return {{"observation_view", "element-table"},
          {"click_action_offset", "0"},
          {"type_action_offset", "64"},
          {"key_action_offset", "576"}};
}

}  // namespace web
}  // namespace csim
