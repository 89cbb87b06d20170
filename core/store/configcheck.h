#pragma once
// The checks across sections of a config: ids and aliases unique, every model a policy
// lists routable, backends and launch blocks consistent, enough ports.

#include "store/configreader.h"

namespace sy::config {

// `implicitModels`: names policies may list besides the document's models (the demo pool's).
void crossCheck(ConfigReader &r, Config &c, const QStringList &implicitModels = {});

} // namespace sy::config
