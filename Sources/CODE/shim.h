// ODE (Open Dynamics Engine), found through pkg-config "ode" (Debian: libode-dev).
#include <ode/ode.h>
