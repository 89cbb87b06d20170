#include "routing/proxycall.h"

#include "http/httpexchange.h"
#include "http/wirewriter.h"
#include "util/clock.h"

#include <QDateTime>
#include "util/log.h"

namespace sy::routing {
namespace {

auto &lg()
{
    static auto l = sy::log::get("proxy");
    return *l;
}

QByteArrayView endpointSuffix(protocol::openai::Endpoint endpoint)
{
    switch (endpoint) {
    case protocol::openai::Endpoint::ChatCompletions: return "/chat/completions";
    case protocol::openai::Endpoint::Completions: return "/completions";
    case protocol::openai::Endpoint::Embeddings: return "/embeddings";
    }
    return "/chat/completions";
}

// Params to add: global, then the model's (the later wins), leaving out what the request sets.
protocol::RawParams mergedParams(const RouteTable &table, const Candidate &candidate,
                                 const protocol::openai::RequestScan &scan)
{
    protocol::RawParams merged;
    auto overlay = [&](const protocol::RawParams &params) {
        for (const auto &[key, value] : params) {
            if (scan.hasKey(key))
                continue;
            auto it = std::find_if(merged.begin(), merged.end(), [&](const auto &p) { return p.first == key; });
            if (it != merged.end())
                it->second = value;
            else
                merged.emplace_back(key, value);
        }
    };
    overlay(table.globalParams());
    if (candidate.model >= 0)
        overlay(table.models()[std::size_t(candidate.model)].params);
    return merged;
}

} // namespace

QByteArray upstreamPath(const BackendEntry &backend, protocol::openai::Endpoint endpoint)
{
    const QByteArrayView suffix = endpointSuffix(endpoint);
    QByteArray path;
    http::WireWriter(path, backend.openAiBase.size() + suffix.size()) << backend.openAiBase << suffix;
    return path;
}

void ProxyCall::start(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call,
                      RouteDecision decision)
{
    auto *proxyCall = new ProxyCall(services, exchange, std::move(call), std::move(decision));
    proxyCall->run(); // runs until its first suspension; the task finishes on its own
}

ProxyCall::ProxyCall(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call,
                     RouteDecision decision)
    : m_services(services),
      m_exchange(exchange),
      m_call(std::move(call)),
      m_decision(std::move(decision)),
      m_receivedNs(exchange->receivedNs()),
      m_startedMs(QDateTime::currentMSecsSinceEpoch())
{
}

AttemptSpec ProxyCall::prepare(const Candidate &candidate, bool last) const
{
    const RouteTable &table = *m_services.table;
    const BackendEntry &backend = table.backends()[std::size_t(candidate.backend)];
    const http::RequestHead &client = m_exchange->request();

    AttemptSpec spec;
    spec.streaming = m_call.scan.stream;
    spec.lastCandidate = last;
    spec.backendId = QString::fromUtf8(backend.id);
    http::UpstreamRequestSpec &r = spec.request;
    r.origin = backend.origin;
    r.method = "POST";
    r.target = upstreamPath(backend, m_call.endpoint);
    r.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    const QByteArray accept = client.headers.value("accept");
    r.headers.add(QByteArrayLiteral("Accept"), accept.isEmpty() ? QByteArray(m_call.scan.stream ? "text/event-stream" : "application/json") : accept);
    if (!backend.apiKey.isEmpty())
        r.headers.add(QByteArrayLiteral("Authorization"), "Bearer " + backend.apiKey);
    else if (const QByteArray auth = client.headers.value("authorization"); !auth.isEmpty())
        r.headers.add(QByteArrayLiteral("Authorization"), auth); // a backend without its own key sees the client's
    if (const QByteArray agent = client.headers.value("user-agent"); !agent.isEmpty())
        r.headers.add(QByteArrayLiteral("User-Agent"), agent);
    r.headers.add(QByteArrayLiteral("X-Request-Id"), m_call.requestId);
    for (const http::HeaderField h : backend.extraHeaders)
        r.headers.set(h.name, h.value);
    const int timeoutS = table.config().fallback.timeoutS;
    r.timeouts.connect = std::chrono::seconds(table.config().server.connectTimeoutS);
    r.timeouts.firstByte = std::chrono::seconds(timeoutS);
    r.timeouts.idle = std::chrono::seconds(table.config().server.idleTimeoutS);

    protocol::Splice splice;
    splice.objectOpen = m_call.scan.objectOpen;
    if (candidate.upstreamModel != m_call.scan.model && m_call.scan.modelOffset >= 0) {
        splice.replaceOffset = m_call.scan.modelOffset;
        splice.replaceLength = m_call.scan.modelLength;
        splice.replacement = protocol::jsonString(candidate.upstreamModel);
    }
    splice.insert = mergedParams(table, candidate, m_call.scan);
    r.body = protocol::applySplice(m_exchange->body(), splice);
    return spec;
}

QCoro::Task<> ProxyCall::run()
{
    const RouteTable &table = *m_services.table;
    const int maxAttempts = table.config().fallback.maxAttempts;
    const int chainSize = int(m_decision.chain.size());
    const int attemptsAllowed = std::min(maxAttempts, chainSize);

    for (int i = 0; i < attemptsAllowed; ++i) {
        if (!m_exchange || m_exchange->isClientGone())
            break;
        const Candidate &candidate = m_decision.chain[std::size_t(i)];
        const BackendEntry &backend = table.backends()[std::size_t(candidate.backend)];
        AttemptRecord record{candidate.label, backend.id, {}, clock::nowNs(), 0};

        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Model"), candidate.label);
        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Backend"), backend.id);
        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Route"), routeModeName(m_decision.mode));
        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Attempts"), QByteArray::number(i + 1));

        AttemptSpec spec = prepare(candidate, i + 1 == attemptsAllowed);
        pool::Lease lease; // keeps a managed model busy (not unloaded) for the attempt
        if (backend.managed) {
            m_waiter = m_services.pool->acquire(QString::fromUtf8(candidate.label));
            m_exchange->setObserver(this);
            pool::LeaseResult leased = co_await m_waiter->result;
            m_waiter.reset();
            if (m_exchange)
                m_exchange->setObserver(nullptr);
            if (!leased.ok()) {
                record.result.trigger = leased.trigger;
                record.result.error = leased.error;
                record.result.error.retryAfterS = leased.retryAfterS;
                record.result.outcome = leased.trigger == "cancelled" ? AttemptOutcome::ClientGone : AttemptOutcome::Retryable;
                record.endNs = clock::nowNs();
                m_attempts.push_back(std::move(record));
                if (!m_exchange || m_exchange->isClientGone())
                    break;
                continue;
            }
            lease = std::move(leased.lease);
            spec.request.origin = lease.origin();
        }

        m_attempt = std::make_unique<UpstreamAttempt>(*m_services.upstreams, m_exchange, std::move(spec));
        record.result = co_await m_attempt->result();
        m_attempt.reset(); // resumed from the event loop: nothing of the attempt is on the stack
        record.endNs = clock::nowNs();
        const AttemptOutcome outcome = record.result.outcome;
        m_finalStatus = record.result.upstreamStatus;
        m_attempts.push_back(std::move(record));
        if (outcome != AttemptOutcome::Retryable)
            break;
        if (i + 1 < attemptsAllowed)
            lg().info("{} fallback from {} ({}): {}", m_call.requestId, candidate.label, m_attempts.back().result.trigger,
                      m_attempts.back().result.error.message);
    }

    const bool delivered = !m_attempts.empty() && m_attempts.back().result.outcome != AttemptOutcome::Retryable;
    if (!delivered)
        respondWithFailure();
    finishRecord();
    delete this; // the last statement: the coroutine frame does not touch the call afterwards
}

void ProxyCall::onClientGone()
{
    if (m_waiter)
        m_services.pool->cancel(m_waiter); // resumes run() with a "cancelled" result
}

void ProxyCall::respondWithFailure()
{
    if (!m_exchange || m_exchange->isStarted() || m_exchange->isClientGone())
        return;
    protocol::ApiError error = m_attempts.empty()
                                   ? protocol::makeError(protocol::ErrorKind::BadGateway, QStringLiteral("no attempt was made"))
                                   : m_attempts.back().result.error;
    if (m_attempts.size() > 1 && error.retryAfterS == 0) {
        QStringList lines;
        for (const AttemptRecord &a : m_attempts)
            lines << QStringLiteral("%1 (%2)").arg(QString::fromUtf8(a.label), QString::fromUtf8(a.result.trigger));
        error.message += QStringLiteral(" [all %1 attempts failed: %2]").arg(m_attempts.size()).arg(lines.join(QStringLiteral(", ")));
    }
    m_finalStatus = error.status();
    m_exchange->respondError(error);
}

namespace {

const char *outcomeName(AttemptOutcome outcome)
{
    switch (outcome) {
    case AttemptOutcome::Delivered: return "delivered";
    case AttemptOutcome::Retryable: return "retryable";
    case AttemptOutcome::FailedAfterCommit: return "failed_after_commit";
    case AttemptOutcome::ClientGone: return "client_gone";
    }
    return "retryable";
}

const char *endpointName(protocol::openai::Endpoint endpoint)
{
    switch (endpoint) {
    case protocol::openai::Endpoint::ChatCompletions: return "chat";
    case protocol::openai::Endpoint::Completions: return "completions";
    case protocol::openai::Endpoint::Embeddings: return "embeddings";
    }
    return "chat";
}

} // namespace

void ProxyCall::finishRecord()
{
    RequestRecord record;
    record.id = m_call.requestId;
    record.startedMs = m_startedMs;
    record.inbound = "openai";
    record.endpoint = endpointName(m_call.endpoint);
    record.requested = m_call.scan.model;
    record.routeMode = routeModeName(m_decision.mode);
    for (const Candidate &c : m_decision.chain)
        record.chain << c.label;
    record.stream = m_call.scan.stream;
    record.latencyMs = clock::msSince(m_receivedNs);
    if (m_exchange)
        record.client = m_exchange->peerAddress().toString();
    for (const AttemptRecord &a : m_attempts) {
        AttemptSummary s;
        s.model = a.label;
        s.backend = a.backend;
        s.outcome = outcomeName(a.result.outcome);
        s.trigger = a.result.trigger;
        s.error = a.result.outcome == AttemptOutcome::Delivered ? QString() : a.result.error.message;
        s.status = a.result.upstreamStatus;
        s.latencyMs = a.endNs > a.startNs ? double(a.endNs - a.startNs) / 1e6 : 0;
        record.attempts.push_back(std::move(s));
    }
    const AttemptRecord *last = m_attempts.empty() ? nullptr : &m_attempts.back();
    const bool gone = last && last->result.outcome == AttemptOutcome::ClientGone;
    record.status = gone ? 499 : m_finalStatus;
    if (last) {
        record.model = last->label;
        record.backend = last->backend;
        if (last->result.firstByteNs > 0)
            record.ttftMs = double(last->result.firstByteNs - m_receivedNs) / 1e6;
        if (last->result.outcome != AttemptOutcome::Delivered)
            record.error = last->result.error.message;
    }
    lg().info("{} {} -> {} via {} route={} attempts={} status={} {:.1f}ms", record.id, record.requested,
              last ? last->label : QByteArray("-"), last ? last->backend : QByteArray("-"), record.routeMode,
              m_attempts.size(), record.status, record.latencyMs);
    for (RequestSink *sink : m_services.sinks)
        sink->requestFinished(record);
}

} // namespace sy::routing
