// The C ABI's pictures: RGB images of a range of envs, rendered on the handle's worker
// threads. Kept apart from stepping: rendering is never on the hot path.
#include <string>

#include "guard.hpp"

using namespace csim::abi;

namespace {

constexpr int32_t kMinSide = 16;
constexpr int32_t kMaxSide = 512;

struct RenderJob {
  const CSimVecEnv* env;
  int32_t begin;
  int32_t width;
  int32_t height;
  uint8_t* pixels;
  bool missing;  // an env without pictures (written by any thread; only ever set to true)
};

void render_chunk(void* context, int32_t begin, int32_t end) {
  RenderJob& job = *static_cast<RenderJob*>(context);
  const size_t image = static_cast<size_t>(job.width) * job.height * 3;
  for (int32_t i = begin; i < end; ++i) {
    if (!job.env->envs[job.begin + i]->render_rgb(job.width, job.height, job.pixels + image * i)) job.missing = true;
  }
}

CSimStatus check_size(const CSimVecEnv* env, int32_t width, int32_t height) {
  if (width >= kMinSide && width <= kMaxSide && height >= kMinSide && height <= kMaxSide) return CSIM_OK;
  return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "image size " + std::to_string(width) + "x" + std::to_string(height) +
                                                    " is outside " + std::to_string(kMinSide) + "..." +
                                                    std::to_string(kMaxSide));
}

}  // namespace

extern "C" {

CSimStatus csim_vec_env_render_rgb(CSimVecEnv* env, int32_t begin, int32_t end, int32_t width, int32_t height,
                                   uint8_t* pixels, int64_t pixels_length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in render_rgb", [&] {
    if (pixels == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "pixels is NULL");
    if (begin < 0 || end > env->num_envs || begin >= end) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "range [" + std::to_string(begin) + ", " + std::to_string(end) +
                                                        ") is empty or not within [0, " +
                                                        std::to_string(env->num_envs) + ")");
    }
    if (CSimStatus s = check_size(env, width, height); s != CSIM_OK) return s;
    const int64_t needed = static_cast<int64_t>(end - begin) * width * height * 3;
    if (pixels_length < needed) {
      return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "pixels has " + std::to_string(pixels_length) +
                                                        " bytes; it needs " + std::to_string(needed) +
                                                        " (envs x height x width x 3)");
    }
    if (!env->has_reset) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, "call reset before rendering");
    RenderJob job{env, begin, width, height, pixels, false};
    env->pool->run(render_chunk, &job, end - begin);
    if (job.missing) return fail(env, CSIM_ERROR_INVALID_ARGUMENT, std::string(env->spec.id) + " has no pictures");
    return CSIM_OK;
  });
}

CSimStatus csim_vec_env_render_observation_rgb(const CSimVecEnv* env, const void* observation, int32_t width,
                                               int32_t height, uint8_t* pixels, int64_t pixels_length) {
  if (env == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(env, "in render_observation_rgb", [&] {
    if (observation == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "observation is NULL");
    if (pixels == nullptr) return fail(env, CSIM_ERROR_NULL_POINTER, "pixels is NULL");
    if (CSimStatus s = check_size(env, width, height); s != CSIM_OK) return s;
    const int64_t needed = static_cast<int64_t>(width) * height * 3;
    if (pixels_length < needed) {
      return fail(env, CSIM_ERROR_BUFFER_TOO_SMALL, "pixels has " + std::to_string(pixels_length) +
                                                        " bytes; it needs " + std::to_string(needed) +
                                                        " (height x width x 3)");
    }
    if (CSimStatus s = check_numbers(env, observation); s != CSIM_OK) return s;
    if (!env->kind->render_observation(observation, width, height, pixels)) {
      return fail(env, CSIM_ERROR_INVALID_ARGUMENT,
                  std::string(env->spec.id) + " cannot draw a stored observation (no picture of its state from the "
                                              "observation alone)");
    }
    return CSIM_OK;
  });
}

}  // extern "C"
