#pragma once
// Whether the launch commands can start here: the program exists and is executable on this
// machine (in PATH, or at its path relative to the working directory), and for
// llama-server the model file named with -m/--model exists. Found
// when a config is checked, before it is saved, as warnings: it is still taken (the
// program may be installed later), but the operator hears now rather than at the first
// request.

#include "store/config.h"

#include <vector>

namespace sy::config {

std::vector<Issue> launchWarnings(const Config &config);

} // namespace sy::config
