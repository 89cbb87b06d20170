#pragma once
// A Switchyard that already serves where this one would listen (the same config's address:
// a user service, say). The window opens on it instead of failing to listen beside it.

#include "commands/corelocator.h"
#include "core.h"

#include <optional>

namespace sy::app {

// Asks GET /health at the address `options` would listen on; answers where it is and its
// admin token when a Switchyard answers there.
std::optional<commands::CoreAddress> findRunningInstance(const CoreOptions &options);

// The admin token for a window attached elsewhere (--attach): $SWITCHYARD_ADMIN_TOKEN, else
// the one beside the config (empty path: the default config).
QByteArray attachToken(const QString &configPath);

} // namespace sy::app
