// The GEMM kernels at the build's own instruction set.
#include <Eigen/Core>

#include "gemm.hpp"
#include "gemm_body.hpp"

const cnet::GemmKernels cnet::kBaselineGemm = kKernels;
