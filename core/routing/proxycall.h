#pragma once
// One client request through the router: walks the candidate chain, one attempt at a
// time, falling back on failures that happened before anything reached the client, and
// answers with the last error (every attempt listed) when all of them failed. Records
// each outcome for cooldowns and health, and reports the request to the sinks.

#include "pool/modelpool.h"
#include "protocol/openai/requestscan.h"
#include "routing/proxyservices.h"
#include "record/requestrecord.h"
#include "routing/routedecision.h"
#include "routing/router.h"
#include "routing/attemptbuilder.h"
#include "routing/fallbackpolicy.h"
#include "routing/inboundcall.h"
#include "routing/upstreamattempt.h"

#include <QPointer>
#include <memory>
#include <qcoro/qcorotask.h>

namespace sy::http {
class HttpExchange;
}

namespace sy::routing {

struct AttemptRecord {
    QByteArray label;
    QByteArray backend;
    protocol::RawParams params; // what the router added to the request (global, model, agent)
    AttemptResult result;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
};

// Not a QObject: it owns itself and is deleted at the end of run(). While it waits for a
// model to load it watches the client, and stops waiting if the client leaves.
class ProxyCall final : private http::ExchangeObserver {
public:
    // Routes the call and serves it (or answers why nothing can); the call deletes itself
    // when the response is over.
    static void start(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call);

private:
    ProxyCall(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call, RouteDecision decision);
    ~ProxyCall();

    QCoro::Task<> run();
    // One candidate: a lease on a managed model if it needs one, then the upstream attempt.
    QCoro::Task<AttemptResult> attempt(const Candidate &candidate, const BackendEntry &backend, const protocol::RawParams &params,
                                       const FallbackPolicy &policy);
    QCoro::Task<> ensureCanonical();
    bool isLarge() const;
    RequestSets requestSets(bool passthrough) const;
    void applyKeepAlive(const Candidate &candidate);
    void setResponseHeaders(const Candidate &candidate, int attempt);
    void learn(const AttemptRecord &record);
    bool clientGone() const; // the client closed its connection (or its exchange is gone)
    static AttemptResult clientGoneResult();
    void onClientGone() override;
    void onDrained() override {}
    void respondWithFailure();
    void finishRecord();

    ProxyServices m_services;
    QPointer<http::HttpExchange> m_exchange;
    InboundCall m_call;
    RouteDecision m_decision;
    std::unique_ptr<UpstreamAttempt> m_attempt;
    pool::WaiterPtr m_waiter; // while waiting for a lease
    std::vector<AttemptRecord> m_attempts;
    int m_finalStatus = 0;
    std::int64_t m_receivedNs = 0;
    qint64 m_startedUs = 0;
    QString m_client; // peer address (the exchange may be gone when the record is made)
};

// The explain trace with the attempts so far, as an ASCII header value.
QByteArray traceHeader(const RouteDecision &decision, const std::vector<AttemptRecord> &attempts);

} // namespace sy::routing
