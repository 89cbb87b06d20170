#include "routing/upstreamattempt.h"

#include "http/httpexchange.h"
#include "http/upstreampool.h"
#include "protocol/openai/generationstats.h"
#include "protocol/openai/requestscan.h"
#include "routing/fallbackpolicy.h"
#include "util/clock.h"
#include "util/offthread.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sy::routing {
namespace {

constexpr qsizetype kMaxErrorBody = 64 * 1024;
// A whole answer is held until it ends (to check and convert it): bounded, so a backend
// that never stops cannot take the process's memory. The largest real answers are
// embeddings of large batches, tens of megabytes.
constexpr qsizetype kMaxWholeAnswer = 256 * 1024 * 1024;
constexpr qsizetype kKeptStream = 16 * 1024;

// An upstream status worth another candidate, if the policy allows.
bool isFailureStatus(int status)
{
    return status == 429 || status >= 500;
}

http::Headers responseHeaders(const http::ResponseHead &head)
{
    http::Headers out;
    for (const http::HeaderField h : head.headers) {
        if (isForwardableResponseHeader(h.name))
            out.add(h.name, h.value);
    }
    return out;
}

// When the backend said to try again (Retry-After in seconds; a date is not read): passed on
// whatever protocol the client speaks. Bounded: a backend cannot park clients for days.
int retryAfterSeconds(const http::ResponseHead &head)
{
    bool ok = false;
    const qint64 seconds = head.headers.view("retry-after").trimmed().toLongLong(&ok);
    return ok && seconds > 0 ? int(std::min<qint64>(seconds, 3600)) : 0;
}

// What a backend's error status means, so the client hears the same kind in its protocol
// (an authentication failure is not an invalid request, an overloaded backend not a broken one).
protocol::ErrorKind errorKindFor(int status)
{
    using protocol::ErrorKind;
    switch (status) {
    case 401: return ErrorKind::Unauthorized;
    case 403: return ErrorKind::Forbidden;
    case 404: return ErrorKind::NotFound;
    case 408: return ErrorKind::Timeout;
    case 413: return ErrorKind::TooLarge;
    case 422: return ErrorKind::Unprocessable;
    case 429: return ErrorKind::RateLimited;
    case 503:
    case 529: return ErrorKind::Unavailable; // 529: Anthropic's "overloaded"
    case 504: return ErrorKind::GatewayTimeout;
    default: return status >= 500 ? ErrorKind::BadGateway : ErrorKind::InvalidRequest;
    }
}

record::Trigger triggerFor(http::UpstreamErrorKind kind)
{
    switch (kind) {
    case http::UpstreamErrorKind::ConnectFailed: return record::Trigger::ConnectFailed;
    case http::UpstreamErrorKind::ConnectTimeout: return record::Trigger::ConnectTimeout;
    case http::UpstreamErrorKind::FirstByteTimeout: return record::Trigger::FirstByteTimeout;
    case http::UpstreamErrorKind::TotalTimeout: return record::Trigger::TotalTimeout;
    case http::UpstreamErrorKind::IdleTimeout: return record::Trigger::IdleTimeout;
    case http::UpstreamErrorKind::ConnectionLost: return record::Trigger::ConnectionLost;
    case http::UpstreamErrorKind::BadResponse: return record::Trigger::BadResponse;
    case http::UpstreamErrorKind::Tls: return record::Trigger::Tls;
    }
    return record::Trigger::ConnectionLost;
}

} // namespace

bool isForwardableResponseHeader(QByteArrayView name)
{
    // Ours describe this hop: a node's (another Switchyard's) X-Switchyard-* and X-Request-Id
    // would say the same things again, differently.
    if (http::isHopByHop(name) || (name.size() > 13 && http::equalsIgnoreCase(name.first(13), "x-switchyard-")))
        return false;
    const auto is = [name](QByteArrayView ours) { return http::equalsIgnoreCase(name, ours); };
    switch (name.size()) { // by size first, as isHopByHop
    case 4: return !is("date");
    case 6: return !is("server");
    case 10: return !is("set-cookie");
    case 12: return !is("x-request-id");
    case 14: return !is("content-length");
    default: return true;
    }
}

