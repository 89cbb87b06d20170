#include "routing/routedecision.h"

namespace sy::routing {

const char *routeModeName(RouteMode mode)
{
    switch (mode) {
    case RouteMode::Model: return "model";
    case RouteMode::ModelMapping: return "model_mapping";
    case RouteMode::Prefix: return "prefix";
    case RouteMode::Agent: return "agent";
    case RouteMode::Pool: return "pool";
    case RouteMode::Mode: return "mode";
    case RouteMode::Capability: return "capability";
    case RouteMode::Auto: return "auto";
    case RouteMode::Default: return "default";
    case RouteMode::Failed: return "failed";
    }
    return "failed";
}

namespace {

record::RouteTrace traceHead(const RouteDecision &d)
{
    record::RouteTrace t;
    t.route = routeModeName(d.mode);
    t.requiredCaps = d.requiredCaps;
    t.promptTokens = d.promptTokens;
    t.chain.reserve(qsizetype(d.chain.size()));
    for (const Candidate &c : d.chain)
        t.chain << c.label;
    return t;
}

} // namespace

record::RouteTrace routeTrace(const RouteDecision &decision)
{
    record::RouteTrace t = traceHead(decision);
    t.steps = decision.trace;
    return t;
}

record::RouteTrace takeRouteTrace(RouteDecision &decision)
{
    record::RouteTrace t = traceHead(decision);
    t.steps = std::move(decision.trace);
    return t;
}

QJsonObject traceJson(const RouteDecision &decision)
{
    return record::traceJson(routeTrace(decision));
}

} // namespace sy::routing
