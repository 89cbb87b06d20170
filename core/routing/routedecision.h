#pragma once
// What the router decided for one request: an ordered chain of candidates, how it was
// chosen, and the explain trace. The trace is kept as small records and rendered to JSON
// only when someone looks (X-Switchyard-Trace, history, route preview).

#include "protocol/apierror.h"
#include "protocol/jsonsplice.h"
#include "record/routetrace.h"

#include <QByteArray>
#include <QJsonObject>
#include <vector>

namespace sy::routing {

class RouteTable;

enum class RouteMode { Model, ModelMapping, Prefix, Agent, Pool, Mode, Capability, Auto, Default, Failed };
const char *routeModeName(RouteMode mode);

struct Candidate {
    int model = -1;              // index in RouteTable::models(), -1 for a name passed through
    int backend = -1;            // index in RouteTable::backends()
    QByteArray upstreamModel;    // the name the backend is asked for
    QByteArray label;            // model id, or "backend:upstreamModel" for a passed-through name
    protocol::RawParams agentParams; // the agent's inference params for it (over the model's own)
    double score = 0;            // auto / capability ranking
};

using record::TraceEntry;
using record::TraceKind;

struct RouteDecision {
    RouteMode mode = RouteMode::Failed;
    std::vector<Candidate> chain;
    std::vector<TraceEntry> trace;
    protocol::ApiError error; // set when the chain is empty
    unsigned requiredCaps = 0;
    qint64 promptTokens = 0;
    QByteArray role; // the pool's role, for its validator
    bool fromNode = false; // the request came from another Switchyard: no node candidates
    bool autoUnsure = false; // "auto" ranked without a task type: the classifier was unsure

    bool ok() const { return !chain.empty(); }
    void note(TraceKind kind, QByteArray subject, QByteArray note = {}, double value = 0, unsigned caps = 0)
    {
        trace.push_back({kind, std::move(subject), value, caps, std::move(note)});
    }
};

// The decision's trace as kept with the request's record (a copy; `decision` stays whole).
record::RouteTrace routeTrace(const RouteDecision &decision);
// The same, taking the steps out of `decision`.
record::RouteTrace takeRouteTrace(RouteDecision &decision);
// The explain trace as JSON: {"route", "required", "promptTokens", "steps": [...], "chain": [...]}.
QJsonObject traceJson(const RouteDecision &decision);

} // namespace sy::routing
