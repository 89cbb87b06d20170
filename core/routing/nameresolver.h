#pragma once
// Resolves a requested model name through the name-based policies, in order: configured
// id or alias, a backend's modelMapping, a backend prefix, the default backend.

#include "routing/routedecision.h"
#include "routing/routetable.h"

namespace sy::routing {

RouteDecision resolveName(const RouteTable &table, QByteArrayView requested);

} // namespace sy::routing
