// peg-insert-side: pick up a peg lying on the table and push its head sideways into the
// hole in a box (MetaWorld's sawyer_peg_insertion_side_v3).
//
// The peg (16 cm along x, 3 cm square) lies at x in [0, 0.2], y in [0.5, 0.7]; the box at
// x in [-0.35, -0.25], y in [0.4, 0.7], at least 10 cm away in x-y. The box is four static
// blocks around a 5 cm square hole along x whose mouth, 13 cm up and 3 cm in front of the
// box's position, is the goal. The observation's object is the peg's grasp point (its
// centre). Success is MetaWorld's: the peg's head (its -x end) within 7 cm of the mouth, y
// and z errors counting double. The reward leaves out MetaWorld's two collision-box terms.
#include <cmath>

#include "arm_reward.hpp"
#include "arm_task.hpp"

namespace csim {
namespace arm {

namespace {

const Vec3 kPegHalf(0.08, 0.015, 0.015);
constexpr double kHoleHalf = 0.025;
constexpr double kHoleZ = 0.13;
constexpr double kMouthAhead = 0.03;  // the mouth is this far in +x from the box position
constexpr double kDepth = 0.1;
const Vec3 kScale(1.0, 2.0, 2.0);

// The four blocks around the hole, relative to the box position (x, y, 0): half sizes and
// centres. The box spans x in [-0.07, 0.03], y in [-0.1, 0.1], z in [0, 0.22].
struct Block {
  Vec3 half, centre;
};
const Block kBlocks[4] = {
    {Vec3(kDepth / 2, 0.1, (kHoleZ - kHoleHalf) / 2), Vec3(kMouthAhead - kDepth / 2, 0, (kHoleZ - kHoleHalf) / 2)},
    {Vec3(kDepth / 2, 0.1, (0.22 - kHoleZ - kHoleHalf) / 2),
     Vec3(kMouthAhead - kDepth / 2, 0, (0.22 + kHoleZ + kHoleHalf) / 2)},
    {Vec3(kDepth / 2, (0.1 - kHoleHalf) / 2, kHoleHalf), Vec3(kMouthAhead - kDepth / 2, (0.1 + kHoleHalf) / 2, kHoleZ)},
    {Vec3(kDepth / 2, (0.1 - kHoleHalf) / 2, kHoleHalf), Vec3(kMouthAhead - kDepth / 2, -(0.1 + kHoleHalf) / 2, kHoleZ)},
};

void build_peg(Scene& s, Props& p) {
  p.body[0] = s.add_box_body(kPegHalf, 0.1);
  for (int i = 0; i < 4; ++i) p.geom[i] = s.add_static_box(kBlocks[i].half, kBlocks[i].centre + Vec3(-0.3, 0.6, 0));
}

Vec3 peg(const TaskView& v) { return Scene::position(v.props.body[0]); }

Vec3 head(const TaskView& v) {
  const dReal* r = dBodyGetRotation(v.props.body[0]);  // row-major 3x4: column 0 is the peg's x axis
  return peg(v) - kPegHalf.x() * Vec3(r[0], r[4], r[8]);
}

void reset_peg(Scene& s, Props& p, Episode& e, Rng& rng) {
  Vec3 peg_at, box;
  do {
    peg_at = Vec3(uniform(rng, 0.0, 0.2), uniform(rng, 0.5, 0.7), kPegHalf.z());
    box = Vec3(uniform(rng, -0.35, -0.25), uniform(rng, 0.4, 0.7), uniform(rng, -0.001, 0.001));
  } while ((peg_at.head<2>() - box.head<2>()).norm() < 0.1);
  s.place_body(p.body[0], peg_at);
  for (int i = 0; i < 4; ++i) {
    const Vec3 c = kBlocks[i].centre + Vec3(box.x(), box.y(), 0);
    dGeomSetPosition(p.geom[i], c.x(), c.y(), c.z());
  }
  e.obj_init = peg_at;
  e.target = box + Vec3(kMouthAhead, 0, kHoleZ);
}

void peg_objects(const TaskView& v, double out[14]) {
  body_pose(v.props.body[0], out);
  for (int k = 7; k < 14; ++k) out[k] = 0.0;
}

Evaluation evaluate_peg(const TaskView& v, const float* action) {
  Evaluation r;
  const Vec3 tcp = v.scene.tcp();
  const Vec3 obj = peg(v);
  const double tcp_to_obj = (obj - tcp).norm();
  const double to_target = (head(v) - v.episode.target).cwiseProduct(kScale).norm();
  const Vec3 head_init = v.episode.obj_init - Vec3(kPegHalf.x(), 0, 0);
  const double margin = (head_init - v.episode.target).cwiseProduct(kScale).norm();
  r.in_place = tolerance(to_target, 0.0, 0.07, margin);
  r.grasp_reward = caging_reward(v, action, obj, 0.0075, 0.03, 0.01, 0.005, true, false);
  const bool lifted = tcp_to_obj < 0.08 && v.scene.finger_travel() > 0.0 && obj.z() - 0.01 > v.episode.obj_init.z();
  if (lifted) r.grasp_reward = 1.0;
  double reward = hamacher(r.grasp_reward, r.in_place);
  if (lifted) reward += 1.0 + 5.0 * r.in_place;
  report_placement(v, obj, kPegHalf.y(), to_target, margin, 0.07, r);
  if (r.success) reward = 10.0;
  r.reward = reward;
  return r;
}

// Grasp the peg's middle, line it up with the hole in front of the box, then slide it in.
void expert_peg(const TaskView& v, float a[4]) {
  const Vec3 o = peg(v);
  const Vec3& t = v.episode.target;
  if (!holding(v, o, kPegHalf.y(), 0.02)) {
    carry_expert(v, o, kPegHalf.y(), o, a);
    return;
  }
  // Steer by the head, which is what must enter the hole (the peg may yaw in the grasp).
  const Vec3 hd = head(v);
  const double off_axis = std::fmax(std::fabs(hd.y() - t.y()), std::fabs(hd.z() - t.z()));
  const bool at_mouth = hd.x() < t.x() + 0.03;
  Vec3 move;  // where the head should go next
  if (at_mouth && off_axis > 0.015) {
    move = Vec3(hd.x() + 0.05, t.y(), t.z());  // jammed off the axis: back out and retry
  } else if (at_mouth || off_axis < 0.006) {
    move = t + Vec3(-0.04, 0, 0);  // in: the head 4 cm past the mouth
  } else {
    move = t + Vec3(0.07, 0, 0);  // line up 7 cm in front of the mouth
  }
  const Vec3 goal = o + (move - hd);
  // The hand holds the peg at its centre: move the hand by the peg's error.
  move_towards(v.scene.tcp(), v.scene.tcp() + (goal - o), 25.0, a);
  a[3] = 1.0f;
}

// The peg's pose is observed; the box stands where the goal (its mouth) says, when it is shown.
void pose_peg(Scene& /*s*/, Props& p, Episode& e, const double o[14], bool goal_known) {
  pose_body(p.body[0], Vec3(o[0], o[1], o[2]), o + 3);
  if (!goal_known) return;
  const Vec3 box = e.target - Vec3(kMouthAhead, 0, kHoleZ);
  for (int i = 0; i < 4; ++i) {
    const Vec3 c = kBlocks[i].centre + Vec3(box.x(), box.y(), 0);
    dGeomSetPosition(p.geom[i], c.x(), c.y(), c.z());
  }
}

}  // namespace

extern const Task kPegInsertSideTask = {"peg-insert-side", "insert the peg sideways into the hole", "peg",
                                        Vec3(0, 0.6, 0.2), build_peg, reset_peg, peg_objects, evaluate_peg,
                                        expert_peg, pose_peg};

}  // namespace arm
}  // namespace csim