UpstreamAttempt::UpstreamAttempt(http::UpstreamPool &pool, http::HttpExchange *exchange, AttemptSpec spec)
    : m_exchange(exchange), m_spec(std::move(spec))
{
    exchange->setObserver(this);
    m_upstream = pool.start(std::move(m_spec.request), this); // not read again: the request keeps it
}

UpstreamAttempt::~UpstreamAttempt()
{
    if (m_exchange)
        m_exchange->setObserver(nullptr);
    if (!m_result.isSet())
        m_result.set(failure(protocol::ErrorKind::Internal, record::Trigger::Abandoned, QStringLiteral("the attempt was abandoned")));
}

AttemptResult UpstreamAttempt::failure(protocol::ErrorKind kind, record::Trigger trigger, QString message) const
{
    AttemptResult r;
    r.outcome = AttemptOutcome::Retryable;
    r.upstreamStatus = m_upstream && m_upstream->head().status ? m_upstream->head().status : 0;
    r.trigger = trigger;
    r.error = protocol::makeError(kind, std::move(message), record::triggerName(trigger, r.upstreamStatus));
    return r;
}

bool UpstreamAttempt::mayFallBack(record::Trigger trigger, int httpStatus) const
{
    return m_spec.policy && m_spec.policy->mayFallBack(trigger, httpStatus);
}

void UpstreamAttempt::finish(AttemptResult result)
{
    result.firstByteNs = m_firstByteNs;
    result.bytesToClient = m_bytesToClient;
    result.streamedPieces = m_spec.transcoder ? m_spec.transcoder->streamedPieces() : m_streamedPieces;
    result.backendTokensPerS = m_backendTokensPerS;
    if (!m_spec.streaming)
        result.backendTokensPerS = protocol::openai::readPredictedPerSecond(m_buffered);
    if (m_spec.transcoder && result.outcome != AttemptOutcome::Retryable) {
        result.tokensIn = m_spec.transcoder->usage().input;
        result.tokensOut = m_spec.transcoder->usage().output;
        if (result.outcome == AttemptOutcome::Delivered)
            result.clientResponse = m_spec.transcoder->clientResponse();
    } else if (const QByteArray &usageSource = m_spec.streaming ? m_usageEvent : m_buffered;
               !usageSource.isEmpty() && result.outcome != AttemptOutcome::Retryable) {
        protocol::openai::readUsage(usageSource, &result.tokensIn, &result.tokensOut);
    }
    if (result.outcome == AttemptOutcome::FailedAfterCommit)
        result.partialOutput = m_streamHead;
    m_result.set(std::move(result));
}

void UpstreamAttempt::onUpstreamHead()
{
    const int status = m_upstream->head().status;
    const bool ok = status >= 200 && status < 300;
    if (isFailureStatus(status) && mayFallBack(record::Trigger::HttpStatus, status))
        m_mode = Mode::CollectError;
    else if (ok && m_spec.streaming)
        m_mode = Mode::Stream; // committed with the first body byte
    else
        m_mode = Mode::Buffer; // a whole response: short, and checkable before it is sent
}

void UpstreamAttempt::commitStream()
{
    m_committed = true;
    m_firstByteNs = clock::nowNs();
    m_exchange->begin(m_upstream->head().status, clientHeaders(m_upstream->head()));
}

http::Headers UpstreamAttempt::clientHeaders(const http::ResponseHead &head) const
{
    if (m_spec.transcoder ? m_spec.transcoder->forwards() : !m_spec.reshape)
        return responseHeaders(head); // the client's own protocol: its request id, rate limits, ...
    // The backend's own headers describe its protocol, not the client's.
    http::Headers out{{"Content-Type", m_spec.transcoder ? m_spec.transcoder->contentType(m_mode == Mode::Stream) : QByteArray("application/json")}};
    if (const int retryAfter = retryAfterSeconds(head); retryAfter > 0)
        out.add("Retry-After", QByteArray::number(retryAfter));
    return out;
}

