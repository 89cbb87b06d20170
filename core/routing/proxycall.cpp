#include "routing/proxycall.h"

#include "http/httpexchange.h"
#include "http/wirewriter.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/openai/openaicodec.h"
#include "routing/callsinflight.h"
#include "routing/secondtier.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/offthread.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>

namespace sy::routing {
namespace {

auto &lg()
{
    static auto l = sy::log::get("proxy");
    return *l;
}

// Tokens per second of generation: the backend's own figure when it gives one; for a stream,
// the tokens after the first over the time after it (loading and reading the prompt are
// not generating); for a whole answer, over the whole request (so a lower bound).
double generationSpeed(const record::RequestRecord &r, double backendFigure)
{
    if (backendFigure > 0)
        return backendFigure;
    if (r.status != 200 || r.tokensOut <= 0)
        return -1;
    if (r.stream) {
        const double generatingMs = r.latencyMs - r.ttftMs;
        return r.ttftMs >= 0 && r.tokensOut >= 2 && generatingMs > 1 ? double(r.tokensOut - 1) * 1000.0 / generatingMs : -1;
    }
    return r.latencyMs > 1 ? double(r.tokensOut) * 1000.0 / r.latencyMs : -1;
}

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

// JSON with everything outside printable ASCII escaped: fit for a header value.
QByteArray asciiJson(const QJsonObject &object)
{
    const QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    QByteArray out;
    out.reserve(json.size());
    for (QChar c : json) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
            out.append(char(c.unicode()));
        else
            out.append("\\u" + QByteArray::number(c.unicode(), 16).rightJustified(4, '0'));
    }
    return out;
}

QJsonArray attemptsJson(const std::vector<AttemptRecord> &attempts)
{
    QJsonArray out;
    for (const AttemptRecord &a : attempts) {
        QJsonObject o{{QStringLiteral("model"), QString::fromUtf8(a.label)},
                      {QStringLiteral("backend"), QString::fromUtf8(a.backend)},
                      {QStringLiteral("outcome"), QLatin1String(outcomeName(a.result.outcome))}};
        if (!a.params.empty())
            o.insert(QStringLiteral("params"), paramsJson(a.params));
        if (a.result.trigger != record::Trigger::None)
            o.insert(QStringLiteral("trigger"), QString::fromUtf8(record::triggerName(a.result.trigger, a.result.upstreamStatus)));
        if (a.result.upstreamStatus)
            o.insert(QStringLiteral("status"), a.result.upstreamStatus);
        if (a.result.outcome != AttemptOutcome::Delivered && !a.result.error.message.isEmpty())
            o.insert(QStringLiteral("error"), a.result.error.message);
        out.append(o);
    }
    return out;
}

} // namespace

QByteArray traceHeader(const RouteDecision &decision, const std::vector<AttemptRecord> &attempts)
{
    QJsonObject trace = traceJson(decision);
    trace.insert(QStringLiteral("attempts"), attemptsJson(attempts));
    return asciiJson(trace);
}

void ProxyCall::start(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call)
{
    RouteDecision decision = services.router->route(*services.table, call.routing, QDateTime::currentMSecsSinceEpoch());
    auto *proxyCall = new ProxyCall(services, exchange, std::move(call), std::move(decision));
    proxyCall->run(); // runs until its first suspension; the task finishes on its own
}

ProxyCall::ProxyCall(const ProxyServices &services, http::HttpExchange *exchange, InboundCall call, RouteDecision decision)
    : m_services(services),
      m_exchange(exchange),
      m_call(std::move(call)),
      m_decision(std::move(decision)),
      m_receivedNs(exchange->receivedNs()),
      m_startedUs(exchange->startedUs()),
      m_client(exchange->peerText())
{
    if (m_services.calls)
        m_services.calls->add();
}

ProxyCall::~ProxyCall()
{
    if (m_services.calls)
        m_services.calls->remove();
}

