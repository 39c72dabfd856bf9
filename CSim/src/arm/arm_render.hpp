// A small software renderer for arm scenes: one fixed camera, ray casting against the scene's
// primitives (plane, box, sphere, capsule, cylinder), Lambert shading. For people (GIFs,
// debugging) and pixel-based agents; it reads the ODE state and never runs inside a step.
#pragma once
#include <cstdint>

#include "arm_scene.hpp"

namespace csim {
namespace arm {

// Writes height x width x 3 bytes of RGB (row-major, top row first) of `scene` seen from the
// fixed camera, with the goal drawn as a small red marker (none when `goal` is nullptr).
void render_scene(const Scene& scene, const Vec3* goal, int32_t width, int32_t height, uint8_t* rgb);

}  // namespace arm
}  // namespace csim
