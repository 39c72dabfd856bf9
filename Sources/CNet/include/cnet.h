/*
 * cnet.h — the one public header of Pavlov's learner kernels (C++/Eigen behind a C ABI).
 *
 * Small batched networks for on-policy learners (PPO and kin): an MLP with forward and
 * backward passes, categorical and diagonal-Gaussian policy heads, Adam and global
 * gradient-norm clipping.
 * Conventions (the same as csim.h):
 *   - float32 everywhere; batches are row-major: row i of a (batch x n) buffer is sample i.
 *   - The caller owns every buffer and passes its length in elements, so short buffers are
 *     caught. Every fallible call returns a CNetStatus; the message of the last failure on
 *     the calling thread is in cnet_last_error. Creation also fills a caller error buffer.
 *   - Nothing here aborts or exits the host process; C++ exceptions stop at this boundary.
 *   - No allocation after creation: an MLP owns its workspace, sized for max_batch rows.
 *   - Gradients of parameters ACCUMULATE (+=) so several losses and minibatch pieces add up
 *     until the caller zeroes them; gradients of activations (d_logits, d_mean, d_input) are
 *     OVERWRITTEN, because they are fed straight into the next backward call.
 *
 * A value head is an MLP with output size 1 (CleanRL: output gain 1.0); a policy network is
 * an MLP whose outputs are logits (categorical) or means (Gaussian; output gain 0.01).
 *
 * Thread safety: one CNetMLP must not be used from two threads at once. The head, Adam and
 * clipping functions are pure functions of their buffers and may run on any thread.
 */
#ifndef CNET_H
#define CNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a declaration below changes meaning or layout. */
#define CNET_ABI_VERSION 1

/* Most layer sizes (input, hidden..., output) an MLP may have. */
#define CNET_MAX_LAYER_SIZES 16

/* Result of every fallible call. */
typedef enum CNetStatus {
  CNET_OK = 0,
  CNET_ERROR_INVALID_ARGUMENT = 1,   /* a size, count, option or index out of its range */
  CNET_ERROR_NULL_POINTER = 2,       /* a required pointer was NULL */
  CNET_ERROR_BUFFER_TOO_SMALL = 3,   /* a buffer's length is below what the call needs */
  CNET_ERROR_INVALID_STATE = 4,      /* e.g. backward before any forward */
  CNET_ERROR_OUT_OF_MEMORY = 5,      /* allocation failed at creation */
  CNET_ERROR_INTERNAL = 6            /* a bug in CNet: please report the message */
} CNetStatus;

/* Nonlinearity of the hidden layers (the output layer is always linear). IDENTITY makes a layer
 * linear: a one-hot layer that feeds logits directly (a "wide" skip path beside the MLP). */
typedef enum CNetActivation {
  CNET_ACTIVATION_TANH = 0,
  CNET_ACTIVATION_RELU = 1,
  CNET_ACTIVATION_IDENTITY = 2
} CNetActivation;

/* Returns CNET_ABI_VERSION as compiled into the library; callers check it matches their header. */
int32_t cnet_abi_version(void);

/* Human-readable name of a status code. Static storage. */
const char* cnet_status_name(CNetStatus status);

/* Message of the last failed call on this thread ("" if none). Valid until the next call on this thread. */
const char* cnet_last_error(void);

/* Instruction sets for the MLP's matrix products. */
typedef enum CNetSimd {
  CNET_SIMD_BASELINE = 0,   /* what the build's flags allow (SSE2 on x86-64 under SwiftPM, NEON on arm64) */
  CNET_SIMD_AVX2_FMA = 1,   /* x86-64 with AVX2 and FMA, chosen at run time; about 2.5x faster */
  CNET_SIMD_AVX512 = 2      /* x86-64 with AVX-512 F, VL, DQ and BW (and AVX2, FMA); about 1.4x AVX2 */
} CNetSimd;

/* The instruction set the matrix products use now: the best this CPU supports unless cnet_set_simd chose. */
CNetSimd cnet_simd(void);

/* Chooses the instruction set for all later products, process-wide (call before using networks from
 * other threads). Results differ between sets in the last bits (FMA rounds once), so pin one to
 * compare runs across machines. CNET_ERROR_INVALID_ARGUMENT where this CPU or build lacks it. */
CNetStatus cnet_set_simd(CNetSimd simd);

/* ---------------------------------------------------------------------------------------- */
/* MLP                                                                                       */
/* ---------------------------------------------------------------------------------------- */

/* Opaque multilayer perceptron with its parameters, gradients and workspace. */
typedef struct CNetMLP CNetMLP;

