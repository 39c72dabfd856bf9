#include "arm_ik.hpp"

#include <cmath>

#include <Eigen/Dense>

namespace csim {
namespace arm {

namespace {

// Damping lambda^2 of the DLS step: keeps the step bounded near the singular stretched pose.
constexpr double kDamping = 1e-3;
// Three iterations from the previous step's angles: the target moves at most ~1 cm a step.
constexpr int kIterations = 3;

ArmPose forward(const double q[3]) {
  const Vec3 up(0, 0, 1);
  const Vec3 heading(-std::sin(q[0]), std::cos(q[0]), 0);
  ArmPose p;
  p.shoulder = Vec3(kShoulderX, kShoulderY, kShoulderZ);
  p.elbow = p.shoulder + kUpperArm * (std::cos(q[1]) * heading + std::sin(q[1]) * up);
  p.wrist = p.elbow + kForearm * (std::cos(q[1] + q[2]) * heading + std::sin(q[1] + q[2]) * up);
  return p;
}

}  // namespace

void initial_arm_angles(double q[3]) {
  q[0] = 0.0;
  q[1] = 0.9;
  q[2] = -1.9;
}

ArmPose solve_arm(const Vec3& target, double q[3]) {
  for (int it = 0; it < kIterations; ++it) {
    const ArmPose p = forward(q);
    const Vec3 error = target - p.wrist;
    if (error.squaredNorm() < 1e-10) return p;
    // Columns: d(wrist)/d(q_i), from the geometry of the chain.
    const Vec3 up(0, 0, 1);
    const Vec3 heading(-std::sin(q[0]), std::cos(q[0]), 0);
    const Vec3 side(-std::cos(q[0]), -std::sin(q[0]), 0);  // d(heading)/d(yaw)
    const double a1 = q[1], a2 = q[1] + q[2];
    const Vec3 d_fore = kForearm * (-std::sin(a2) * heading + std::cos(a2) * up);
    Eigen::Matrix3d j;
    j.col(0) = (kUpperArm * std::cos(a1) + kForearm * std::cos(a2)) * side;
    j.col(1) = kUpperArm * (-std::sin(a1) * heading + std::cos(a1) * up) + d_fore;
    j.col(2) = d_fore;
    const Eigen::Matrix3d jjt = j * j.transpose() + kDamping * Eigen::Matrix3d::Identity();
    const Vec3 dq = j.transpose() * jjt.ldlt().solve(error);
    for (int k = 0; k < 3; ++k) q[k] += dq[k];
  }
  return forward(q);
}

}  // namespace arm
}  // namespace csim
