// One web task per env: the element-level actions, the focus, MiniWob's rewards and episode
// limit, and the kind that describes it (see web_env.hpp). A page is rebuilt from the task's
// state after every step into an inline table, so stepping never allocates.
#include "web_env.hpp"

#include <algorithm>
#include <cstring>

namespace csim {
namespace web {
namespace {

enum : int32_t { kInfoRawReward = CSIM_INFO_COMMON, kInfoDim };

const char* const kEventNames[kNumEvents] = {"", "clicked", "typed", "pressed key", "succeeded", "failed",
                                             "timed out"};

class WebEnv final : public Env {
 public:
  WebEnv(const char* task_name, std::unique_ptr<Task> task, int32_t max_steps, int32_t reward_kind)
      : task_name_(task_name), task_(std::move(task)), max_steps_(max_steps), reward_kind_(reward_kind) {}

  void reset(Rng& rng, void* observation, float* info) override {
    task_->generate(rng);
    start_episode(observation, info);
  }

  bool load_state(const json::Value& state, void* observation, float* info) override {
    // {"task": "<MiniWob task name>", "state": {...}}: the task checks its own state.
    const std::string& task = state.at("task", "the JSON").as_string("task");
    if (task != task_name_) {
      throw InvalidArgument("this env runs MiniWob task \"" + std::string(task_name_) + "\"; the state is for \"" +
                            task + "\"");
    }
    task_->load(state.at("state", "the JSON"));  // throws (changing nothing) on a bad state
    start_episode(observation, info);
    return true;
  }

  StepResult step(Rng&, const void* action, void* observation, float* info) override {
    const int32_t a = *static_cast<const int32_t*>(action);
    ++steps_;
    Outcome outcome;
    if (a < kClickActions) {
      last_event_ = kEventClicked;
      outcome = click_row(a);
    } else if (a < kClickActions + kTypeActions) {
      last_event_ = kEventTyped;
      const int32_t row = (a - kClickActions) / kMaxFields;
      const int32_t field = (a - kClickActions) % kMaxFields;
      // The row is looked up on the page the action saw: the click may shrink the page (a menu
      // item closing its menu), and the keys still go to whatever has the focus.
      const bool row_shown = row < page_.count;
      outcome = click_row(row);
      if (!outcome.done && row_shown && field < instruction_.num_fields) {
        for (const char* c = instruction_.values[field]; *c != '\0' && !outcome.done; ++c) {
          outcome = task_->key(focus_, *c);
          rebuild();
        }
      }
    } else {
      last_event_ = kEventKey;
      const char key = kActionKeys[a - kClickActions - kTypeActions];
      // Enter on a focused button activates it, as a click does.
      outcome = key == kKeyEnter && focused_tag() == kTagButton ? task_->click(focus_) : task_->key(focus_, key);
      if (outcome.move_focus) focus_ = Target{outcome.focus.role, outcome.focus.arg};
    }
    rebuild();

    StepResult result;
    float raw = 0.0f;
    bool success = false;
    if (outcome.done) {
      raw = outcome.reward;
      success = outcome.success;
      result.reward = raw;
      if (reward_kind_ == kRewardTimeDecayed && outcome.time_proportional) {
        result.reward = raw * std::max(0.0f, 1.0f - static_cast<float>(steps_) / static_cast<float>(max_steps_));
      }
      result.terminated = true;
      last_event_ = success ? kEventSucceeded : kEventFailed;
    } else if (steps_ >= max_steps_) {
      raw = -1.0f;  // MiniWob's timer ends the episode with -1, never time-scaled
      result.reward = raw;
      result.truncated = true;
      last_event_ = kEventTimedOut;
    }
    encode(page_, instruction_, static_cast<float*>(observation));
    write_info(info, success, raw);
    return result;
  }

  void observe(void* observation) const override { encode(page_, instruction_, static_cast<float*>(observation)); }
  int32_t last_event() const override { return last_event_; }
  std::string render_text() const override { return render_page(page_, instruction_); }
  std::string mission() const override { return instruction_.utterance; }

  bool expert_action(float* action) const override {
    action[0] = static_cast<float>(task_->expert(page_, instruction_, focus_));
    return true;
  }

 private:
  void start_episode(void* observation, float* info) {
    steps_ = 0;
    last_event_ = kEventNone;
    focus_ = Target();
    instruction_.clear();
    task_->instruction(instruction_);
    rebuild();
    encode(page_, instruction_, static_cast<float*>(observation));
    write_info(info, false, 0.0f);
  }

  // A click as core.elementClick does it: element.click() (the task's handlers), then
  // element.focus(), which moves the focus only to focusable elements.
  Outcome click_row(int32_t row) {
    if (row < 0 || row >= page_.count) return Outcome::none();
    if (page_.rows[row].tag == kTagText && page_.rows[row].parent >= 0) row = page_.rows[row].parent;
    const Element& e = page_.rows[row];
    const Target target{e.role, e.arg};
    const bool focusable = (e.flags & (kFlagFocusable | kFlagLabel)) != 0;
    Outcome outcome = task_->click(target);
    if (!outcome.done && focusable && !outcome.keep_focus) focus_ = target;
    rebuild();
    // A handler focused another element, and element.focus() on the clicked one (not focusable)
    // left it there.
    if (!outcome.done && outcome.move_focus && !focusable) {
      focus_ = Target{outcome.focus.role, outcome.focus.arg};
      rebuild();
    }
    return outcome;
  }