void UpstreamAttempt::streamToClient(QByteArray data)
{
    if (data.isEmpty())
        return;
    // A backend that repeats its key in a streamed event (an error saying "invalid key
    // sk-...") must not hand it to the client or the history either (as for whole answers).
    if (m_spec.backendKey.size() >= 8 && data.contains(m_spec.backendKey))
        data.replace(m_spec.backendKey, "[redacted]");
    if (!m_committed)
        commitStream();
    m_bytesToClient += data.size();
    if (m_streamHead.size() < kKeptStream)
        m_streamHead.append(data.left(kKeptStream - m_streamHead.size()));
    m_exchange->write(data);
    if (m_exchange && m_exchange->isCongested())
        m_upstream->setPaused(true); // resumed by the exchange's drained()
}

void UpstreamAttempt::onUpstreamBody()
{
    if (m_result.isSet())
        return;
    QByteArray data = m_upstream->takeBody();
    switch (m_mode) {
    case Mode::Stream:
        if (!m_exchange)
            return;
        if (const double perS = protocol::openai::readPredictedPerSecond(data); perS > 0)
            m_backendTokensPerS = perS;
        if (m_spec.transcoder) {
            QByteArray converted;
            protocol::ApiError error;
            const bool ok = m_spec.transcoder->convertChunk(data, converted, &error);
            streamToClient(std::move(converted));
            if (!ok)
                onStreamError(error);
            return;
        }
        if (const QByteArrayView usage = protocol::openai::lastUsageEvent(data); !usage.isEmpty())
            m_usageEvent = usage.toByteArray();
        m_streamedPieces += protocol::openai::countGeneratedPieces(data);
        noteAnswerEnd(data);
        streamToClient(std::move(data));
        return;
    case Mode::CollectError:
        keepErrorBody(data);
        return;
    case Mode::Buffer:
    case Mode::WaitingForHead: {
        const int status = m_upstream->head().status;
        if (status < 200 || status >= 300) {
            keepErrorBody(data);
            return;
        }
        if (m_buffered.size() + data.size() > kMaxWholeAnswer) {
            m_upstream->abort();
            finish(failure(protocol::ErrorKind::BadGateway, record::Trigger::BadResponse,
                           QStringLiteral("backend \"%1\" sent an answer larger than %2 MiB").arg(m_spec.backendId).arg(kMaxWholeAnswer >> 20)));
            return;
        }
        m_buffered.append(data);
        return;
    }
    }
}

void UpstreamAttempt::keepErrorBody(QByteArrayView data)
{
    const qsizetype room = kMaxErrorBody - m_buffered.size();
    if (data.size() > room)
        m_errorBodyCut = true;
    if (room > 0)
        m_buffered.append(data.first(std::min(room, data.size())));
}

void UpstreamAttempt::keepUpstreamStatus(protocol::ApiError &error) const
{
    const http::ResponseHead &head = m_upstream->head();
    // 529 is Anthropic's own; other clients know it as 503.
    const bool anthropicClient = m_exchange && m_exchange->protocol() == protocol::Protocol::Anthropic;
    error.statusOverride = head.status == 529 && !anthropicClient ? 503 : head.status;
    error.retryAfterS = retryAfterSeconds(head);
}

protocol::ApiError UpstreamAttempt::backendError() const
{
    const int status = m_upstream->head().status;
    protocol::ApiError error = protocol::makeError(errorKindFor(status), upstreamErrorMessage(), "http_" + QByteArray::number(status));
    keepUpstreamStatus(error);
    return error;
}

QString UpstreamAttempt::upstreamErrorMessage() const
{
    // Most backends say what went wrong in {"error": {"message": ...}} or {"error": "..."}.
    const QJsonObject root = QJsonDocument::fromJson(m_buffered).object();
    const QJsonValue error = root.value(QLatin1String("error"));
    QString detail = error.isObject() ? error.toObject().value(QLatin1String("message")).toString() : error.toString();
    if (detail.isEmpty())
        detail = QString::fromUtf8(m_buffered.left(200)).simplified();
    const QString head = QStringLiteral("backend \"%1\" answered %2").arg(m_spec.backendId).arg(m_upstream->head().status);
    return detail.isEmpty() ? head : head + QStringLiteral(": ") + detail;
}

