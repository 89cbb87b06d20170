#pragma once
// The checks across sections of a config: ids and aliases unique, every model a policy
// lists routable, backends and launch blocks consistent, enough ports.

#include "store/configreader.h"

namespace sy::config {

void crossCheck(ConfigReader &r, Config &c);

} // namespace sy::config