namespace {

// An OpenAI client's body in canonical form (the scan accepted it already). Pure.
// `fromNode`: another Switchyard passed it on, and records what it used from the usage
// chunk a stream ends with: asked for whether or not its client did.
std::shared_ptr<const protocol::Request> readOpenAiBody(const QByteArray &body, protocol::Flavor flavor, bool fromNode)
{
    auto request = std::make_shared<protocol::Request>();
    QString ignored;
    protocol::openai::parseRequest(QJsonDocument::fromJson(body).object(), flavor, *request, &ignored);
    request->streamUsage = request->streamUsage || fromNode;
    return request;
}

} // namespace

bool ProxyCall::isLarge() const
{
    return m_call.bodyBytes > kOffThreadBodyBytes;
}

QCoro::Task<> ProxyCall::ensureCanonical()
{
    if (m_call.canonical)
        co_return;
    // An OpenAI client meets a backend of another protocol: read its request once (a large
    // one off the core thread).
    // (GCC 12 mishandles temporaries that live across a co_await: the work is named first.)
    if (isLarge()) {
        const auto reading = runOffThread([body = m_call.body, flavor = m_call.flavor, fromNode = m_call.routing.fromNode] {
            return readOpenAiBody(body, flavor, fromNode);
        });
        m_call.canonical = co_await *reading;
    } else
        m_call.canonical = readOpenAiBody(m_call.body, m_call.flavor, m_call.routing.fromNode);
}

RequestSets ProxyCall::requestSets(bool passthrough) const
{
    if (passthrough)
        return [scan = &m_call.scan](QByteArrayView key) { return scan->hasKey(key); };
    return [request = m_call.canonical](QByteArrayView key) { return request->setsParam(key); };
}

void ProxyCall::applyKeepAlive(const Candidate &candidate)
{
    // An Ollama client's keep_alive sets how long the model it reached stays loaded.
    const QJsonValue keepAlive = m_call.canonical ? m_call.canonical->keepAlive : m_call.ollamaEmbed ? m_call.ollamaEmbed->keepAlive : QJsonValue();
    if (keepAlive.isUndefined() || keepAlive.isNull())
        return;
    m_services.pool->setKeepAlive(QString::fromUtf8(candidate.label), protocol::ollama::keepAliveSeconds(keepAlive));
}

void ProxyCall::setResponseHeaders(const Candidate &candidate, int attempt)
{
    const BackendEntry &backend = m_services.table->backends()[std::size_t(candidate.backend)];
    m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Model"), candidate.label);
    m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Backend"), backend.id);
    m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Route"), routeModeName(m_decision.mode));
    char digits[12];
    const auto written = std::to_chars(digits, digits + sizeof digits, attempt).ptr;
    m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Attempts"), QByteArrayView(digits, written - digits));
    if (m_call.wantTrace)
        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Trace"), traceHeader(m_decision, m_attempts));
}

void ProxyCall::learn(const AttemptRecord &record)
{
    if (!m_services.routerState)
        return;
    const AttemptResult &r = record.result;
    if (r.outcome == AttemptOutcome::Delivered && r.upstreamStatus >= 200 && r.upstreamStatus < 300) {
        m_services.routerState->recordSuccess(record.label, double(record.endNs - record.startNs) / 1e6);
    } else if (FallbackPolicy::countsAgainstModel(r) &&
               m_services.routerState->recordFailure(record.label, QDateTime::currentMSecsSinceEpoch())) {
        lg().warn("{} is cooling down for {} s after {} failures", record.label, m_services.table->config().fallback.cooldownS,
                  m_services.table->config().fallback.failThreshold);
    }
}