/* Creates an MLP with layer sizes (num_sizes >= 2: input, hidden..., output), hidden activation
 * `activation`, for batches of at most max_batch rows. Parameters are one flat vector, layer by
 * layer: W (out x in, row-major, PyTorch's nn.Linear layout) then b (out). Initialisation is
 * CleanRL's layer_init: orthogonal weights with gain sqrt(2) on hidden layers and output_gain on
 * the last, biases 0, drawn deterministically from `seed`. Gradients start at zero.
 * On failure *out is NULL and error (Nullable, error_capacity bytes) holds a NUL-terminated message. */
CNetStatus cnet_mlp_create(const int32_t* layer_sizes, int32_t num_sizes, CNetActivation activation,
                           float output_gain, uint64_t seed, int32_t max_batch,
                           CNetMLP** out, char* error, size_t error_capacity);

/* Destroys an MLP. Nullable: mlp. */
void cnet_mlp_destroy(CNetMLP* mlp);

/* Number of layer sizes (layers + 1); 0 for NULL. */
int32_t cnet_mlp_num_sizes(const CNetMLP* mlp);

/* Size of layer `index` in [0, num_sizes): 0 is the input size, num_sizes-1 the output size; 0 if out of range. */
int32_t cnet_mlp_layer_size(const CNetMLP* mlp, int32_t index);

/* Largest batch forward accepts; 0 for NULL. */
int32_t cnet_mlp_max_batch(const CNetMLP* mlp);

/* Number of floats in the parameter vector (and in the gradient vector); 0 for NULL. */
int64_t cnet_mlp_parameter_count(const CNetMLP* mlp);

/* The flat parameter vector (parameter_count floats), owned by the MLP; write to it freely
 * (optimiser steps, checkpoint loads). NULL for NULL. */
float* cnet_mlp_parameters(CNetMLP* mlp);

/* The flat gradient vector (parameter_count floats), same layout as the parameters; backward adds to it. NULL for NULL. */
float* cnet_mlp_gradients(CNetMLP* mlp);

/* Sets every gradient to zero. Nullable: mlp. */
void cnet_mlp_zero_gradients(CNetMLP* mlp);

/* Re-draws the parameters as cnet_mlp_create would with `seed` and `output_gain`; zeroes gradients. */
CNetStatus cnet_mlp_reset_parameters(CNetMLP* mlp, float output_gain, uint64_t seed);

/* Forward pass: input (batch x in) -> output (batch x out), 1 <= batch <= max_batch.
 * Keeps a copy of the input and the hidden activations for cnet_mlp_backward. */
CNetStatus cnet_mlp_forward(CNetMLP* mlp, const float* input, int64_t input_length, int32_t batch,
                            float* output, int64_t output_length);

/* Backward pass of the last forward: d_output (batch x out) = dLoss/dOutput. ADDS dLoss/dParameters
 * to the gradient vector. Nullable: d_input; if given, (batch x in) is OVERWRITTEN with dLoss/dInput. */
CNetStatus cnet_mlp_backward(CNetMLP* mlp, const float* d_output, int64_t d_output_length,
                             float* d_input, int64_t d_input_length);

/* The same backward pass without the parameter gradients: OVERWRITES d_input (batch x in, required)
 * with dLoss/dInput and leaves the gradient vector untouched. For a loss that differentiates through
 * a network whose parameters it does not train (SAC's actor step through the critics); its d_input
 * equals cnet_mlp_backward's bit for bit, at about half the arithmetic (no weight-gradient products). */
CNetStatus cnet_mlp_backward_input(CNetMLP* mlp, const float* d_output, int64_t d_output_length,
                                   float* d_input, int64_t d_input_length);

/* ---------------------------------------------------------------------------------------- */
/* One-hot input layer                                                                       */
/* ---------------------------------------------------------------------------------------- */

/* A first layer for categorical observations (grid cells, Wordle letters), computed from the
 * active indices only: the same function as nn.Linear over a concatenation of one-hot codes
 * followed by the hidden nonlinearity, at a fraction of the cost (50 rows summed instead of a
 * 984-wide product for a MiniGrid view).
 *   table (num_categories x out), row-major: row c is the weight column of category c, i.e.
 *         the TRANSPOSE of nn.Linear's weight over the one-hot input; bias (out).
 *   indices (batch x per_row), int32 in [0, num_categories): the active category of each
 *         input feature (feature j's offset already added by the caller).
 * Writes output (batch x out) = activation(bias + sum_j table[indices[i, j]]). */
CNetStatus cnet_onehot_forward(const float* table, int64_t table_length, const float* bias, int64_t bias_length,
                               int32_t num_categories, int32_t out, const int32_t* indices,
                               int64_t indices_length, int32_t batch, int32_t per_row,
                               CNetActivation activation, float* output, int64_t output_length);

/* Backward of cnet_onehot_forward: from its output (batch x out, post-activation) and d_output
 * (batch x out) = dLoss/dOutput, ADDS dLoss/dTable to d_table (num_categories x out) and
 * dLoss/dBias to d_bias (out). Indices are not re-validated: pass the ones forward accepted. */
