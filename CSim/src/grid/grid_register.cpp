#include "../core/env.hpp"
namespace csim { void register_grid_kinds(std::vector<const EnvKind*>&) {} }