QCoro::Task<> ProxyCall::run()
{
    const RouteTable &table = *m_services.table;
    if (m_services.secondTier && wantsSecondTier(m_decision, m_call.routing, table.config().routing)) {
        // Bounded by routing.autoClassifierTimeoutMs; a client that leaves meanwhile is seen below.
        m_call.routing.secondTier = co_await m_services.secondTier->ask(m_services, m_call.routing.promptText);
        m_decision = m_services.router->route(table, m_call.routing, QDateTime::currentMSecsSinceEpoch());
    }
    FallbackPolicy policy(table.config().fallback, m_decision.chain.size());

    for (int i = 0; i < policy.attemptsAllowed(); ++i) {
        if (clientGone())
            break;
        policy.beginAttempt(i);
        const Candidate &candidate = m_decision.chain[std::size_t(i)];
        const BackendEntry &backend = table.backends()[std::size_t(candidate.backend)];
        const bool passthrough = isPassthrough(m_call, backend);
        std::optional<protocol::ApiError> unsupported = endpointUnsupportedBy(m_call, backend);
        if (!unsupported && !passthrough) {
            co_await ensureCanonical();
            if (clientGone())
                break;
            unsupported = unsupportedBy(m_call, backend, strippedParams(table, candidate));
        }
        AttemptRecord record{candidate.label, backend.id,
                             m_call.generatesText() ? mergedParams(table, candidate, requestSets(passthrough)) : protocol::RawParams(),
                             {}, clock::nowNs(), 0};
        setResponseHeaders(candidate, int(m_attempts.size()) + 1);
        bool processDied = false;
        bool sent = false;
        if (unsupported) {
            record.result.trigger = record::Trigger::Unsupported;
            record.result.error = std::move(*unsupported);
        } else {
            record.result = co_await attempt(candidate, backend, record.params, policy);
            sent = true;
            m_finalStatus = record.result.upstreamStatus;
            // Connection refused by a managed model whose process just died (before Qt noticed):
            // the pool now knows, and the policy may try once more on it, which restarts it.
            processDied = backend.managed && record.result.trigger == record::Trigger::ConnectFailed &&
                          !m_services.pool->checkAlive(QString::fromUtf8(candidate.label));
        }
        record.endNs = clock::nowNs();
        if (sent && !processDied)
            learn(record); // after endNs is set: a model's observed latency is end minus start
        m_attempts.push_back(std::move(record));
        const FallbackPolicy::Next next = policy.afterAttempt(m_attempts.back().result, processDied);
        if (next == FallbackPolicy::Next::Done)
            break;
        if (next == FallbackPolicy::Next::SameCandidate) {
            --i;
            continue;
        }
        lg().info("{} fallback from {} ({}): {}", m_call.requestId, candidate.label,
                  record::triggerName(m_attempts.back().result.trigger, m_attempts.back().result.upstreamStatus),
                  protocol::loggable(m_attempts.back().result.error.message, 300));
    }

    const bool delivered = !m_attempts.empty() && m_attempts.back().result.outcome != AttemptOutcome::Retryable;
    if (!delivered)
        respondWithFailure();
    finishRecord();
    delete this; // the last statement: the coroutine frame does not touch the call afterwards
}