CNetStatus cnet_onehot_backward(const int32_t* indices, int64_t indices_length, int32_t batch, int32_t per_row,
                                int32_t num_categories, int32_t out, CNetActivation activation,
                                const float* output, int64_t output_length, const float* d_output,
                                int64_t d_output_length, float* d_table, int64_t d_table_length,
                                float* d_bias, int64_t d_bias_length);

/* Sums of selected inputs: output[i, o] = sum over k of input[i, index[o, k]]. The word-letter
 * policy head (Wordle): a word's logit is the sum of the scores of its five (position, letter)
 * pairs, index (num_words x 5) into the 5 x 26 scores.
 *   input (batch x in_width); index (num_outputs x per_output), int32 in [0, in_width).
 * Writes output (batch x num_outputs). */
CNetStatus cnet_index_sum_forward(const float* input, int64_t input_length, int32_t batch, int32_t in_width,
                                  const int32_t* index, int64_t index_length, int32_t num_outputs,
                                  int32_t per_output, float* output, int64_t output_length);

/* Its transpose, the gradient: WRITES d_input (batch x in_width), where d_input[i, j] is the sum
 * of d_output[i, o] over every (o, k) with index[o, k] = j (counted as often as it occurs). */
CNetStatus cnet_index_sum_backward(const float* d_output, int64_t d_output_length, int32_t batch,
                                   int32_t num_outputs, const int32_t* index, int64_t index_length,
                                   int32_t per_output, int32_t in_width, float* d_input, int64_t d_input_length);

/* Fills table (num_categories x out) as PyTorch's orthogonal_ fills the equivalent nn.Linear
 * weight (orthonormal columns times gain; CleanRL: gain sqrt(2)), from `seed`. */
CNetStatus cnet_onehot_init(float* table, int64_t table_length, int32_t num_categories, int32_t out, float gain,
                            uint64_t seed);

/* Combined rows: row r = the sum of the table rows of its members, a tuple of categories that
 * occur together (a MiniGrid cell's object, colour and state). cnet_onehot_forward over the
 * combined rows, with one index per group of features, is the same function as over the table
 * (up to float summation order) at a fraction of the rows.
 *   row_starts (num_rows + 1), ascending: row r's members are members[row_starts[r]] up to
 *   members[row_starts[r + 1] - 1] (int32 categories in [0, num_categories)). To work on rows
 *   [a, b) only, pass row_starts + a, b - a and combined + a * out.
 * Writes combined (num_rows x out). */
CNetStatus cnet_onehot_combine(const float* table, int64_t table_length, int32_t num_categories, int32_t out,
                               const int32_t* row_starts, int32_t num_rows, const int32_t* members,
                               int64_t members_length, float* combined, int64_t combined_length);

/* Backward of cnet_onehot_combine, summed over num_sources gradients of the same combined rows
 * (one per data-parallel replica; each d_combined[s] is num_rows x out, d_combined_length long):
 * ADDS each row's summed gradient to its members' rows of d_table (num_categories x out). Rows and
 * members as in cnet_onehot_combine. */
CNetStatus cnet_onehot_spread(const float* const* d_combined, int32_t num_sources, int64_t d_combined_length,
                              const int32_t* row_starts, int32_t num_rows, const int32_t* members,
                              int64_t members_length, int32_t num_categories, int32_t out, float* d_table,
                              int64_t d_table_length);

/* ---------------------------------------------------------------------------------------- */
/* Categorical head                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* For logits (batch x num_actions) and actions (batch, int32 in [0, num_actions)): writes
 * log_probs (batch) = log softmax(logits)[action] and entropy (batch), both Nullable.
 * Nullable: d_logits (batch x num_actions); if given it is OVERWRITTEN with the gradient of
 *   sum_i (log_prob_weights[i] * log_probs[i] + entropy_weights[i] * entropy[i])
 * w.r.t. the logits; a NULL weight buffer counts as all zeros. PPO passes per-sample weights,
 * e.g. -advantage * ratio / batch where unclipped, and -ent_coef / batch for the entropy. */
CNetStatus cnet_categorical_evaluate(const float* logits, int64_t logits_length, int32_t batch,
                                     int32_t num_actions, const int32_t* actions, int64_t actions_length,
                                     float* log_probs, int64_t log_probs_length,
                                     float* entropy, int64_t entropy_length,
                                     const float* log_prob_weights, int64_t log_prob_weights_length,
                                     const float* entropy_weights, int64_t entropy_weights_length,
                                     float* d_logits, int64_t d_logits_length);

