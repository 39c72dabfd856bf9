// Plain-English captions of arm observations ("the gripper is open, 8 cm above the puck;
// the puck is 21 cm from the goal"). Only the observation is used, so a hidden goal stays
// hidden. Distances are whole centimetres so that small jitter does not change the text.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "arm_env.hpp"

namespace csim {
namespace arm {

namespace {

long cm(double metres) { return std::lround(metres * 100.0); }

std::string gripper_phrase(double opening) {
  const double gap = opening * 10.0;  // the observation is the gap over 10 cm
  if (gap >= 6.0) return "the gripper is open";
  if (gap < 1.0) return "the gripper is closed";
  char text[64];
  std::snprintf(text, sizeof(text), "the gripper is %ld cm open", std::lround(gap));
  return text;
}

std::string hand_to_object(const float* o, const char* noun) {
  const double dx = o[4] - o[0], dy = o[5] - o[1], dz = o[2] - o[6];
  const double across = std::hypot(dx, dy);
  char text[96];
  if (across < 0.02 && std::fabs(dz) < 0.015) {
    std::snprintf(text, sizeof(text), "at the %s", noun);
  } else if (across < 0.02 && dz > 0) {
    std::snprintf(text, sizeof(text), "%ld cm above the %s", cm(dz), noun);
  } else {
    std::snprintf(text, sizeof(text), "%ld cm from the %s", cm(std::sqrt(across * across + dz * dz)), noun);
  }
  return text;
}

// What the observation says about the task's mechanism, where it says it without the goal:
// the drawer's closed handle always sits at y = 0.74 and the button's top rests at 11.5 cm.
std::string task_phrase(const Task& task, const float* o) {
  const std::string name = task.name;
  char text[96];
  if (name == "drawer-open" || name == "drawer-close") {
    const long open = std::max(0L, cm(0.74 - o[5]));
    std::snprintf(text, sizeof(text), "; the drawer is open %ld of %d cm", open, name == "drawer-open" ? 20 : 15);
    return text;
  }
  if (name == "button-press-topdown") {
    const long pressed = std::max(0L, cm(0.115 - o[6]));
    if (pressed == 0) return "; the button is up";
    std::snprintf(text, sizeof(text), "; the button is pressed %ld of 6 cm", pressed);
    return text;
  }
  return "";
}

}  // namespace

std::string caption_observation(const Task& task, const float* o, bool goal_visible, int32_t event) {
  const bool reach = std::string(task.name) == "reach";
  std::string s = gripper_phrase(o[3]) + ", " + hand_to_object(o, task.noun);
  if (goal_visible) {
    char text[96];
    const double hx = o[36] - o[0], hy = o[37] - o[1], hz = o[38] - o[2];
    const double ox = o[36] - o[4], oy = o[37] - o[5], oz = o[38] - o[6];
    if (reach) {
      std::snprintf(text, sizeof(text), "; the gripper is %ld cm from the goal", cm(std::sqrt(hx * hx + hy * hy + hz * hz)));
    } else {
      std::snprintf(text, sizeof(text), "; the %s is %ld cm from the goal", task.noun,
                    cm(std::sqrt(ox * ox + oy * oy + oz * oz)));
    }
    s += text;
  }
  s += task_phrase(task, o);
  if (event == kEventGrasped) s += std::string("; the gripper just grasped the ") + task.noun;
  if (event == kEventSolved) s += "; the task is solved";
  if (event == kEventFault) s += "; the physics failed and the episode restarts";
  return s;
}

}  // namespace arm
}  // namespace csim