QCoro::Task<AttemptResult> ProxyCall::attempt(const Candidate &candidate, const BackendEntry &backend, const protocol::RawParams &params,
                                              const FallbackPolicy &policy)
{
    const RouteTable &table = *m_services.table;
    const config::ValidatorConfig *roleValidator = m_decision.role.isEmpty() ? nullptr : table.validator(m_decision.role);
    std::optional<protocol::OutboundRequest> rendered;
    if (!isPassthrough(m_call, backend) && isLarge()) { // megabytes of JSON to write: not on the core thread
        const auto rendering = runOffThread([canonical = m_call.canonical, params, backend, candidate, stripped = strippedParams(table, candidate)] {
            return renderForBackend(*canonical, params, backend, candidate, stripped);
        });
        rendered = co_await *rendering;
    }
    // The client may have left meanwhile (a second tier's answer, a render off the thread):
    // nobody would tell this attempt, which would then run on for nothing.
    if (clientGone())
        co_return clientGoneResult();
    AttemptSpec spec = buildAttempt({table, m_call, m_exchange->request(), roleValidator}, candidate, params, &policy,
                                    rendered ? &*rendered : nullptr);
    pool::Lease lease; // keeps a managed model busy (not unloaded) for the attempt
    if (backend.managed) {
        m_waiter = m_services.pool->acquire(QString::fromUtf8(candidate.label));
        m_exchange->setObserver(this);
        pool::LeaseResult leased = co_await m_waiter->result;
        m_waiter.reset();
        if (m_exchange)
            m_exchange->setObserver(nullptr);
        if (!leased.ok()) {
            AttemptResult failed;
            failed.trigger = leased.trigger;
            failed.error = leased.error;
            failed.error.retryAfterS = leased.retryAfterS;
            failed.outcome = leased.trigger == record::Trigger::Cancelled || !m_exchange ? AttemptOutcome::ClientGone : AttemptOutcome::Retryable;
            co_return failed;
        }
        // The lease may have been granted just as the client left: its cancel then found the
        // wait already over, and the exchange may be gone by the time this resumes.
        if (clientGone())
            co_return clientGoneResult();
        lease = std::move(leased.lease);
        spec.request.origin = lease.origin();
        applyKeepAlive(candidate);
    }
    m_attempt = std::make_unique<UpstreamAttempt>(*m_services.upstreams, m_exchange, std::move(spec));
    AttemptResult result = co_await m_attempt->result();
    m_attempt.reset(); // resumed from the event loop: nothing of the attempt is on the stack
    co_return result;
}

bool ProxyCall::clientGone() const
{
    return !m_exchange || m_exchange->isClientGone();
}

