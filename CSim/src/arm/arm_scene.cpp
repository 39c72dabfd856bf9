#include "arm_scene.hpp"

#include <cmath>

#include "arm_ode.hpp"

namespace csim {
namespace arm {

namespace {

// The palm sits above the tool centre point; the fingers hang from it down to just below it.
const Vec3 kPalmHalf(0.02, 0.06, 0.015);
const Vec3 kPalmOffset(0.0, 0.0, 0.065);
const Vec3 kFingerHalf(0.01, kFingerHalfThickness, 0.03);
constexpr double kFingerCentreAboveTcp = 0.025;
constexpr double kPalmTopAboveTcp = 0.08;
constexpr double kHandMass = 0.5;
constexpr double kFingerMass = 0.05;

// The mocap weld as a damped spring: stiff enough that the hand trails a 1 cm/step target
// by about one step, overdamped so it never rings.
constexpr double kWeldStiffness = 20000.0;  // N/m
constexpr double kWeldDamping = 300.0;      // N s/m
// How far the mocap target may lead the hand. A blocked hand (pressing a door, a button at its
// stop, the table) let an unleashed target run on by 1 cm a step: 20-75 cm of stretch stored
// 4-15 kN in the spring, which crushed the fingers through their slider stops and launched the
// hand at 20-55 m/s when it slipped. 5 cm caps the spring at 1 kN (a slipping hand reaches about
// 3 m/s) and sits above the 3 cm a freely moving hand trails by.
constexpr double kMaxWeldStretch = 0.05;  // m
// Finger motors: speed towards the commanded opening, saturating at a squeeze force.
constexpr double kFingerGain = 30.0;      // 1/s
constexpr double kFingerMaxSpeed = 1.0;   // m/s
constexpr double kFingerForce = 20.0;     // N per finger
constexpr double kFingerCentring = 40.0;  // 1/m: force share per metre of finger imbalance
constexpr double kFriction = 1.0;         // MetaWorld's default sliding friction
constexpr int kMaxContactsPerPair = 4;

void set_identity(dBodyID body) {
  dMatrix3 r;
  dRSetIdentity(r);
  dBodySetRotation(body, r);
}

void set_at_rest(dBodyID body, const Vec3& p) {
  dBodySetPosition(body, p.x(), p.y(), p.z());
  dBodySetLinearVel(body, 0, 0, 0);
  dBodySetAngularVel(body, 0, 0, 0);
  dBodySetForce(body, 0, 0, 0);
  dBodySetTorque(body, 0, 0, 0);
}

void set_geom_bits(dGeomID geom, unsigned long category, unsigned long collide) {
  dGeomSetCategoryBits(geom, category);
  dGeomSetCollideBits(geom, collide);
}

}  // namespace

Scene::Scene() {
  world_ = dWorldCreate();
  dWorldSetGravity(world_, 0, 0, -9.81);
  dWorldSetERP(world_, 0.2);
  dWorldSetCFM(world_, 1e-6);
  dWorldSetAutoDisableFlag(world_, 0);
  dWorldSetContactSurfaceLayer(world_, 0.0005);
  // Penetrations are resolved at walking pace, never by launching a body out of them.
  dWorldSetContactMaxCorrectingVel(world_, 0.5);
  threading_ = dThreadingAllocateSelfThreadedImplementation();
  dWorldSetStepThreadingImplementation(world_, dThreadingImplementationGetFunctions(threading_), threading_);
  space_ = dSimpleSpaceCreate(nullptr);
  contacts_ = dJointGroupCreate(0);

  dGeomID table = dCreatePlane(space_, 0, 0, 1, 0);
  set_geom_bits(table, kStatic, kHand | kObject);

  dMass m;
  hand_ = dBodyCreate(world_);
  dMassSetBoxTotal(&m, kHandMass, 2 * kPalmHalf.x(), 2 * kPalmHalf.y(), 2 * kPalmHalf.z());
  dBodySetMass(hand_, &m);
  dBodySetGravityMode(hand_, 0);  // the arm carries the hand, as the Sawyer's controller does
  dGeomID palm = dCreateBox(space_, 2 * kPalmHalf.x(), 2 * kPalmHalf.y(), 2 * kPalmHalf.z());
  dGeomSetBody(palm, hand_);
  dGeomSetOffsetPosition(palm, kPalmOffset.x(), kPalmOffset.y(), kPalmOffset.z());
  set_geom_bits(palm, kHand, kStatic | kObject);

  for (int side = 0; side < 2; ++side) {
    dBodyID f = dBodyCreate(world_);
    dMassSetBoxTotal(&m, kFingerMass, 2 * kFingerHalf.x(), 2 * kFingerHalf.y(), 2 * kFingerHalf.z());
    dBodySetMass(f, &m);
    dBodySetGravityMode(f, 0);
    dGeomID g = dCreateBox(space_, 2 * kFingerHalf.x(), 2 * kFingerHalf.y(), 2 * kFingerHalf.z());
    dGeomSetBody(g, f);
    set_geom_bits(g, kHand, kStatic | kObject);
    fingers_[side] = f;
  }
  // Sliders are set up with the fingers closed (travel 0) so that travel = slider position.
  place_hand(Vec3(0, 0.6, 0.2), 0.0);
  for (int side = 0; side < 2; ++side) {
    dJointID s = dJointCreateSlider(world_, nullptr);
    dJointAttach(s, hand_, fingers_[side]);
    // ODE measures a slider's position as body1's travel along the axis relative to body2,
    // so the axis points inwards for the finger's outward travel to count as positive.
    dJointSetSliderAxis(s, 0, side == 0 ? -1 : 1, 0);
    dJointSetSliderParam(s, dParamLoStop, 0.0);
    dJointSetSliderParam(s, dParamHiStop, kFingerTravel);
    dJointSetSliderParam(s, dParamFMax, kFingerForce);
    slides_[side] = s;
  }

  // Links: upper arm, forearm, wrist; kinematic capsules that only collide with task bodies.
  const double radii[3] = {0.05, 0.04, 0.03};
  const double lengths[3] = {kUpperArm, kForearm, kWristAboveTcp - kPalmTopAboveTcp};
  for (int i = 0; i < 3; ++i) {
    links_[i] = dBodyCreate(world_);
    dBodySetKinematic(links_[i]);
    dGeomID g = dCreateCapsule(space_, radii[i], lengths[i]);
    dGeomSetBody(g, links_[i]);
    set_geom_bits(g, kLink, kObject);
  }
  initial_arm_angles(arm_q_);
  place_hand(Vec3(0, 0.6, 0.2), kFingerTravel);
}

Scene::~Scene() {
  if (contacts_ != nullptr) dJointGroupDestroy(contacts_);
  if (space_ != nullptr) dSpaceDestroy(space_);  // destroys its geoms (cleanup mode is on)
  if (world_ != nullptr) {
    dWorldSetStepThreadingImplementation(world_, nullptr, nullptr);
    destroy_world(world_);
  }
  if (threading_ != nullptr) dThreadingFreeImplementation(threading_);
}

dBodyID Scene::add_box_body(const Vec3& half, double mass) {
  dBodyID b = dBodyCreate(world_);
  dMass m;
  dMassSetBoxTotal(&m, mass, 2 * half.x(), 2 * half.y(), 2 * half.z());
  dBodySetMass(b, &m);
  dGeomID g = dCreateBox(space_, 2 * half.x(), 2 * half.y(), 2 * half.z());
  dGeomSetBody(g, b);
  set_geom_bits(g, kObject, kStatic | kHand | kLink | kObject);
  track_task_body(b);
  return b;
}

dBodyID Scene::add_cylinder_body(double radius, double length, double mass) {
  dBodyID b = dBodyCreate(world_);
  dMass m;
  dMassSetCylinderTotal(&m, mass, 3, radius, length);
  dBodySetMass(b, &m);
  dGeomID g = dCreateCylinder(space_, radius, length);
  dGeomSetBody(g, b);
  set_geom_bits(g, kObject, kStatic | kHand | kLink | kObject);
  track_task_body(b);
  return b;
}

dBodyID Scene::add_sphere_body(double radius, double mass) {
  dBodyID b = dBodyCreate(world_);
  dMass m;
  dMassSetSphereTotal(&m, mass, radius);
  dBodySetMass(b, &m);
  dGeomID g = dCreateSphere(space_, radius);
  dGeomSetBody(g, b);
  set_geom_bits(g, kObject, kStatic | kHand | kLink | kObject);
  track_task_body(b);
  return b;
}

void Scene::track_task_body(dBodyID b) {
  // A task body at rest sleeps (ODE's auto-disable) until something awake touches it: most
  // of the time the objects wait for the hand, and a sleeping body's island costs nothing.
  dBodySetAutoDisableFlag(b, 1);
  dBodySetAutoDisableLinearThreshold(b, 0.002);
  dBodySetAutoDisableAngularThreshold(b, 0.01);
  dBodySetAutoDisableSteps(b, 20);
  dBodySetAutoDisableTime(b, 0);
  if (num_task_bodies_ < kMaxTaskBodies) task_bodies_[num_task_bodies_++] = b;
}

dGeomID Scene::add_box_to(dBodyID body, const Vec3& half, const Vec3& offset) {
  dGeomID g = dCreateBox(space_, 2 * half.x(), 2 * half.y(), 2 * half.z());
  dGeomSetBody(g, body);
  dGeomSetOffsetPosition(g, offset.x(), offset.y(), offset.z());
  set_geom_bits(g, kObject, kStatic | kHand | kLink | kObject);
  return g;
}

dGeomID Scene::add_static_box(const Vec3& half, const Vec3& center, unsigned long collide) {
  dGeomID g = dCreateBox(space_, 2 * half.x(), 2 * half.y(), 2 * half.z());
  dGeomSetPosition(g, center.x(), center.y(), center.z());
  set_geom_bits(g, kStatic, collide);
  return g;
}

dJointID Scene::add_slider_to_world(dBodyID body, const Vec3& axis) {
  dJointID j = dJointCreateSlider(world_, nullptr);
  dJointAttach(j, body, nullptr);
  dJointSetSliderAxis(j, axis.x(), axis.y(), axis.z());
  return j;
}

dJointID Scene::add_hinge_to_world(dBodyID body, const Vec3& anchor, const Vec3& axis) {
  dJointID j = dJointCreateHinge(world_, nullptr);
  dJointAttach(j, body, nullptr);
  dJointSetHingeAnchor(j, anchor.x(), anchor.y(), anchor.z());
  dJointSetHingeAxis(j, axis.x(), axis.y(), axis.z());
  return j;
}

void Scene::place_hand(const Vec3& tcp, double travel) {
  mocap_ = tcp;
  set_at_rest(hand_, tcp);
  set_identity(hand_);
  for (int side = 0; side < 2; ++side) {
    const double y = (side == 0 ? 1 : -1) * (travel + kFingerHalfThickness);
    set_at_rest(fingers_[side], tcp + Vec3(0, y, kFingerCentreAboveTcp));
    set_identity(fingers_[side]);
  }
  if (links_[0] != nullptr) {
    initial_arm_angles(arm_q_);
    // Several solves from the folded pose: a reset may put the hand anywhere in reach.
    for (int i = 0; i < 4; ++i) solve_arm(tcp + Vec3(0, 0, kWristAboveTcp), arm_q_);
    pose_links(true);
  }
}

void Scene::place_body(dBodyID body, const Vec3& position, double yaw) {
  dBodyEnable(body);  // awake, with its idle count restarted
  set_at_rest(body, position);
  dMatrix3 r;
  dRFromAxisAndAngle(r, 0, 0, 1, yaw);
  dBodySetRotation(body, r);
}

void Scene::pose_links(bool teleport) {
  const Vec3 hand = tcp();
  const ArmPose p = solve_arm(hand + Vec3(0, 0, kWristAboveTcp), arm_q_);
  const Vec3 ends[4] = {p.shoulder, p.elbow, p.wrist, hand + Vec3(0, 0, kPalmTopAboveTcp)};
  const double step_time = kSubstep * kSubsteps;
  for (int i = 0; i < 3; ++i) {
    const Vec3 centre = 0.5 * (ends[i] + ends[i + 1]);
    const Vec3 axis = ends[i + 1] - ends[i];
    if (teleport) {
      dBodySetPosition(links_[i], centre.x(), centre.y(), centre.z());
      dBodySetLinearVel(links_[i], 0, 0, 0);
    } else {
      // dWorldStep integrates kinematic bodies: the velocity that carries the link to its new
      // place over the step moves it there smoothly, and contacts see that velocity. (Setting
      // the position as well would move it twice, into an oscillation that flings objects.)
      const Vec3 v = (centre - position(links_[i])) / step_time;
      dBodySetLinearVel(links_[i], v.x(), v.y(), v.z());
    }
    dMatrix3 r;
    dRFromZAxis(r, axis.x(), axis.y(), axis.z());
    dBodySetRotation(links_[i], r);
  }
}

void Scene::near_callback(void* data, dGeomID a, dGeomID b) {
  Scene& s = *static_cast<Scene*>(data);
  // ODE's spaces pair geoms when either accepts the other; we want both to (a button's
  // housing declines the button even though the button accepts furniture).
  if ((dGeomGetCategoryBits(a) & dGeomGetCollideBits(b)) == 0 || (dGeomGetCategoryBits(b) & dGeomGetCollideBits(a)) == 0)
    return;
  dBodyID ba = dGeomGetBody(a);
  dBodyID bb = dGeomGetBody(b);
  if (ba == bb) return;
  const bool fixed_a = ba == nullptr || dBodyIsKinematic(ba);
  const bool fixed_b = bb == nullptr || dBodyIsKinematic(bb);
  if (fixed_a && fixed_b) return;
  // A sleeping body against the table or furniture stays asleep: no contacts needed. (ODE
  // wakes a sleeper touched by an awake dynamic body itself; kinematic links wake it below.)
  const bool asleep_a = ba != nullptr && !dBodyIsEnabled(ba), asleep_b = bb != nullptr && !dBodyIsEnabled(bb);
  if ((asleep_a || ba == nullptr) && (asleep_b || bb == nullptr)) return;
  if (ba != nullptr && bb != nullptr && dAreConnectedExcluding(ba, bb, dJointTypeContact)) return;
  dContactGeom geoms[kMaxContactsPerPair];
  const int n = dCollide(a, b, kMaxContactsPerPair, geoms, sizeof(dContactGeom));
  if (n > 0 && (asleep_a || asleep_b)) {
    if (asleep_a) dBodyEnable(ba);
    if (asleep_b) dBodyEnable(bb);
  }
  for (int i = 0; i < n; ++i) {
    dContact c{};
    c.surface.mode = dContactApprox1 | dContactSoftERP | dContactSoftCFM;
    c.surface.mu = kFriction;
    c.surface.soft_erp = 0.2;
    c.surface.soft_cfm = 1e-5;
    c.geom = geoms[i];
    dJointID j = dJointCreateContact(s.world_, s.contacts_, &c);
    dJointAttach(j, ba, bb);
  }
}

double Scene::finger_travel() const {
  return 0.5 * (dJointGetSliderPosition(slides_[0]) + dJointGetSliderPosition(slides_[1]));
}

void Scene::step(const Vec3& mocap, double grip_effort) {
  const Vec3 hand = tcp();
  const double lead = (mocap - hand).norm();
  mocap_ = lead <= kMaxWeldStretch ? mocap : hand + (kMaxWeldStretch / lead) * (mocap - hand);
  pose_links(false);
  // Effort -1 asks for the fingers fully open, +1 for them pressed shut (past closed, so a
  // held object is squeezed with the motor's full force).
  const double target = (kFingerTravel + 0.01) * 0.5 * (1.0 - grip_effort) - 0.01;
  // Step in the stepping thread's shared arena (see arm_ode.hpp); a world moves to another
  // thread's arena only when a different thread steps it.
  use_thread_arena(world_, arena_);
  for (int sub = 0; sub < kSubsteps; ++sub) {
    const double travel[2] = {dJointGetSliderPosition(slides_[0]), dJointGetSliderPosition(slides_[1])};
    for (int side = 0; side < 2; ++side) {
      double v = kFingerGain * (target - travel[side]);
      v = std::fmax(-kFingerMaxSpeed, std::fmin(kFingerMaxSpeed, v));
      dJointSetSliderParam(slides_[side], dParamVel, v);
      // Both motors saturate on a held object, so equal forces would leave the finger pair
      // free to drift sideways with it; the wider-open finger pushes harder, which centres
      // the object between the fingers (the Sawyer's fingers are geared together).
      const double share = 1.0 + kFingerCentring * (travel[side] - travel[1 - side]);
      dJointSetSliderParam(slides_[side], dParamFMax, kFingerForce * std::fmax(0.2, std::fmin(1.8, share)));
    }
    // The mocap weld as an explicit damped spring on the hand (no constraint rows: they
    // dominated dWorldStep's cost), and the hand's orientation held fixed outright.
    const Vec3 x = tcp();
    const dReal* v = dBodyGetLinearVel(hand_);
    const Vec3 force = kWeldStiffness * (mocap_ - x) - kWeldDamping * Vec3(v[0], v[1], v[2]);
    dBodyAddForce(hand_, force.x(), force.y(), force.z());
    set_identity(hand_);
    dBodySetAngularVel(hand_, 0, 0, 0);
    dSpaceCollide(space_, this, &near_callback);
    dWorldStep(world_, kSubstep);
    dJointGroupEmpty(contacts_);
  }
}

bool Scene::sane(double bound, double max_speed) const {
  const dBodyID fixed[3] = {hand_, fingers_[0], fingers_[1]};
  auto ok = [&](dBodyID b) {
    const dReal* p = dBodyGetPosition(b);
    const dReal* v = dBodyGetLinearVel(b);
    const dReal* w = dBodyGetAngularVel(b);
    for (int k = 0; k < 3; ++k) {
      if (!std::isfinite(p[k]) || !std::isfinite(v[k]) || !std::isfinite(w[k])) return false;
      if (std::fabs(p[k] - (k == 1 ? 0.6 : 0.0)) > bound) return false;
    }
    return v[0] * v[0] + v[1] * v[1] + v[2] * v[2] < max_speed * max_speed;
  };
  for (dBodyID b : fixed) {
    if (!ok(b)) return false;
  }
  for (int i = 0; i < num_task_bodies_; ++i) {
    if (!ok(task_bodies_[i])) return false;
  }
  return true;
}

void Scene::fling() {
  dBodyID b = num_task_bodies_ > 0 ? task_bodies_[0] : hand_;
  dBodySetLinearVel(b, 0, 0, 1000.0);
}

}  // namespace arm
}  // namespace csim
