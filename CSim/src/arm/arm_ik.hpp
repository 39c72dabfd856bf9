// The Sawyer-like arm's links, posed by damped-least-squares inverse kinematics.
//
// The arm is three revolute joints (base yaw, shoulder pitch, elbow pitch) that place the
// wrist above the hand, plus a vertical wrist link down to the palm: the hand keeps the
// fixed downward orientation MetaWorld's mocap weld gives it, so the wrist pitch follows
// from the other two angles and only the wrist point is solved for. The links are
// kinematic bodies (see README, "Robot arm": a dynamic chain costs about 5x more per
// substep); they are posed once per env step from the hand's position and still collide.
#pragma once
#include <Eigen/Core>

namespace csim {
namespace arm {

using Vec3 = Eigen::Vector3d;

// The shoulder joint's position and the link lengths (metres).
constexpr double kShoulderX = 0.0, kShoulderY = 0.05, kShoulderZ = 0.35;
constexpr double kUpperArm = 0.55, kForearm = 0.60;
// The wrist point sits this far above the tool centre point.
constexpr double kWristAboveTcp = 0.20;

struct ArmPose {
  Vec3 shoulder, elbow, wrist;
};

// Folded-arm angles to start from: elbow up, forearm pointing down and forward.
void initial_arm_angles(double q[3]);

// Moves q (base yaw, shoulder pitch, elbow pitch; in and out: the warm start) so that the
// wrist reaches `wrist` as closely as the damping allows, in a few DLS iterations, and
// returns the joint positions. Targets out of reach leave the arm stretched towards them.
ArmPose solve_arm(const Vec3& wrist, double q[3]);

}  // namespace arm
}  // namespace csim
