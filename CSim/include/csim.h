/*
 * csim.h — the one public header of Pavlov's C/C++ simulation core.
 *
 * A CSimVecEnv is a batch of `num_envs` copies of one environment, stepped together.
 * Conventions (after MuJoCo's mujoco.h, EnvPool and PufferLib):
 *   - Opaque handles; every fallible call returns a CSimStatus. Creation also fills a
 *     caller-supplied error buffer; later failures are described by csim_vec_env_last_error.
 *   - The caller owns every buffer. Buffers are env-major: row i belongs to env i.
 *     Each buffer is passed with its length in elements so short buffers are caught.
 *   - Nothing here aborts or exits the host process; C++ exceptions stop at this boundary.
 *   - No allocation inside step or reset after creation.
 *   - Same-step autoreset: an env whose episode ends writes its flags (and, if a buffer is
 *     given, its final observation), then resets and writes the first observation of its
 *     next episode into the observation buffer.
 *   - Per-env counter-based RNG keyed by (seed, env index): a seed gives bit-identical
 *     trajectories for any thread count and any batch split.
 *   - Privileged info (success, progress, events) goes to a separate buffer that policies
 *     must never see; scripted teachers and analyses read it.
 *
 * Thread safety: one handle must not be used from two threads at once, except
 * csim_vec_env_step_range on disjoint ranges, which is re-entrant by design.
 */
#ifndef CSIM_H
#define CSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a declaration below changes meaning or layout. */
#define CSIM_ABI_VERSION 1

/* Longest environment id, including the terminating NUL. */
#define CSIM_MAX_ID_LENGTH 64

/* Most worker threads a batch may ask for (CSimOptions.num_threads); more is refused. */
#define CSIM_MAX_THREADS 256

/* Most dimensions an observation shape may have. */
#define CSIM_MAX_RANK 4

/* Result of every fallible call. */
typedef enum CSimStatus {
  CSIM_OK = 0,
  CSIM_ERROR_UNKNOWN_ENV = 1,        /* no environment with that id; the message lists them */
  CSIM_ERROR_INVALID_ARGUMENT = 2,   /* a count, option or index out of its range */
  CSIM_ERROR_NULL_POINTER = 3,       /* a required pointer was NULL */
  CSIM_ERROR_BUFFER_TOO_SMALL = 4,   /* a buffer's length is below what the call needs */
  CSIM_ERROR_INVALID_ACTION = 5,     /* an action out of range or not finite; nothing stepped */
  CSIM_ERROR_OUT_OF_MEMORY = 6,      /* memory or threads ran out; at creation, nothing was created */
  CSIM_ERROR_INTERNAL = 7,           /* a bug in CSim: please report the message */
  CSIM_ERROR_UNAVAILABLE = 8         /* the environment needs an optional part that is not installed
                                        (NetHack's engine); the message names it and how to install it */
} CSimStatus;

/* Element type of a buffer. */
typedef enum CSimDType {
  CSIM_DTYPE_UINT8 = 0,
  CSIM_DTYPE_INT32 = 1,
  CSIM_DTYPE_FLOAT32 = 2
} CSimDType;

/* Kind of action space. */
typedef enum CSimActionKind {
  CSIM_ACTION_DISCRETE = 0,   /* one int32 per env in [0, num_actions) */
  CSIM_ACTION_CONTINUOUS = 1  /* action_dim float32 per env in [action_low, action_high] */
} CSimActionKind;

/* Static description of an environment: its spaces and limits. */
typedef struct CSimSpec {
  char id[CSIM_MAX_ID_LENGTH];          /* e.g. "MiniGrid-DoorKey-8x8-v0" */
  CSimDType observation_dtype;          /* element type of one observation */
  int32_t observation_rank;             /* number of used entries in observation_shape */
  int32_t observation_shape[CSIM_MAX_RANK];
  int64_t observation_size;             /* elements per env: product of the shape */
  float observation_low;                /* bounds of every observation element */
  float observation_high;
  CSimActionKind action_kind;
  int32_t num_actions;                  /* discrete: number of actions; continuous: 0 */
  int32_t action_dim;                   /* discrete: 1; continuous: numbers per action */
  float action_low;                     /* continuous bounds (discrete: 0 and num_actions-1) */
  float action_high;
  float reward_low;                     /* bounds of the per-step environment reward */
  float reward_high;
  int32_t max_episode_steps;            /* truncation limit */
  int32_t info_dim;                     /* float32 per env in the privileged info buffer */
} CSimSpec;

