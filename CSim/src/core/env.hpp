// The interface every environment implements, and the registry that names them.
//
// An EnvKind is one registered id (e.g. "MiniGrid-DoorKey-8x8-v0"): it knows the
// spec, makes instances and captions stored observations. An Env is one
// instance; all of its state lives inline so that step and reset never allocate.
// The batching, threading, validation and autoreset live in vec_env.cpp, once,
// for every environment.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "csim.h"
#include "rng.hpp"

namespace csim {

namespace json {
class Value;
}

// Thrown by kinds for bad options; turned into CSIM_ERROR_INVALID_ARGUMENT at the boundary.
struct InvalidArgument : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown by kinds that need an optional part which is not installed (NetHack's engine); turned
// into CSIM_ERROR_UNAVAILABLE. The message names the part and the command that installs it.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What one step produced besides the observation and the info row.
struct StepResult {
  float reward = 0.0f;
  bool terminated = false;
  bool truncated = false;
};

class Env {
 public:
  virtual ~Env() = default;

  // Starts a new episode. Writes the first observation (spec.observation_size elements)
  // and a full info row (spec.info_dim floats; success 0, event 0, episode step 0).
  virtual void reset(Rng& rng, void* observation, float* info) = 0;

  // Advances one step with an action the core has already validated (int32 for discrete
  // spaces; action_dim float32 clipped to the bounds for continuous ones). Writes the next
  // observation and a full info row. Must not allocate.
  virtual StepResult step(Rng& rng, const void* action, void* observation, float* info) = 0;

  // Writes the current observation again (for captions of the live state).
  virtual void observe(void* observation) const = 0;

  // Event code of the last step (0 after a reset): what the agent just made happen.
  virtual int32_t last_event() const = 0;

  // A text picture for a person at a terminal. May show privileged state.
  virtual std::string render_text() const = 0;

  // Whether to keep what render_text shows, from the next reset on (csim_vec_env_keep_screen);
  // only for families whose picture costs work on every step.
  virtual void keep_screen(bool /*keep*/) {}

  // The task's instruction for the agent in plain English ("" when the task has none).
  virtual std::string mission() const { return ""; }

  // The scripted expert's action for the current state (action_dim floats for continuous
  // spaces), computed from privileged state. False when the environment has no expert.
  virtual bool expert_action(float* /*action*/) const { return false; }

  // Draws the current state as height x width x 3 RGB bytes from a fixed camera. False when
  // the environment has no pictures. May show privileged state (a person's view).
  virtual bool render_rgb(int32_t /*width*/, int32_t /*height*/, uint8_t* /*rgb*/) const { return false; }

  // Starts a new episode from a state given as parsed JSON (an instance exported from a
  // reference implementation) and writes its first observation and info row, as reset does.
  // Throws InvalidArgument naming what is wrong, leaving the env as it was. False when the
  // environment loads no states. Off the hot path: may allocate.
  virtual bool load_state(const json::Value& /*state*/, void* /*observation*/, float* /*info*/) { return false; }

  // Physics faults detected (and recovered from by truncation) since creation.
  virtual int64_t fault_count() const { return 0; }

  // For fault-handling tests only: corrupts the physics state so that the next step must
  // detect a fault. False when the environment has no physics.
  virtual bool inject_fault() { return false; }
};

class EnvKind {
 public:
  virtual ~EnvKind() = default;

  virtual const char* id() const = 0;

  // The spec with options applied (max_episode_steps override, reward_kind). Throws
  // InvalidArgument when an option is not allowed for this environment.
  virtual CSimSpec spec(const CSimOptions& options) const = 0;

  // A fresh instance. Called once per env at creation; may allocate.
  virtual std::unique_ptr<Env> make(const CSimOptions& options) const = 0;

  // Names of the info columns past the CSIM_INFO_COMMON shared ones (index 0 is column
  // CSIM_INFO_COMMON). Static storage.
  virtual std::vector<const char*> extra_info_names() const { return {}; }

  // Name of an event code (index = code; entry 0 is ""). Static storage.
  virtual std::vector<const char*> event_names() const { return {""}; }

  // Name of a discrete action already checked to be in range; "" lets the core say "action N".
  virtual std::string action_name(int32_t /*action*/) const { return ""; }

  // Plain-English caption of an observation and of the event that produced it. Uses only
  // what the observation shows, so it never leaks privileged state.
  virtual std::string caption(const void* observation, int32_t event) const = 0;

  // Draws a stored observation (already checked to be one an env could write) as height x width
  // x 3 RGB bytes, from what the observation shows alone; false where the family (or task)
  // cannot pose a picture from an observation. Not on the hot path: it may build a scene.
  virtual bool render_observation(const void* /*observation*/, int32_t /*width*/, int32_t /*height*/,
                                  uint8_t* /*rgb*/) const {
    return false;
  }

  // The observation as named parts, in order of offset, covering it exactly (see
  // observation_parts.hpp for the builders). Pure virtual: every family must say what its
  // observation is, so that learners never guess it from the id.
  virtual std::vector<CSimObservationPart> observation_parts() const = 0;

  // Tokens per discrete action and the number of token values (0, 0: no token table).
  virtual int32_t action_tokens_per_action() const { return 0; }
  virtual int32_t action_token_values() const { return 0; }

  // Writes action `action`'s action_tokens_per_action() tokens (only called when there are some,
  // with an action already checked to be in range).
  virtual void action_tokens(int32_t /*action*/, int32_t* /*tokens*/) const {}

  // Settings a learner should start from for this family, as (key, value) text pairs in
  // static storage; csim.h lists the keys in use.
  virtual std::vector<std::pair<const char*, const char*>> learner_hints() const { return {}; }
};

// Fills the fields every spec shares; kinds then set their own.
CSimSpec make_spec(const char* id, const CSimOptions& options, int32_t default_max_steps);

// All registered kinds, in listing order. Built once, thread-safe.
const std::vector<const EnvKind*>& registered_kinds();

// The kind with this id, or nullptr.
const EnvKind* find_kind(const char* id);

// Each family adds its kinds here (defined in its own directory).
void register_grid_kinds(std::vector<const EnvKind*>& out);
void register_wordle_kinds(std::vector<const EnvKind*>& out);
void register_arm_kinds(std::vector<const EnvKind*>& out);
void register_web_kinds(std::vector<const EnvKind*>& out);
void register_nethack_kinds(std::vector<const EnvKind*>& out);

}  // namespace csim