/* Samples actions (batch) from softmax(logits) (batch x num_actions) by inverting the CDF at the
 * caller's uniforms (batch, in [0, 1)): deterministic given the uniforms. Nullable: log_probs (batch). */
CNetStatus cnet_categorical_sample(const float* logits, int64_t logits_length, int32_t batch,
                                   int32_t num_actions, const float* uniforms, int64_t uniforms_length,
                                   int32_t* actions, int64_t actions_length,
                                   float* log_probs, int64_t log_probs_length);

/* ---------------------------------------------------------------------------------------- */
/* Diagonal-Gaussian head                                                                    */
/* ---------------------------------------------------------------------------------------- */

/* For means (batch x dim), a state-independent log_std (dim) and actions (batch x dim): writes
 * log_probs (batch) and entropy (batch), both Nullable, summed over dimensions.
 * Nullable: d_mean (batch x dim), OVERWRITTEN, and d_log_std (dim), to which the call ADDS
 * (it is a parameter): the gradients of
 *   sum_i (log_prob_weights[i] * log_probs[i] + entropy_weights[i] * entropy[i]);
 * a NULL weight buffer counts as all zeros. */
CNetStatus cnet_gaussian_evaluate(const float* mean, int64_t mean_length, int32_t batch, int32_t dim,
                                  const float* log_std, int64_t log_std_length,
                                  const float* actions, int64_t actions_length,
                                  float* log_probs, int64_t log_probs_length,
                                  float* entropy, int64_t entropy_length,
                                  const float* log_prob_weights, int64_t log_prob_weights_length,
                                  const float* entropy_weights, int64_t entropy_weights_length,
                                  float* d_mean, int64_t d_mean_length,
                                  float* d_log_std, int64_t d_log_std_length);

/* Samples actions (batch x dim) = mean + exp(log_std) * normals, from the caller's standard
 * normals (batch x dim): deterministic given the normals. Nullable: log_probs (batch). */
CNetStatus cnet_gaussian_sample(const float* mean, int64_t mean_length, int32_t batch, int32_t dim,
                                const float* log_std, int64_t log_std_length,
                                const float* normals, int64_t normals_length,
                                float* actions, int64_t actions_length,
                                float* log_probs, int64_t log_probs_length);

/* ---------------------------------------------------------------------------------------- */
/* Optimisation                                                                              */
/* ---------------------------------------------------------------------------------------- */

/* Adam hyperparameters. Fill with cnet_adam_options_default (PyTorch's defaults). */
typedef struct CNetAdamOptions {
  float learning_rate;   /* 1e-3; CleanRL PPO uses 2.5e-4 (Atari) or 3e-4, annealed by the caller */
  float beta1;           /* 0.9 */
  float beta2;           /* 0.999 */
  float epsilon;         /* 1e-8; CleanRL PPO passes 1e-5 */
} CNetAdamOptions;

/* Fills *options with PyTorch's torch.optim.Adam defaults. */
void cnet_adam_options_default(CNetAdamOptions* options);

/* One Adam update of parameters (length) from gradients (length), with first and second moment
 * buffers m and v (length, zero before the first step, kept by the caller). `step` is the 1-based
 * number of this update (bias correction uses it), exactly as torch.optim.Adam. Nullable: options. */
CNetStatus cnet_adam_step(float* parameters, const float* gradients, float* m, float* v, int64_t length,
                          int64_t step, const CNetAdamOptions* options);

/* cnet_adam_step on gradients times gradient_scale (finite), the factor cnet_clip_grad_norm would
 * multiply them by, applied on the fly: the gradients stay as they are. Ranges of one buffer may be
 * stepped on different threads (pass parameters + a, gradients + a, m + a, v + a and their length). */
CNetStatus cnet_adam_step_scaled(float* parameters, const float* gradients, float gradient_scale, float* m,
                                 float* v, int64_t length, int64_t step, const CNetAdamOptions* options);

/* Data-parallel gradient reduction: ADDS each of sources[0..num_sources) (length floats each) into
 * target (length), then writes the sum of target's squares, in double, to sum_squares (Nullable): a
 * piece of the global norm that cnet_clip_grad_norm computes. sources may be NULL when num_sources is 0. */
CNetStatus cnet_gradient_sum(float* target, const float* const* sources, int32_t num_sources, int64_t length,
                             double* sum_squares);

/* Global gradient-norm clipping over `count` gradient buffers (gradients[k] has lengths[k] floats),
 * as torch.nn.utils.clip_grad_norm_: if the L2 norm over all of them exceeds max_norm, every
 * gradient is scaled by max_norm / (norm + 1e-6). Nullable: norm, which receives the norm before clipping. */
CNetStatus cnet_clip_grad_norm(float* const* gradients, const int64_t* lengths, int32_t count,
                               float max_norm, float* norm);

#ifdef __cplusplus
}
#endif

#endif /* CNET_H */