/* Privileged info columns every environment shares (the first CSIM_INFO_COMMON of info_dim). */
enum {
  CSIM_INFO_SUCCESS = 0,      /* 1 on the step the task was solved, else 0 */
  CSIM_INFO_PROGRESS = 1,     /* task progress in [0, 1], from privileged state */
  CSIM_INFO_EVENT = 2,        /* event code of this step (0: none); see csim_event_name */
  CSIM_INFO_EPISODE_STEP = 3, /* steps taken in the episode, counting this one */
  CSIM_INFO_COMMON = 4
};

/* Options for creation. Fill with csim_options_default, then change what you need. */
typedef struct CSimOptions {
  int32_t num_threads;        /* worker threads for csim_vec_env_step; 0 = all cores, 1 = caller only.
                                 At most CSIM_MAX_THREADS. A batch uses no more threads than envs nor
                                 than 4 per hardware thread (more only take turns); see
                                 csim_vec_env_num_threads. */
  int32_t max_episode_steps;  /* 0 = the environment's default; otherwise overrides it */
  int32_t reward_kind;        /* environment-specific reward variant; 0 = the default */
} CSimOptions;

/* Caller-owned outputs of one step or reset. Lengths are in elements. */
typedef struct CSimStepBuffers {
  void* observations;              /* (num_envs x observation_size) of observation_dtype */
  int64_t observations_length;
  float* rewards;                  /* (num_envs) */
  int64_t rewards_length;
  uint8_t* terminated;             /* (num_envs): episode ended by the task (goal, death) */
  int64_t terminated_length;
  uint8_t* truncated;              /* (num_envs): episode cut by the step limit or a fault */
  int64_t truncated_length;
  void* final_observations;        /* Nullable. (num_envs x observation_size): written only for envs that ended */
  int64_t final_observations_length;
  float* info;                     /* Nullable. (num_envs x info_dim): privileged, never for policies.
                                      After a step, the row describes that step, also for envs that ended. */
  int64_t info_length;
  float* reset_info;               /* Nullable. (num_envs x info_dim): written only for envs that ended this
                                      step: the info row of the first observation of their next episode */
  int64_t reset_info_length;
} CSimStepBuffers;

/* Opaque batch of environments. */
typedef struct CSimVecEnv CSimVecEnv;

/* Returns CSIM_ABI_VERSION as compiled into the library; callers check it matches their header. */
int32_t csim_abi_version(void);

/* Fills *options with defaults (all cores, default limits and rewards). */
void csim_options_default(CSimOptions* options);

/* Number of registered environment ids. */
int32_t csim_env_count(void);

/* Id of registered environment `index` in [0, csim_env_count()); NULL when out of range. Static storage. */
const char* csim_env_id(int32_t index);

/* Fills *spec for the environment `id` with default options. */
CSimStatus csim_env_spec(const char* id, CSimSpec* spec);

/* Human-readable name of a status code. Static storage. */
const char* csim_status_name(CSimStatus status);

/* Creates a batch of num_envs environments `id` seeded by `seed`. Nullable: options (defaults).
 * On failure *out is NULL and error (Nullable, error_capacity bytes) holds a NUL-terminated message. */
CSimStatus csim_vec_env_create(const char* id, int32_t num_envs, uint64_t seed, const CSimOptions* options,
                               CSimVecEnv** out, char* error, size_t error_capacity);

/* Destroys a batch and joins its threads. Nullable: env. */
void csim_vec_env_destroy(CSimVecEnv* env);

/* Copies the spec of the batch (with options applied) into *spec. */
CSimStatus csim_vec_env_get_spec(const CSimVecEnv* env, CSimSpec* spec);

/* Number of environments in the batch. Returns 0 for NULL. */
int32_t csim_vec_env_num_envs(const CSimVecEnv* env);

/* Number of worker threads csim_vec_env_step uses (the caller counts as one). */
int32_t csim_vec_env_num_threads(const CSimVecEnv* env);