  int32_t focused_tag() const {
    for (int32_t i = 0; i < page_.count; ++i) {
      if (page_.rows[i].flags & kFlagFocused) return page_.rows[i].tag;
    }
    return kTagNone;
  }

  // Rebuilds the page; a focused element that is no longer shown hands the focus to the body.
  void rebuild() {
    page_.clear();
    task_->build(page_, focus_);
    bool shown = focus_.role == 0;
    for (int32_t i = 0; i < page_.count && !shown; ++i) {
      shown = (page_.rows[i].flags & kFlagFocusable) != 0 && Target{page_.rows[i].role, page_.rows[i].arg} == focus_;
    }
    if (!shown) {
      focus_ = Target();
      page_.clear();
      task_->build(page_, focus_);
    }
    // The body holds the focus when nothing else does, as document.activeElement says.
    for (int32_t i = 0; i < page_.count; ++i) {
      const Element& e = page_.rows[i];
      const bool focused = focus_.role == 0 ? i == 0 : ((e.flags & kFlagFocusable) != 0 && Target{e.role, e.arg} == focus_);
      if (focused) {
        page_.rows[i].flags |= kFlagFocused;
        break;
      }
    }
  }

  void write_info(float* info, bool success, float raw) const {
    info[CSIM_INFO_SUCCESS] = success ? 1.0f : 0.0f;
    info[CSIM_INFO_PROGRESS] = success ? 1.0f : task_->progress();
    info[CSIM_INFO_EVENT] = static_cast<float>(last_event_);
    info[CSIM_INFO_EPISODE_STEP] = static_cast<float>(steps_);
    info[kInfoRawReward] = raw;
  }

  const char* task_name_;
  std::unique_ptr<Task> task_;
  const int32_t max_steps_;
  const int32_t reward_kind_;
  Page page_;
  Instruction instruction_;
  Target focus_;
  int32_t steps_ = 0;
  int32_t last_event_ = kEventNone;
};

void check_options(const CSimOptions& options) {
  if (options.reward_kind < 0 || options.reward_kind >= kNumRewardKinds) {
    throw InvalidArgument("MiniWob reward_kind must be 0 (raw: MiniWob's reward in [-1, 1] when the task ends) or 1 "
                          "(time-decayed: a time-proportional reward scaled by 1 - steps/limit); got " +
                          std::to_string(options.reward_kind));
  }
}

}  // namespace

CSimSpec WebKind::spec(const CSimOptions& options) const {
  check_options(options);
  CSimSpec s = make_spec(id_, options, default_max_steps_);
  s.observation_dtype = CSIM_DTYPE_FLOAT32;
  s.observation_rank = 1;
  s.observation_shape[0] = layout::kSize;
  s.observation_size = layout::kSize;
  s.observation_low = layout::kNumberLow;
  s.observation_high = static_cast<float>(std::max(kCharCodes - 1, kMaxElements));  // ASCII codes, parent rows + 1
  s.action_kind = CSIM_ACTION_DISCRETE;
  s.num_actions = kNumActions;
  s.action_dim = 1;
  s.action_low = 0.0f;
  s.action_high = static_cast<float>(kNumActions - 1);
  s.reward_low = -1.0f;
  s.reward_high = 1.0f;
  s.info_dim = kInfoDim;
  return s;
}

std::unique_ptr<Env> WebKind::make(const CSimOptions& options) const {
  check_options(options);
  const int32_t max_steps = options.max_episode_steps > 0 ? options.max_episode_steps : default_max_steps_;
  return std::unique_ptr<Env>(new WebEnv(task_, factory_(), max_steps, options.reward_kind));
}

std::vector<const char*> WebKind::event_names() const {
  return std::vector<const char*>(kEventNames, kEventNames + kNumEvents);
}

std::string WebKind::action_name(int32_t action) const {
  if (action < 0 || action >= kNumActions) return "";
  if (action < kClickActions) return "click [" + std::to_string(action) + "]";
  if (action < kClickActions + kTypeActions) {
    const int32_t k = action - kClickActions;
    return "type field " + std::to_string(k % kMaxFields) + " into [" + std::to_string(k / kMaxFields) + "]";
  }
  const char key = kActionKeys[action - kClickActions - kTypeActions];
  switch (key) {
    case kKeyBackspace: return "press Backspace";
    case kKeyEnter: return "press Enter";
    case kKeyUp: return "press ArrowUp";
    case kKeyDown: return "press ArrowDown";
    default: return std::string("press ") + key;
  }
}

}  // namespace web
}  // namespace csim