void UpstreamAttempt::onUpstreamFinished()
{
    if (m_result.isSet())
        return;
    const http::ResponseHead &head = m_upstream->head();
    // A backend that repeats its key (in an error, say "invalid key sk-...") must not hand it
    // to the client, the history or the log through what is relayed or quoted from it.
    // (A key of a few bytes is no key: cutting it would mangle the answer.)
    if (m_spec.backendKey.size() >= 8 && m_buffered.contains(m_spec.backendKey))
        m_buffered.replace(m_spec.backendKey, "[redacted]");
    switch (m_mode) {
    case Mode::CollectError: {
        AttemptResult r = failure(errorKindFor(head.status), record::Trigger::HttpStatus, upstreamErrorMessage());
        keepUpstreamStatus(r.error);
        finish(std::move(r));
        return;
    }
    case Mode::Stream:
        if (m_spec.transcoder && m_exchange) {
            QByteArray tail;
            protocol::ApiError lastEventError;
            if (!m_spec.transcoder->finishStream(tail, &lastEventError)) {
                if (lastEventError.message.isEmpty()) {
                    endIncompleteStream(std::move(tail));
                } else {
                    if (m_committed)
                        streamToClient(std::move(tail));
                    onStreamError(lastEventError);
                }
                return;
            }
            if (m_committed || !mayFallBack(record::Trigger::EmptyResponse))
                streamToClient(std::move(tail));
        }
        if (!m_spec.transcoder && m_exchange && m_committed && !m_answerEnded) {
            endIncompleteStream({});
            return;
        }
        if (!m_committed && mayFallBack(record::Trigger::EmptyResponse)) {
            finish(failure(protocol::ErrorKind::BadGateway, record::Trigger::EmptyResponse,
                           QStringLiteral("backend \"%1\" ended the stream without any data").arg(m_spec.backendId)));
            return;
        }
        if (m_exchange) {
            if (!m_committed)
                commitStream();
            m_exchange->end();
        }
        break;
    case Mode::Buffer:
    case Mode::WaitingForHead:
        if (head.status >= 200 && head.status < 300 && m_buffered.trimmed().isEmpty() && mayFallBack(record::Trigger::EmptyResponse)) {
            finish(failure(protocol::ErrorKind::BadGateway, record::Trigger::EmptyResponse,
                           QStringLiteral("backend \"%1\" sent an empty response").arg(m_spec.backendId)));
            return;
        }
        if (m_spec.transcoder || m_spec.reshape) {
            deliverWhole(head);
            return;
        }
        if (head.status >= 200 && head.status < 300 && m_spec.validate &&
            (mayFallBack(record::Trigger::Validator) || mayFallBack(record::Trigger::UnparseableResponse))) {
            if (const QString problem = m_spec.validate(m_buffered); !problem.isEmpty()) {
                const record::Trigger trigger = problem.contains(QLatin1String("not valid JSON")) ? record::Trigger::UnparseableResponse
                                                                                                    : record::Trigger::Validator;
                if (mayFallBack(trigger)) {
                    finish(failure(protocol::ErrorKind::BadGateway, trigger, QStringLiteral("backend \"%1\": %2").arg(m_spec.backendId, problem)));
                    return;
                }
            }
        }
        if (m_exchange) {
            http::Headers headers = responseHeaders(head);
            if (m_errorBodyCut) { // not relayed cut in half (broken JSON): said in the client's format
                m_buffered = protocol::renderError(protocol::Protocol::OpenAI, backendError());
                headers.set("Content-Type", "application/json");
            }
            m_firstByteNs = clock::nowNs();
            m_bytesToClient = m_buffered.size();
            m_exchange->respond(head.status, headers, m_buffered);
        }
        break;
    }
    AttemptResult r;
    r.outcome = m_exchange ? AttemptOutcome::Delivered : AttemptOutcome::ClientGone;
    r.upstreamStatus = head.status;
    finish(std::move(r));
}