/* Name of privileged info column `column` in [0, info_dim); NULL when out of range. Static storage. */
const char* csim_vec_env_info_name(const CSimVecEnv* env, int32_t column);

/* Name of event code `event` for this environment ("" for 0, NULL when unknown). Static storage. */
const char* csim_vec_env_event_name(const CSimVecEnv* env, int32_t event);

/* Message of the last failed call on this handle ("" if none). Valid until the next call. */
const char* csim_vec_env_last_error(const CSimVecEnv* env);

/* Resets every env. Writes observations and (if given) info; rewards are set to 0 and flags
 * cleared when those buffers are given (they are Nullable here). */
CSimStatus csim_vec_env_reset(CSimVecEnv* env, const CSimStepBuffers* buffers);

/* Steps every env with actions: (num_envs) int32 for discrete spaces, (num_envs x action_dim)
 * float32 for continuous ones; actions_length in elements. Validates all actions first: on an
 * invalid one nothing is stepped and the error names the env and the value. Uses the handle's
 * worker threads. */
CSimStatus csim_vec_env_step(CSimVecEnv* env, const void* actions, int64_t actions_length,
                             const CSimStepBuffers* buffers);

/* Steps envs [begin, end) only, on the calling thread. Buffers and actions are the full-batch
 * ones (indexed by env). Re-entrant: threads may step disjoint ranges of one handle at once.
 * This is how a host that schedules its own threads drives the batch. */
CSimStatus csim_vec_env_step_range(CSimVecEnv* env, int32_t begin, int32_t end, const void* actions,
                                   int64_t actions_length, const CSimStepBuffers* buffers);

/* Text about the live state (caption, mission, render_text) needs a reset first: before it an
 * env has no episode, and these calls return CSIM_ERROR_INVALID_ARGUMENT. */

/* Writes a plain-English caption of env `index`'s current observation and of what its last
 * step changed, NUL-terminated into buffer (capacity bytes). *length (Nullable) receives the
 * caption's length without the NUL; a caption longer than capacity-1 is cut and the call
 * returns CSIM_ERROR_BUFFER_TOO_SMALL. Deterministic; never uses privileged state. */
CSimStatus csim_vec_env_caption(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                size_t* length);

/* Captions a stored observation (observation_size elements of observation_dtype), with the
 * event code recorded with it (0 for none). Same buffer rules as csim_vec_env_caption. An
 * observation no env could have written (a NaN, a number outside the spec's bounds, a byte
 * outside its table) gives CSIM_ERROR_INVALID_ARGUMENT naming the element. */
CSimStatus csim_vec_env_caption_observation(const CSimVecEnv* env, const void* observation, int32_t event,
                                            char* buffer, size_t capacity, size_t* length);

/* Writes env `index`'s mission, the instruction the task gives the agent in plain English
 * (MiniGrid's mission string, e.g. "pick up the red ball"; "" where a task has none). Public,
 * not privileged: MiniGrid hands it to the agent. Same buffer rules as csim_vec_env_caption. */
CSimStatus csim_vec_env_mission(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity, size_t* length);

/* Writes the name of discrete action `action` (e.g. "forward" in a grid world, the guessed word
 * in Wordle), NUL-terminated. Same buffer rules as csim_vec_env_caption; continuous spaces and
 * actions out of range give CSIM_ERROR_INVALID_ARGUMENT. */
CSimStatus csim_vec_env_action_name(const CSimVecEnv* env, int32_t action, char* buffer, size_t capacity,
                                    size_t* length);

/* Renders env `index` as text for a terminal (the full map for grid worlds, the board for
 * Wordle), NUL-terminated. Privileged: a person's view, never a policy's input. Same buffer rules.
 * NetHack's picture is its terminal, which it keeps only after csim_vec_env_keep_screen. */
CSimStatus csim_vec_env_render_text(const CSimVecEnv* env, int32_t index, char* buffer, size_t capacity,
                                    size_t* length);

/* Whether the batch's envs keep what render_text shows (keep 1) or not (0), from each env's
 * next reset on. Families whose picture is free to make ignore it. NetHack's picture is its own
 * terminal, kept by emulating every byte the game writes, about a quarter of a step's time, so
 * it is off until asked for; render_text of an env that does not keep it returns
 * CSIM_ERROR_INVALID_ARGUMENT saying so. Never changes observations, rewards or episodes. */
