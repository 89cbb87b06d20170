#pragma once
// What the router decided for one request: an ordered chain of candidates, how it was
// chosen, and the explain trace.

#include "protocol/apierror.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace sy::routing {

enum class RouteMode { Model, ModelMapping, Prefix, Agent, Pool, Mode, Capability, Auto, Default, Failed };
const char *routeModeName(RouteMode mode);

struct Candidate {
    int model = -1;           // index in RouteTable::models(), -1 for a name passed through
    int backend = -1;         // index in RouteTable::backends()
    QByteArray upstreamModel; // the name the backend is asked for
    QByteArray label;         // model id, or "backend:upstreamModel" for a passed-through name
};

struct TraceStep {
    QString step;   // "model", "prefix", "skip", ...
    QString detail; // human-readable why
};

struct RouteDecision {
    RouteMode mode = RouteMode::Failed;
    std::vector<Candidate> chain;
    std::vector<TraceStep> trace;
    protocol::ApiError error; // set when the chain is empty

    bool ok() const { return !chain.empty(); }
};

} // namespace sy::routing
