// The GEMM kernels at the build's own instruction set.
#include <Eigen/Core>

#include "gemm.hpp"
#include "gemm_body.hpp"

const cnet::GemmKernels cnet::kBaselineGemm = {a_bt,          at_b_add,     a_b,  onehot_sum, onehot_scatter,
                                                tanh_in_place, tanh_backward, gradient_sum, adam};