CSimStatus csim_vec_env_keep_screen(CSimVecEnv* env, int32_t keep);

/* Writes the scripted expert's action for every env (MetaWorld's scripted policies, in C),
 * computed from each env's true state: (num_envs x action_dim) float32 into actions
 * (actions_length elements), each within the action bounds. Discrete spaces (action_dim 1)
 * get the action's index as a float: the grid worlds' BFS planner, Wordle's solver, the MiniWob
 * tasks' experts. Privileged: a teacher's view of
 * the state, for demonstrations and evaluation, never a learned policy's. Needs a reset
 * first; environments without an expert give CSIM_ERROR_INVALID_ARGUMENT. */
CSimStatus csim_vec_env_expert_actions(const CSimVecEnv* env, float* actions, int64_t actions_length);

/* Starts a new episode in env `index` from a state described in JSON, e.g. a task instance
 * exported from a reference implementation (MiniWob++ in a browser) so that both can replay the
 * same actions. The JSON's shape is the family's (docs/miniwob.md for the web tasks). Writes the
 * episode's first observation (Nullable: observation, observation_length elements for one env)
 * and info row (Nullable: info, info_length elements, at least info_dim). Invalid JSON, or a
 * state the environment cannot hold, gives CSIM_ERROR_INVALID_ARGUMENT naming what was wrong and
 * leaves the env as it was. Needs a reset first; environments that load no states give
 * CSIM_ERROR_INVALID_ARGUMENT. Not on the stepping hot path: it may allocate. */
CSimStatus csim_vec_env_set_state_json(CSimVecEnv* env, int32_t index, const char* json, void* observation,
                                       int64_t observation_length, float* info, int64_t info_length);

/* Physics faults (NaN state, a body flung away) detected since creation, summed over the
 * batch. Each one truncated its env's episode, which then autoreset; no NaN reaches an
 * observation. Returns 0 for NULL and for environments without physics. */
int64_t csim_vec_env_fault_count(const CSimVecEnv* env);

/* Renders envs [begin, end) from a fixed camera as RGB images: (end - begin) x height x width x 3
 * uint8 into pixels (pixels_length bytes), row-major, top row first. width and height in
 * [16, 512] (64..224 are the usual sizes). A person's view: it shows the goal even for
 * goal-hidden ids. Uses the handle's worker threads and is never part of a step. Needs a reset
 * first; environments without pictures give CSIM_ERROR_INVALID_ARGUMENT. */
CSimStatus csim_vec_env_render_rgb(CSimVecEnv* env, int32_t begin, int32_t end, int32_t width, int32_t height,
                                   uint8_t* pixels, int64_t pixels_length);

/* Renders a stored observation (observation_size elements of observation_dtype) as one RGB image
 * from the same camera: height x width x 3 uint8 into pixels (pixels_length bytes). The scene is
 * posed from what the observation shows alone (the arm: hand, gripper, objects, and the goal
 * marker only where the id shows the goal), in a scratch scene: no env's state is read or
 * changed, and no reset is needed. For judges that compare pictures of stored observations.
 * width and height in [16, 512]. An observation no env could have written (a NaN, a number
 * outside the spec's bounds) gives CSIM_ERROR_INVALID_ARGUMENT naming the element; so do
 * environments that cannot draw an observation. Allocates: not for the stepping hot path. */
CSimStatus csim_vec_env_render_observation_rgb(const CSimVecEnv* env, const void* observation, int32_t width,
                                               int32_t height, uint8_t* pixels, int64_t pixels_length);

/* ---- What an environment says about itself: observation parts, action tokens, learner hints ----
 * Static descriptions by id (they do not depend on options), so a learner or a binding can pick
 * its encoders without knowing any id. Strings and parts live in static storage. */

/* Longest observation part name, including the terminating NUL. */
#define CSIM_MAX_PART_NAME_LENGTH 32

/* Most per-channel category counts a categorical part lists. */
#define CSIM_MAX_CATEGORY_CHANNELS 8

