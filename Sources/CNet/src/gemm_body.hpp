// Bodies of the GEMM kernels, included once per instruction set (gemm_baseline.cpp and
// gemm_avx2.cpp); `Eigen` may be a renamed namespace there. Maps wrap the caller's memory: no copies.
// No include guard on purpose: each including file wants its own copy.

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMatrix>;
using MutableMap = Eigen::Map<RowMatrix>;

void a_bt(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() = ConstMap(a, m, k) * ConstMap(b, n, k).transpose();
}

void at_b_add(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() += ConstMap(a, k, m).transpose() * ConstMap(b, k, n);
}

void a_b(const float* a, const float* b, float* c, int m, int n, int k) {
  MutableMap(c, m, n).noalias() = ConstMap(a, m, k) * ConstMap(b, k, n);
}

}  // namespace
