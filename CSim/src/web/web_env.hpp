// The web task kinds: MiniWob++ tasks natively, ids "MiniWob-<task>-v0" (docs/miniwob.md).
//
// Actions (discrete, element level, after MiniWob's CLICK_ELEMENT, FOCUS_ELEMENT_AND_TYPE_FIELD
// and PRESS_KEY):
//   [0, 128)               click element row k (a "t" text row clicks its parent element)
//   [128, 128 + 128*8)     click row k, then type instruction field j: 128 + 8k + j
//   [1152, 1152 + 15)        press key i of kActionKeys (0-9, '-', Backspace, Enter, Up, Down)
// A row past the page's last, or a field the instruction lacks, makes that part a no-op.
//
// Observation: float32, named parts (web_observation.cpp): the utterance and field values as
// ASCII codes, the element table (codes: tag, focused, checked, active, which field the text
// or value equals; text and value as ASCII codes; numbers: box, background colour, the text
// read as a number), each row's parent, and the fields read as numbers.
//
// Rewards (options.reward_kind): 0 (default) MiniWob's raw reward, in [-1, 1], on the step the
// task ends; 1 MiniWob's time-decayed reward: a reward the task marks time-proportional is
// scaled by max(0, 1 - t/T), t the steps taken and T the step limit (the browser's wall clock
// becomes the step count). Reaching the step limit ends the episode as MiniWob's timer does,
// with -1, flagged truncated.
//
// Info (privileged): success, progress, event, episode_step, then raw_reward.
// Events: 1 "clicked", 2 "typed", 3 "pressed key", 4 "succeeded", 5 "failed", 6 "timed out".
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../core/env.hpp"
#include "web_task.hpp"

namespace csim {
namespace web {

constexpr int32_t kClickActions = kMaxElements;
constexpr int32_t kTypeActions = kMaxElements * kMaxFields;
constexpr int32_t kNumActions = kClickActions + kTypeActions + kNumActionKeys;

inline int32_t click_action(int32_t row) { return row; }
inline int32_t type_action(int32_t row, int32_t field) { return kClickActions + row * kMaxFields + field; }
inline int32_t key_action(char key) {
  for (int32_t i = 0; i < kNumActionKeys; ++i) {
    if (kActionKeys[i] == key) return kClickActions + kTypeActions + i;
  }
  return -1;
}

enum Event : int32_t { kEventNone = 0, kEventClicked, kEventTyped, kEventKey, kEventSucceeded, kEventFailed,
                       kEventTimedOut, kNumEvents };
enum RewardKind : int32_t { kRewardRaw = 0, kRewardTimeDecayed = 1, kNumRewardKinds = 2 };

// Makes a task by name (web_register.cpp).
using TaskFactory = std::unique_ptr<Task> (*)();

class WebKind final : public EnvKind {
 public:
  WebKind(const char* id, const char* task, TaskFactory factory, int32_t default_max_steps)
      : id_(id), task_(task), factory_(factory), default_max_steps_(default_max_steps) {}

  const char* id() const override { return id_; }
  const char* task_name() const { return task_; }
  CSimSpec spec(const CSimOptions& options) const override;
  std::unique_ptr<Env> make(const CSimOptions& options) const override;
  std::vector<const char*> extra_info_names() const override { return {"raw_reward"}; }
  std::vector<const char*> event_names() const override;
  std::string action_name(int32_t action) const override;
  std::string caption(const void* observation, int32_t event) const override;
  std::vector<CSimObservationPart> observation_parts() const override;
  std::vector<std::pair<const char*, const char*>> learner_hints() const override;

 private:
  const char* id_;
  const char* task_;
  TaskFactory factory_;
  int32_t default_max_steps_;
};

// Observation layout (offsets in floats), shared by the env and the captions.
namespace layout {
constexpr int32_t kCodeChannels = 6;  // tag, focused, checked, active, text field, value field
constexpr int32_t kNumberChannels = 9;  // left, top, width, height, has bg, r, g, b, number
constexpr int32_t kUtterance = 0;
constexpr int32_t kFields = kUtterance + kUtteranceChars;
constexpr int32_t kCodes = kFields + kMaxFields * kFieldChars;
constexpr int32_t kText = kCodes + kMaxElements * kCodeChannels;
constexpr int32_t kValue = kText + kMaxElements * kTextChars;
constexpr int32_t kNumbers = kValue + kMaxElements * kValueChars;
constexpr int32_t kParents = kNumbers + kMaxElements * kNumberChannels;
constexpr int32_t kFieldNumbers = kParents + kMaxElements;
constexpr int32_t kSize = kFieldNumbers + kMaxFields;
constexpr float kNumberLow = -1.0f;
constexpr float kNumberHigh = 5.0f;
}  // namespace layout

// Writes the observation of a page and instruction (web_observation.cpp).
void encode(const Page& page, const Instruction& instruction, float* out);

// The page as compact HTML-like text for a person (render_text; full texts and ids).
std::string render_page(const Page& page, const Instruction& instruction);

}  // namespace web
}  // namespace csim