QByteArray UpstreamAttempt::clientErrorBody(const protocol::ApiError &error) const
{
    if (m_spec.transcoder)
        return m_spec.transcoder->errorBody(error);
    return protocol::renderError(m_exchange ? m_exchange->protocol() : protocol::Protocol::OpenAI, error);
}

void UpstreamAttempt::deliverWhole(const http::ResponseHead &head)
{
    if (head.status < 200 || head.status >= 300) {
        const protocol::ApiError error = backendError();
        respondWhole(head, error.status(), clientErrorBody(error));
        return;
    }
    if (m_spec.reshape && m_buffered.size() > kOffThreadBodyBytes) {
        // Megabytes of vectors are rewritten off the core thread; the attempt may be gone
        // (or finished: the client left) by the time they are.
        auto done = runOffThread([reshape = m_spec.reshape, answer = m_buffered] {
            WholeAnswer whole;
            whole.ok = reshape(answer, &whole.body, &whole.problem);
            return whole;
        });
        done->onSet([this, alive = std::weak_ptr<char>(m_alive)](WholeAnswer whole) {
            if (!alive.expired() && !m_result.isSet())
                deliverConverted(m_upstream->head(), std::move(whole));
        });
        return;
    }
    WholeAnswer whole;
    whole.ok = m_spec.transcoder ? m_spec.transcoder->convertWhole(m_buffered, &whole.body, &whole.response, &whole.problem)
                                 : m_spec.reshape(m_buffered, &whole.body, &whole.problem);
    deliverConverted(head, std::move(whole));
}

void UpstreamAttempt::deliverConverted(const http::ResponseHead &head, WholeAnswer whole)
{
    if (!whole.ok) {
        const QString message = QStringLiteral("backend \"%1\": %2").arg(m_spec.backendId, whole.problem);
        if (mayFallBack(record::Trigger::UnparseableResponse)) {
            finish(failure(protocol::ErrorKind::BadGateway, record::Trigger::UnparseableResponse, message));
            return;
        }
        // A 2xx answer the client could not be given: an error instead.
        protocol::ApiError unconverted = protocol::makeError(protocol::ErrorKind::BadGateway, message, "unparseable_response");
        const QByteArray body = clientErrorBody(unconverted);
        const int status = unconverted.status();
        respondWhole(head, status, body, std::move(unconverted));
        return;
    }
    if (m_spec.validateContent && whole.response.toolCalls.empty() && mayFallBack(record::Trigger::Validator)) {
        if (const QString wrong = m_spec.validateContent(whole.response.text); !wrong.isEmpty()) {
            finish(failure(protocol::ErrorKind::BadGateway, record::Trigger::Validator, QStringLiteral("backend \"%1\": %2").arg(m_spec.backendId, wrong)));
            return;
        }
    }
    respondWhole(head, head.status, whole.body);
}

void UpstreamAttempt::respondWhole(const http::ResponseHead &head, int status, const QByteArray &body, std::optional<protocol::ApiError> unconverted)
{
    if (m_exchange) {
        m_firstByteNs = clock::nowNs();
        m_bytesToClient = body.size();
        m_exchange->respond(status, clientHeaders(head), body);
    }
    AttemptResult r;
    r.outcome = m_exchange ? AttemptOutcome::Delivered : AttemptOutcome::ClientGone;
    r.upstreamStatus = head.status;
    if (unconverted && m_exchange) {
        // The client got an error, not the backend's 200: recorded, counted and learnt as one.
        r.outcome = AttemptOutcome::FailedAfterCommit;
        r.trigger = record::Trigger::UnparseableResponse;
        r.error = std::move(*unconverted);
    }
    finish(std::move(r));
}

