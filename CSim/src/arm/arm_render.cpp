#include "arm_render.hpp"

#include <cmath>

#include <Eigen/Geometry>  // cross products

namespace csim {
namespace arm {

namespace {

// A fixed view from the right of the table, above it, looking at the work area; the arm
// comes in from the left.
const Vec3 kEye(0.95, 0.3, 0.75);
const Vec3 kTarget(0.0, 0.72, 0.1);
constexpr double kFieldOfView = 0.7;  // radians, vertical
const Vec3 kLight = Vec3(0.4, -0.3, 1.0).normalized();
constexpr double kAmbient = 0.35;
constexpr double kFar = 1e9;

struct Hit {
  double t = kFar;
  Vec3 normal = Vec3::UnitZ();
  Vec3 colour = Vec3::Zero();
};

// The geom's pose: world position and the rotation's columns (ODE stores rows of a 3x4).
struct Pose {
  Vec3 p;
  Eigen::Matrix3d r;
};

Pose pose_of(dGeomID g) {
  const dReal* p = dGeomGetPosition(g);
  const dReal* r = dGeomGetRotation(g);
  Pose out;
  out.p = Vec3(p[0], p[1], p[2]);
  out.r << r[0], r[1], r[2], r[4], r[5], r[6], r[8], r[9], r[10];
  return out;
}

// Ray (o, d) against a unit-free sphere; returns t and the outward normal.
bool hit_sphere(const Vec3& o, const Vec3& d, const Vec3& c, double radius, double& t, Vec3& n) {
  const Vec3 oc = o - c;
  const double b = oc.dot(d);
  const double disc = b * b - (oc.squaredNorm() - radius * radius);
  if (disc < 0) return false;
  const double s = std::sqrt(disc);
  double root = -b - s;
  if (root < 1e-6) root = -b + s;
  if (root < 1e-6) return false;
  t = root;
  n = (o + t * d - c).normalized();
  return true;
}

// Ray against an axis-aligned box of half sizes h, in the box's frame (slab method).
bool hit_box_local(const Vec3& o, const Vec3& d, const Vec3& h, double& t, Vec3& n) {
  double near = -kFar, far = kFar;
  int axis = 0;
  double sign = 1;
  for (int k = 0; k < 3; ++k) {
    if (std::fabs(d[k]) < 1e-12) {
      if (std::fabs(o[k]) > h[k]) return false;
      continue;
    }
    double t0 = (-h[k] - o[k]) / d[k], t1 = (h[k] - o[k]) / d[k];
    double s = -1;
    if (t0 > t1) {
      std::swap(t0, t1);
      s = 1;
    }
    if (t0 > near) {
      near = t0;
      axis = k;
      sign = s;
    }
    far = std::fmin(far, t1);
    if (near > far) return false;
  }
  if (near < 1e-6) return false;  // the camera is never inside a body
  t = near;
  n = Vec3::Zero();
  n[axis] = sign;
  return true;
}

// Ray against a capped cylinder along local z (half length hl), in its frame.
bool hit_cylinder_local(const Vec3& o, const Vec3& d, double radius, double hl, double& t, Vec3& n) {
  bool found = false;
  const double a = d.x() * d.x() + d.y() * d.y();
  if (a > 1e-12) {
    const double b = o.x() * d.x() + o.y() * d.y();
    const double c = o.x() * o.x() + o.y() * o.y() - radius * radius;
    const double disc = b * b - a * c;
    if (disc >= 0) {
      const double root = (-b - std::sqrt(disc)) / a;
      if (root > 1e-6 && std::fabs(o.z() + root * d.z()) <= hl) {
        t = root;
        n = Vec3(o.x() + root * d.x(), o.y() + root * d.y(), 0).normalized();
        found = true;
      }
    }
  }
  if (std::fabs(d.z()) > 1e-12) {
    for (double cap : {hl, -hl}) {
      const double root = (cap - o.z()) / d.z();
      if (root > 1e-6 && (!found || root < t)) {
        const Vec3 q = o + root * d;
        if (q.x() * q.x() + q.y() * q.y() <= radius * radius) {
          t = root;
          n = Vec3(0, 0, cap > 0 ? 1 : -1);
          found = true;
        }
      }
    }
  }
  return found;
}

Vec3 colour_of(dGeomID g) {
  const unsigned long category = dGeomGetCategoryBits(g);
  if (category & kHand) return Vec3(0.25, 0.25, 0.28);
  if (category & kLink) return Vec3(0.75, 0.12, 0.10);  // Sawyer red
  if (category & kObject) return Vec3(0.15, 0.45, 0.85);
  return Vec3(0.55, 0.55, 0.58);  // furniture
}

void intersect(dGeomID g, const Vec3& o, const Vec3& d, Hit& best) {
  double t = kFar;
  Vec3 n;
  bool hit = false;
  const int cls = dGeomGetClass(g);
  if (cls == dPlaneClass) {
    dVector4 plane;
    dGeomPlaneGetParams(g, plane);
    const Vec3 normal(plane[0], plane[1], plane[2]);
    const double denom = normal.dot(d);
    if (std::fabs(denom) > 1e-12) {
      t = (plane[3] - normal.dot(o)) / denom;
      const Vec3 q = o + t * d;
      // The table: a 1.2 m x 0.9 m top in front of the robot; the floor beyond stays dark.
      hit = t > 1e-6 && std::fabs(q.x()) < 0.6 && q.y() > 0.25 && q.y() < 1.15;
      n = normal;
      if (hit && t < best.t) {
        const bool tile = (static_cast<int>(std::floor(q.x() * 10)) + static_cast<int>(std::floor(q.y() * 10))) & 1;
        best.t = t;
        best.normal = n;
        best.colour = tile ? Vec3(0.62, 0.50, 0.38) : Vec3(0.66, 0.54, 0.42);
      }
    }
    return;
  }
  const Pose pose = pose_of(g);
  const Vec3 lo = pose.r.transpose() * (o - pose.p);
  const Vec3 ld = pose.r.transpose() * d;
  Vec3 ln;
  if (cls == dSphereClass) {
    hit = hit_sphere(o, d, pose.p, dGeomSphereGetRadius(g), t, n);
  } else if (cls == dBoxClass) {
    dVector3 lengths;
    dGeomBoxGetLengths(g, lengths);
    hit = hit_box_local(lo, ld, 0.5 * Vec3(lengths[0], lengths[1], lengths[2]), t, ln);
    n = pose.r * ln;
  } else if (cls == dCylinderClass) {
    dReal radius, length;
    dGeomCylinderGetParams(g, &radius, &length);
    hit = hit_cylinder_local(lo, ld, radius, 0.5 * length, t, ln);
    n = pose.r * ln;
  } else if (cls == dCapsuleClass) {
    dReal radius, length;
    dGeomCapsuleGetParams(g, &radius, &length);
    hit = hit_cylinder_local(lo, ld, radius, 0.5 * length, t, ln);
    if (hit) n = pose.r * ln;
    for (double end : {0.5 * length, -0.5 * length}) {
      double ts;
      Vec3 ns;
      if (hit_sphere(o, d, pose.p + pose.r.col(2) * end, radius, ts, ns) && (!hit || ts < t)) {
        t = ts;
        n = ns;
        hit = true;
      }
    }
  }
  if (hit && t < best.t) {
    best.t = t;
    best.normal = n;
    best.colour = colour_of(g);
  }
}

}  // namespace

void render_scene(const Scene& scene, const Vec3* goal, int32_t width, int32_t height, uint8_t* rgb) {
  const Vec3 forward = (kTarget - kEye).normalized();
  const Vec3 right = forward.cross(Vec3::UnitZ()).normalized();
  const Vec3 up = right.cross(forward);
  const double half_h = std::tan(0.5 * kFieldOfView);
  const double half_w = half_h * width / height;
  const dSpaceID space = scene.space();
  const int count = dSpaceGetNumGeoms(space);
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      const double u = (2.0 * (x + 0.5) / width - 1.0) * half_w;
      const double v = (1.0 - 2.0 * (y + 0.5) / height) * half_h;
      const Vec3 d = (forward + u * right + v * up).normalized();
      Hit best;
      for (int i = 0; i < count; ++i) intersect(dSpaceGetGeom(space, i), kEye, d, best);
      double t;
      Vec3 n;
      if (goal != nullptr && hit_sphere(kEye, d, *goal, 0.015, t, n) && t < best.t) {
        best.t = t;
        best.normal = n;
        best.colour = Vec3(0.9, 0.1, 0.1);
      }
      Vec3 c = best.t < kFar ? best.colour * (kAmbient + (1 - kAmbient) * std::fmax(0.0, best.normal.dot(kLight)))
                             : Vec3(0.12, 0.13, 0.16);
      uint8_t* px = rgb + 3 * (static_cast<size_t>(y) * width + x);
      for (int k = 0; k < 3; ++k) px[k] = static_cast<uint8_t>(std::lround(255.0 * std::fmin(1.0, c[k])));
    }
  }
}

}  // namespace arm
}  // namespace csim