/* One named part of the flat observation (after EnvPool's spec: "image" 7x7x3, "direction" in 0..3).
 * An environment's parts are listed in order of offset and cover its observation exactly:
 * part k+1 starts where part k ends, the last one ends at observation_size. */
typedef struct CSimObservationPart {
  char name[CSIM_MAX_PART_NAME_LENGTH];  /* e.g. "image"; unique within the environment */
  int64_t offset;                        /* index of the part's first element in the flat observation */
  int64_t size;                          /* elements: the product of the shape (1 for a scalar) */
  int32_t rank;                          /* used entries of shape: 0 (a scalar) .. CSIM_MAX_RANK */
  int32_t shape[CSIM_MAX_RANK];          /* row-major, as the elements lie in the observation */
  CSimDType dtype;                       /* the observation's dtype (one buffer has one type) */
  float low;                             /* bounds of every element of the part */
  float high;
  int32_t num_category_channels;         /* 0: numbers, not categories. 1: every element is a category
                                            code in [0, categories[0]). n > 1: n == shape[rank-1], and
                                            an element whose last index is c is in [0, categories[c]) */
  int32_t categories[CSIM_MAX_CATEGORY_CHANNELS]; /* category counts per channel (unused entries 0) */
} CSimObservationPart;

/* Number of observation parts of environment `id`; 0 for an unknown id. */
int32_t csim_env_observation_part_count(const char* id);

/* Fills *part with part `index` in [0, csim_env_observation_part_count(id)) of environment `id`. */
CSimStatus csim_env_observation_part(const char* id, int32_t index, CSimObservationPart* part);

/* Shape of environment `id`'s action-token table: each discrete action is *tokens_per_action
 * tokens, each in [0, *token_values) (Wordle: an action guesses a word, its 5 letters a=0..z=25).
 * Both 0 where the environment declares no tokens (continuous spaces never do). */
CSimStatus csim_env_action_token_shape(const char* id, int32_t* tokens_per_action, int32_t* token_values);

/* Writes the action-token table: (num_actions x tokens_per_action) int32 into tokens
 * (tokens_length elements), row a holding action a's tokens. CSIM_ERROR_INVALID_ARGUMENT where the
 * environment declares no tokens, CSIM_ERROR_BUFFER_TOO_SMALL when tokens_length is short. */
CSimStatus csim_env_action_tokens(const char* id, int32_t* tokens, int64_t tokens_length);

/* Name of privileged info column `column` of environment `id`, as csim_vec_env_info_name gives it
 * for a batch, without making one (an environment whose engine is not installed can still be
 * described); NULL for an unknown id or a column out of range. Static storage. */
const char* csim_env_info_name(const char* id, int32_t column);

/* Name of event code `event` of environment `id` ("" for 0), as csim_vec_env_event_name gives it;
 * NULL for an unknown id or code. Static storage. */
const char* csim_env_event_name(const char* id, int32_t event);

/* Number of learner hints of environment `id` (0 for an unknown id). A hint is a key and a value,
 * both text: settings a learner should start from for this family, which it may override.
 * Keys in use (docs/c-abi.md lists them): "learning_rate", "reward_kind" (a number each),
 * "observation_view" (the name of an encoder the learner registers, e.g. "wordle-knowledge",
 * "element-table" or "one-hot-parts"), "click_action_offset" / "type_action_offset" /
 * "key_action_offset" (the first action of each element-level kind, for "element-table"),
 * "one_hot_parts" (comma-separated part names, for "one-hot-parts"), PPO's "num_envs",
 * "num_steps", "num_minibatches", "env_threads", "normalize_reward", and "frame_size" (the side
 * in pixels of the pictures of stored observations a judge is shown by default; only where
 * csim_vec_env_render_observation_rgb can draw them), "count_key_part" (the observation part whose
 * contents key a count-modulated learned reward's episode counts instead of the caption). */
int32_t csim_env_hint_count(const char* id);

/* Key of hint `index` in [0, csim_env_hint_count(id)); NULL when out of range. Static storage. */
const char* csim_env_hint_key(const char* id, int32_t index);

/* Value of hint `index` in [0, csim_env_hint_count(id)); NULL when out of range. Static storage. */
const char* csim_env_hint_value(const char* id, int32_t index);

#ifdef __cplusplus
}
#endif

#endif /* CSIM_H */
