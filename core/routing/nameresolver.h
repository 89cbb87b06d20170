#pragma once
// Name-based resolution: a configured model id or alias, a balance set, a backend's
// modelMapping, a backend prefix. Used for the requested model and, when the table is
// built, for every model an agent, pool or mode lists.

#include "routing/routedecision.h"

namespace sy::routing {

class RouteTable;

// Appends the candidates `name` stands for; false (nothing added) if none.
bool resolveName(const RouteTable &table, QByteArrayView name, std::vector<Candidate> &out, RouteMode *mode);

} // namespace sy::routing
