#pragma once
// The built-in demo pool: simulated models (switchyard-sim processes) of different sizes
// and start-up times, for a first run with nothing configured and for --demo.

#include "store/config.h"

namespace sy::pool {

// Where switchyard-sim is: $SWITCHYARD_SIM, beside the executable, in the build tree, or
// in PATH. Empty if nowhere.
QString findSimBinary();

inline constexpr const char *kDemoBackendId = "demo";

// The demo models' ids (what a user's agents, pools and modes may name while it runs).
QStringList demoModelIds();

// The agents, modes and role pools the demo adds where the config has none of that name.
struct DemoPolicyNames {
    QStringList agents, modes, pools;
};
DemoPolicyNames demoPolicyNames();

// Adds the "demo" backend and its models (and a few policies that use them).
void addDemoPool(config::Config &config, const QString &simBinary);

} // namespace sy::pool
