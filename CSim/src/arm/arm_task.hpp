// What one MetaWorld task adds to the shared arm scene: its bodies, how a reset places them
// and the goal, what the observation reports about them, its v2-style reward and success,
// and its scripted expert. A task is a table of plain functions (arm_tasks_*.cpp), so the
// environment class (arm_env.cpp) is the same for all twelve.
#pragma once
#include <cstdint>

#include "../core/rng.hpp"
#include "arm_scene.hpp"

namespace csim {
namespace arm {

// The task's handles into the scene, filled by Task::build.
struct Props {
  dBodyID body[kMaxTaskBodies] = {};
  dJointID joint[kMaxTaskJoints] = {};
  dGeomID geom[4] = {};  // static furniture that a reset moves (goal boxes, walls)
};

// What a reset fixed for the episode.
struct Episode {
  Vec3 obj_init = Vec3::Zero();
  Vec3 target = Vec3::Zero();
  Vec3 hand_init = Vec3::Zero();
  Vec3 init_tcp = Vec3::Zero();
  Vec3 init_pad[2] = {Vec3::Zero(), Vec3::Zero()};
};

// One step's verdict, in MetaWorld's info vocabulary.
struct Evaluation {
  double reward = 0.0;         // MetaWorld v2 dense reward, in [0, 10]
  double progress = 0.0;       // task progress in [0, 1] from privileged state
  bool success = false;        // MetaWorld's success criterion, this step
  bool near_object = false;    // the tool centre point is within 3 cm of the object
  bool grasped = false;        // the object is held between the fingers
  double grasp_reward = 0.0;   // the caging / grasping term
  double in_place = 0.0;       // the placing term
  double obj_to_target = 0.0;  // metres (hand to target for reach)
};

// Everything a task function may read: the scene, its handles and the episode.
struct TaskView {
  const Scene& scene;
  const Props& props;
  const Episode& episode;
};

struct Task {
  const char* name;     // MetaWorld's name without "-v3", e.g. "pick-place"
  const char* mission;  // the instruction in plain English
  const char* noun;     // what captions call the first object ("puck")
  Vec3 hand_init;    // where resets put the hand
  // Adds the task's bodies, joints and furniture (once, at creation).
  void (*build)(Scene& scene, Props& props);
  // Randomises objects and goal from the env's RNG and places them; fills obj_init and target.
  void (*reset)(Scene& scene, Props& props, Episode& episode, Rng& rng);
  // Writes the first object's position and quaternion (w, x, y, z), then the second's
  // (zeros when the task has one object): 14 numbers.
  void (*objects)(const TaskView& view, double out[14]);
  Evaluation (*evaluate)(const TaskView& view, const float action[4]);
  // The scripted policy: one action in [-1, 1]^4 from the true state.
  void (*expert)(const TaskView& view, float action[4]);
  // Poses the task's bodies and furniture from what an observation says (`objects`: its 14
  // numbers from `objects` above; `episode.target` holds the observed goal, zeros when
  // `goal_known` is false), for pictures of stored observations. nullptr: not posable.
  void (*pose)(Scene& scene, Props& props, Episode& episode, const double objects[14], bool goal_known) = nullptr;
  // Whether staged progress (arm_staged.hpp: reach the first object, be at it, move it) applies;
  // false where the task's progress is the hand's own (reach), which staged progress then is.
  bool staged = true;
};

// The registered tasks, in listing order.
const Task* const* all_tasks(int* count);

// Shared helpers for task files.
void body_pose(dBodyID body, double out[7]);  // position, then quaternion (w, x, y, z)
double uniform(Rng& rng, double lo, double hi);
// Teleports `body` at rest to `position` turned by the quaternion q (w, x, y, z; normalised
// here, identity when it is zero, as some observations report it).
void pose_body(dBodyID body, const Vec3& position, const double q[4]);
// A pose function for tasks whose first object is reported as the first body's pose.
void pose_first_body(Scene& scene, Props& props, Episode& episode, const double objects[14], bool goal_known);
// A proportional move towards `to`, clipped to the action box: MetaWorld's policies' move().
void move_towards(const Vec3& from, const Vec3& to, double gain, float action[4]);

}  // namespace arm
}  // namespace csim

namespace csim {
namespace arm {

// MetaWorld's _gripper_caging_reward: the fingers' pads bracketing the object along y, the
// tool centre point close in x-z, the gripper closing once caged; `high_density` averages in
// the caging term, `medium_density` a reaching term. In [0, 1].
double caging_reward(const TaskView& view, const float action[4], const Vec3& obj, double obj_radius,
                     double pad_success_thresh, double object_reach_radius, double xz_thresh, bool high_density,
                     bool medium_density);

// The object is between the pads (along y), within `xz` of the tool centre point in x-z, and
// the fingers have closed onto it (each no more than `radius` + 5 mm open).
bool holding(const TaskView& view, const Vec3& obj, double radius, double xz);

// The grasp-and-carry expert (push, pick-place, sweep-into, soccer): over the object, down
// with the fingers open, close, then carry the object's centre to `goal`; re-grasp on a miss.
void carry_expert(const TaskView& view, const Vec3& obj, double radius, const Vec3& goal, float action[4]);

// The handle expert (door-open, drawer-open): over the handle at `hover` above it (rising first
// while lower than `clear` above it and more than 3 cm away), down with the fingers open, close,
// then move the held handle towards `goal`.
void handle_expert(const TaskView& view, const Vec3& handle, double radius, double hover, double clear,
                   const Vec3& goal, float action[4]);

// The share of the starting distance `start` closed, counted from the success radius `within`.
double progress_within(double distance, double start, double within);

// What every "bring the object within `within` of its target" task reports alike: success, the
// distance, progress, and whether the tool centre point is near (3 cm) or holding the object.
// The reward and its terms stay with the task.
void report_placement(const TaskView& view, const Vec3& obj, double radius, double to_target, double start,
                      double within, Evaluation& result);

}  // namespace arm
}  // namespace csim
