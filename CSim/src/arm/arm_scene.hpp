// One arm world in ODE: the table, the hand pulled to the mocap target, two fingers on
// sliders, the kinematic arm links, and whatever bodies, geoms and joints a task adds.
//
// Units are metres, kilograms and seconds; the frame is MetaWorld's (x to the robot's right,
// y away from the robot, z up; the table top is z = 0). The hand frame never rotates (it
// points down, as MetaWorld's mocap weld holds it), so the fingers slide along world y.
// MetaWorld's weld is a soft constraint; here it is the same damped spring applied as a force
// (20 kN/m, 300 N s/m): as an ODE fixed joint its six rows cost 16% more per step (measured
// in CPU time, README "Robot arm").
//
// Stepping uses dWorldStep (bit-identical per world; dWorldQuickStep shuffles constraints
// with a process-global seed) and a self-threaded threading implementation per world, so
// that worlds stepped on different threads share no ODE state.
#pragma once
#include <cstdint>

#include <ode/ode.h>

#include "arm_ik.hpp"

namespace csim {
namespace arm {

// Collision categories; a pair collides when each one's category is in the other's mask.
enum Category : unsigned long {
  kStatic = 1,  // table and fixed task furniture
  kHand = 2,    // palm and fingers
  kLink = 4,    // kinematic arm links
  kObject = 8,  // the task's movable bodies
};

constexpr double kSubstep = 0.0025;  // seconds per physics step
constexpr int kSubsteps = 5;         // per env step: 80 Hz, as MetaWorld's frame_skip of 5
constexpr double kFingerTravel = 0.05;  // each finger's slider range: opening 0..10 cm
constexpr double kFingerHalfThickness = 0.005;
constexpr int kMaxTaskBodies = 4;
constexpr int kMaxTaskJoints = 2;

class Scene {
 public:
  Scene();
  ~Scene();
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  // Task building (at creation only). A body of the task with one box / cylinder / sphere geom.
  dBodyID add_box_body(const Vec3& half, double mass);
  dBodyID add_cylinder_body(double radius, double length, double mass);
  dBodyID add_sphere_body(double radius, double mass);
  // Adds another box geom to a task body, offset in the body frame (handles, frames).
  dGeomID add_box_to(dBodyID body, const Vec3& half, const Vec3& offset);
  // A static box (furniture); its geom is returned so tasks can move it at reset. `collide`
  // narrows what it touches (a button's housing must not jam the button itself).
  dGeomID add_static_box(const Vec3& half, const Vec3& center, unsigned long collide = kHand | kObject);
  // A joint of the task's (slider or hinge to the world), recorded for resets.
  dJointID add_slider_to_world(dBodyID body, const Vec3& axis);
  dJointID add_hinge_to_world(dBodyID body, const Vec3& anchor, const Vec3& axis);

  // Teleports the hand (tool centre point) and mocap to tcp with each finger `travel` open,
  // puts the arm links in place and zeroes every velocity. For resets.
  void place_hand(const Vec3& tcp, double travel);
  // Teleports a task body, at rest, upright (or rotated by yaw about z).
  void place_body(dBodyID body, const Vec3& position, double yaw = 0.0);

  // One env step: the spring pulls the hand towards `mocap` (held within 5 cm of the hand:
  // a target that ran away from a blocked hand wound the spring up), the finger motors follow the
  // gripper effort in [-1, 1] (-1 open, +1 close), the links follow the hand.
  void step(const Vec3& mocap, double grip_effort);

  Vec3 tcp() const { return position(hand_); }
  // Each finger's slider travel in [0, kFingerTravel]: half the opening.
  double finger_travel() const;
  // Centre of the left (+y) or right (-y) finger pad.
  Vec3 pad(int side) const { return position(fingers_[side]); }
  const Vec3& mocap() const { return mocap_; }
  dBodyID hand() const { return hand_; }
  dSpaceID space() const { return space_; }  // every geom, for the renderer

  // Every dynamic body's state is finite and within `bound` metres of the table's centre,
  // moving slower than `max_speed` m/s. False means the physics blew up.
  bool sane(double bound, double max_speed) const;
  // For fault-handling tests: flings the first task body (or the hand) away.
  void fling();

  static Vec3 position(dBodyID body) {
    const dReal* p = dBodyGetPosition(body);
    return Vec3(p[0], p[1], p[2]);
  }

 private:
  static void near_callback(void* data, dGeomID a, dGeomID b);
  void track_task_body(dBodyID body);
  void pose_links(bool teleport);

  dWorldID world_ = nullptr;
  dSpaceID space_ = nullptr;
  dJointGroupID contacts_ = nullptr;
  dThreadingImplementationID threading_ = nullptr;
  uint64_t arena_ = 0;  // which thread's step arena this world uses (see arm_ode.hpp)
  dBodyID hand_ = nullptr;
  dBodyID fingers_[2] = {nullptr, nullptr};
  dJointID slides_[2] = {nullptr, nullptr};
  dBodyID links_[3] = {nullptr, nullptr, nullptr};
  dBodyID task_bodies_[kMaxTaskBodies] = {};
  int num_task_bodies_ = 0;
  Vec3 mocap_ = Vec3::Zero();
  double arm_q_[3] = {0, 0, 0};
};

}  // namespace arm
}  // namespace csim