AttemptResult ProxyCall::clientGoneResult()
{
    AttemptResult gone;
    gone.outcome = AttemptOutcome::ClientGone;
    gone.trigger = record::Trigger::ClientGone;
    return gone;
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
    protocol::ApiError error;
    if (!m_attempts.empty())
        error = m_attempts.back().result.error;
    else if (!m_decision.ok())
        error = m_decision.error;
    else
        error = protocol::makeError(protocol::ErrorKind::BadGateway, QStringLiteral("no attempt was made"));
    m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Route"), routeModeName(m_decision.mode));
    if (m_attempts.size() > 1) {
        QStringList lines;
        for (const AttemptRecord &a : m_attempts)
            lines << QStringLiteral("%1 (%2)").arg(QString::fromUtf8(a.label),
                                                   QString::fromUtf8(record::triggerName(a.result.trigger, a.result.upstreamStatus)));
        error.message += QStringLiteral(" [all %1 attempts failed: %2]").arg(m_attempts.size()).arg(lines.join(QStringLiteral(", ")));
    }
    m_finalStatus = error.status();
    if (m_call.wantTrace)
        m_exchange->addResponseHeader(QByteArrayLiteral("X-Switchyard-Trace"), traceHeader(m_decision, m_attempts));
    // Every attempt, for clients that look: an extra member of the error object (Ollama's
    // error is a plain string, which its clients expect: there the attempts stay out).
    QJsonObject body = QJsonDocument::fromJson(protocol::renderError(m_exchange->protocol(), error)).object();
    if (const QJsonValue inner = body.value(QLatin1String("error")); inner.isObject()) {
        QJsonObject withAttempts = inner.toObject();
        withAttempts.insert(QStringLiteral("attempts"), attemptsJson(m_attempts));
        body.insert(QStringLiteral("error"), withAttempts);
    }
    if (error.retryAfterS > 0)
        m_exchange->addResponseHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterS));
    m_exchange->respondJson(error.status(), QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void ProxyCall::finishRecord()
{
    record::RequestRecord out;
    out.id = m_call.requestId;
    out.startedUs = m_startedUs;
    const char *inbound = protocol::protocolName(m_call.clientProtocol());
    out.inbound = QByteArray::fromRawData(inbound, qsizetype(strlen(inbound)));
    out.endpoint = m_call.endpointName;
    out.requested = m_call.requestedModel;
    out.routeMode = QByteArray::fromRawData(routeModeName(m_decision.mode), qsizetype(strlen(routeModeName(m_decision.mode))));
    for (const Candidate &c : m_decision.chain)
        out.chain << c.label;
    out.stream = m_call.stream;
    out.latencyMs = clock::msSince(m_receivedNs);
    out.client = m_client;
    out.clientName = m_call.clientName;
    for (const AttemptRecord &a : m_attempts) {
        record::AttemptSummary s;
        s.model = a.label;
        s.backend = a.backend;
        if (!a.params.empty())
            s.params = paramsText(a.params);
        s.outcome = outcomeName(a.result.outcome);
        s.trigger = record::triggerName(a.result.trigger, a.result.upstreamStatus);
        s.error = a.result.outcome == AttemptOutcome::Delivered ? QString() : a.result.error.message;
        s.status = a.result.upstreamStatus;
        s.latencyMs = a.endNs > a.startNs ? double(a.endNs - a.startNs) / 1e6 : 0;
        out.attempts.push_back(std::move(s));
    }
    const AttemptRecord *last = m_attempts.empty() ? nullptr : &m_attempts.back();
    // Also a client that left before any attempt (while a classifier model was asked, say).
    const bool gone = last ? last->result.outcome == AttemptOutcome::ClientGone
                           : m_finalStatus == 0 && clientGone();
    // A stream cut after it started went out as 200, but the client got a broken answer:
    // recorded (and counted) as the error that ended it.
    const bool broken = last && last->result.outcome == AttemptOutcome::FailedAfterCommit;
    out.status = gone ? 499 : broken ? last->result.error.status() : m_finalStatus;
    if (last) {
        out.model = last->label;
        out.backend = last->backend;
        if (last->result.firstByteNs > 0)
            out.ttftMs = double(last->result.firstByteNs - m_receivedNs) / 1e6;
        if (last->result.outcome != AttemptOutcome::Delivered)
            out.error = last->result.error.message;
        out.tokensIn = last->result.tokensIn;
        out.tokensOut = last->result.tokensOut;
        if (out.tokensOut < 0 && last->result.streamedPieces > 0) {
            out.tokensOut = last->result.streamedPieces;
            out.tokensEstimated = true;
        }
        out.tokensPerS = generationSpeed(out, last->result.backendTokensPerS);
        out.partialOutput = last->result.partialOutput;
        if (m_call.storeResponse && !last->result.clientResponse.isEmpty() && out.status < 400) {
            out.storedResponse = last->result.clientResponse;
            out.storedResponseId = QJsonDocument::fromJson(out.storedResponse).object().value(QLatin1String("id")).toString().toUtf8();
            out.storedInputItems = m_call.conversationItems;
        }
    } else {
        out.error = m_decision.error.message; // nothing could serve it
    }
    out.trace = std::make_shared<record::RouteTrace>(takeRouteTrace(m_decision)); // rendered by who needs it
    // Every request is in the history; the log tells what went wrong (a failure or refusal
    // is a warning, so the log's "warnings and errors" view shows it), a fallback, a client
    // that left, or, at debug, everything.
    const bool failed = out.status >= 400 && out.status != 499;
    const auto level = failed ? spdlog::level::warn
                       : out.status == 499 || m_attempts.size() > 1 ? spdlog::level::info
                                                                   : spdlog::level::debug;
    if (lg().should_log(level))
        lg().log(level, "{} {} -> {} via {} route={} attempts={} status={} {:.1f}ms{}{}", out.id, protocol::loggable(out.requested),
                 last ? last->label : QByteArray("-"), last ? last->backend : QByteArray("-"), out.routeMode, m_attempts.size(),
                 out.status, out.latencyMs, out.error.isEmpty() ? "" : ": ", protocol::loggable(out.error, 300));
    for (record::RequestSink *sink : m_services.sinks)
        sink->requestFinished(out);
}

} // namespace sy::routing