void UpstreamAttempt::onStreamError(const protocol::ApiError &error)
{
    // The backend reported an error inside its stream.
    const QString message = QStringLiteral("backend \"%1\": %2").arg(m_spec.backendId, error.message);
    // An overloaded or rate-limited backend stays that kind of error for the client.
    const auto kind = error.kind == protocol::ErrorKind::Unavailable || error.kind == protocol::ErrorKind::RateLimited ? error.kind
                                                                                                                     : protocol::ErrorKind::BadGateway;
    if (!m_committed && mayFallBack(record::Trigger::StreamError)) {
        finish(failure(kind, record::Trigger::StreamError, message)); // the upstream is dropped with the attempt
        return;
    }
    AttemptResult r = failure(kind, record::Trigger::StreamError, message);
    endStreamWithError(r.error);
    r.outcome = AttemptOutcome::FailedAfterCommit;
    finish(std::move(r));
}

void UpstreamAttempt::noteAnswerEnd(QByteArrayView data)
{
    if (m_answerEnded)
        return;
    // The marks may be split between two reads: the end of the last read is kept to join them.
    constexpr qsizetype kCarry = 24;
    const QByteArray joined = m_streamCarry + data.first(std::min(kCarry, data.size())).toByteArray();
    m_answerEnded = protocol::openai::marksAnswerEnd(joined) || protocol::openai::marksAnswerEnd(data);
    m_streamCarry = data.size() >= kCarry ? data.last(kCarry).toByteArray() : (m_streamCarry + data.toByteArray()).right(kCarry);
}

void UpstreamAttempt::endIncompleteStream(QByteArray tail)
{
    // The backend ended its stream without saying the answer was complete (no finish
    // reason, no stop event, no [DONE]): cut short, or not a stream in its protocol at all.
    // The client would otherwise get a clean end (a converted client: end_turn, STOP, done)
    // for half an answer.
    const qint64 pieces = m_spec.transcoder ? m_spec.transcoder->streamedPieces() : m_streamedPieces;
    const bool nothing = pieces == 0;
    const record::Trigger trigger = nothing ? record::Trigger::EmptyResponse : record::Trigger::StreamError;
    const QString message = nothing ? QStringLiteral("backend \"%1\" ended its stream without an answer").arg(m_spec.backendId)
                                    : QStringLiteral("backend \"%1\" ended its stream before the answer was complete").arg(m_spec.backendId);
    if (!m_committed) { // nothing sent yet: the next candidate, or a plain error response
        finish(failure(protocol::ErrorKind::BadGateway, trigger, message));
        return;
    }
    streamToClient(std::move(tail));
    AttemptResult r = failure(protocol::ErrorKind::BadGateway, trigger, message);
    endStreamWithError(r.error);
    r.outcome = AttemptOutcome::FailedAfterCommit;
    finish(std::move(r));
}

void UpstreamAttempt::endStreamWithError(const protocol::ApiError &error)
{
    if (!m_exchange)
        return;
    if (!m_committed)
        commitStream();
    QByteArray event;
    if (m_spec.transcoder)
        m_spec.transcoder->streamError(error, event);
    else
        event = "data: " + protocol::renderError(protocol::Protocol::OpenAI, error) + "\n\n";
    m_exchange->write(event);
    m_exchange->end();
}

void UpstreamAttempt::onUpstreamFailed(const http::UpstreamError &error)
{
    if (m_result.isSet())
        return;
    const auto kind = error.isTimeout() ? protocol::ErrorKind::GatewayTimeout : protocol::ErrorKind::BadGateway;
    const QString message = QStringLiteral("backend \"%1\": %2").arg(m_spec.backendId, error.message);
    AttemptResult r = failure(kind, triggerFor(error.kind), message);
    if (m_committed) {
        // Too late to fall back: end the stream with an error event the client's SDK reports.
        endStreamWithError(r.error);
        r.outcome = AttemptOutcome::FailedAfterCommit;
    }
    finish(std::move(r));
}

void UpstreamAttempt::onDrained()
{
    if (m_upstream)
        m_upstream->setPaused(false);
}

void UpstreamAttempt::onClientGone()
{
    if (m_result.isSet())
        return;
    if (m_upstream)
        m_upstream->abort(); // the model server sees the disconnect and stops generating
    AttemptResult r;
    r.outcome = AttemptOutcome::ClientGone;
    r.trigger = record::Trigger::ClientGone;
    finish(std::move(r));
}

} // namespace sy::routing
