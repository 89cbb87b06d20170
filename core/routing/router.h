#pragma once
// Decides which models may serve a request, in which order: the policies (explicit model,
// modelMapping, prefix, agent, pool, mode, capability, auto, default backend, in that
// order), then filters (capabilities, context size, cooldown) and warm-first ordering.
// A policy returns candidates; it performs no I/O.

#include "routing/routedecision.h"
#include "routing/routerstate.h"
#include "routing/routetable.h"

#include <functional>
#include <optional>

namespace sy::routing {

// What the second tier (routing.autoClassifier, routing/secondtier.h) said about a prompt the
// classifier was unsure of: a task type, or none (no answer in time, or none usable), and
// how it came to be, for the trace.
struct SecondTierAnswer {
    std::optional<TaskType> type;
    QByteArray note;
};

struct RoutingRequest {
    QByteArray model;      // as sent: a name, "auto", "agent:X", "role:R/P", "mode:M"
    QByteArray agentClass; // X-Agent-Class
    QByteArray role;       // X-Switchyard-Role
    QByteArray product;    // X-Switchyard-Product
    QByteArray mode;       // X-Switchyard-Mode
    unsigned requiredCaps = 0;
    qint64 promptTokens = 0;
    QByteArray promptText; // the latest user text, for "auto"
    bool fromNode = false; // another Switchyard sent it (X-Switchyard-Hop): it goes to no node again
    bool namedOnly = false; // a client key limited to some models: an unknown name is not served by capability
    std::optional<SecondTierAnswer> secondTier; // "auto": set when the second tier was asked
};

// What the pool knows of a candidate right now.
struct CandidateStatus {
    bool warm = true; // loaded (remote backends count as warm)
    int load = 0;     // requests in flight + queued
    bool reachable = true; // false: its node does not answer (the candidate leaves the chain)
};

class Router {
public:
    using StatusFn = std::function<CandidateStatus(const Candidate &)>;

    Router(const RouterState &state, StatusFn status) : m_state(state), m_status(std::move(status)) {}

    RouteDecision route(const RouteTable &table, const RoutingRequest &request, qint64 nowMs) const;
    CandidateStatus status(const Candidate &candidate) const { return m_status(candidate); }

private:
    void addPolicyList(RouteDecision &d, const PolicyList &list, const QByteArray &from) const;
    void addCapable(RouteDecision &d, const RouteTable &table) const;
    void addAuto(RouteDecision &d, const RouteTable &table, const RoutingRequest &request) const;
    bool filter(RouteDecision &d, const RouteTable &table, qint64 nowMs) const;
    void order(RouteDecision &d, const RouteTable &table) const;

    const RouterState &m_state;
    StatusFn m_status;
};

// The capabilities a request needs, from what its body holds.
unsigned requiredCapabilities(bool images, bool tools, const QByteArray &responseFormat, unsigned endpointNeeds = 0);

// Whether ProxyCall asks routing.autoClassifier before serving: "auto" was unsure, nothing
// was asked yet, more than one model could serve and the turn has text.
bool wantsSecondTier(const RouteDecision &decision, const RoutingRequest &request, const config::RoutingConfig &routing);

} // namespace sy::routing
