// Eigen is header-only C++; this module exists so that targets get its include path
// from pkg-config "eigen3" (Debian: libeigen3-dev). C++ sources include <Eigen/Dense>.
