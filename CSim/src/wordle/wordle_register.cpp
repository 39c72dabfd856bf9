#include "../core/env.hpp"
namespace csim { void register_wordle_kinds(std::vector<const EnvKind*>&) {} }
