#include "http/upstreamrequest.h"

#include "http/upstreamconnection.h"
#include "http/upstreampool.h"

namespace sy::http {

bool UpstreamError::isTimeout() const
{
    return kind == UpstreamErrorKind::ConnectTimeout || kind == UpstreamErrorKind::FirstByteTimeout ||
           kind == UpstreamErrorKind::IdleTimeout || kind == UpstreamErrorKind::TotalTimeout;
}

const char *upstreamErrorName(UpstreamErrorKind kind)
{
    switch (kind) {
    case UpstreamErrorKind::ConnectFailed: return "connect_failed";
    case UpstreamErrorKind::ConnectTimeout: return "connect_timeout";
    case UpstreamErrorKind::FirstByteTimeout: return "first_byte_timeout";
    case UpstreamErrorKind::IdleTimeout: return "idle_timeout";
    case UpstreamErrorKind::TotalTimeout: return "total_timeout";
    case UpstreamErrorKind::ConnectionLost: return "connection_lost";
    case UpstreamErrorKind::BadResponse: return "bad_response";
    case UpstreamErrorKind::Tls: return "tls";
    }
    return "unknown";
}

UpstreamRequest::UpstreamRequest(UpstreamRequestSpec spec, UpstreamPool *pool, UpstreamListener *listener)
    : m_spec(std::move(spec)),
      m_pool(pool),
      m_listener(listener),
      m_deadline([this] { onTimeout(); }),
      m_totalDeadline([this] {
          fail({UpstreamErrorKind::TotalTimeout, QStringLiteral("%1 did not finish its response within %2 ms")
                                                     .arg(m_spec.origin.display())
                                                     .arg(m_spec.timeouts.total.count())});
      })
{
    if (m_pool && m_spec.timeouts.total.count() > 0)
        m_totalDeadline.arm(m_pool->deadlines(), m_spec.timeouts.total);
}

UpstreamRequest::~UpstreamRequest()
{
    abort();
}

void UpstreamRequest::abort()
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    m_deadline.disarm();
    m_totalDeadline.disarm();
    if (UpstreamConnection *connection = m_connection) {
        m_connection = nullptr;
        connection->detachAndClose();
    } else if (m_pool) {
        m_pool->forget(this);
    }
}

void UpstreamRequest::setPaused(bool paused)
{
    if (paused == m_paused || m_state == State::Done)
        return;
    m_paused = paused;
    if (paused) {
        m_deadline.disarm(); // a slow client is not the upstream's fault
        return;
    }
    if (m_state == State::Receiving)
        arm(m_spec.timeouts.idle);
    if (m_connection)
        m_connection->resumeReading();
}

void UpstreamRequest::arm(std::chrono::milliseconds timeout)
{
    if (m_pool)
        m_deadline.arm(m_pool->deadlines(), timeout);
}

void UpstreamRequest::attachTo(UpstreamConnection *connection, bool reused)
{
    m_connection = connection;
    m_reusedConnection = reused;
    m_state = State::Connecting;
    if (!reused)
        arm(m_spec.timeouts.connect);
}

void UpstreamRequest::onSent()
{
    m_state = State::Waiting;
    arm(m_spec.timeouts.firstByte);
}

void UpstreamRequest::onHead(ResponseHead head)
{
    m_head = std::move(head);
    m_state = State::Receiving;
    if (!m_paused)
        arm(m_spec.timeouts.idle);
    m_listener->onUpstreamHead();
}

void UpstreamRequest::onBody(QByteArray data)
{
    if (m_body.isEmpty())
        m_body = std::move(data);
    else
        m_body.append(data);
    if (!m_paused)
        arm(m_spec.timeouts.idle);
    m_listener->onUpstreamBody();
}

void UpstreamRequest::onComplete()
{
    m_state = State::Done;
    m_deadline.disarm();
    m_totalDeadline.disarm();
    m_connection = nullptr;
    m_listener->onUpstreamFinished();
}

void UpstreamRequest::onError(const UpstreamError &error)
{
    if (m_state == State::Done)
        return;
    m_connection = nullptr;
    // A pooled connection the server had already closed: the request never reached it,
    // so it is safe to send it once more on a fresh connection. A reused connection is
    // Connecting only while the request is being written, so a write that failed counts.
    if (m_reusedConnection && !m_retriedStale && (m_state == State::Waiting || m_state == State::Connecting) &&
        error.kind == UpstreamErrorKind::ConnectionLost && m_pool) {
        m_retriedStale = true;
        m_state = State::Queued;
        m_pool->dispatch(this, /*allowReuse=*/false);
        return;
    }
    fail(error);
}

void UpstreamRequest::fail(const UpstreamError &error)
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    m_deadline.disarm();
    m_totalDeadline.disarm();
    if (UpstreamConnection *connection = m_connection) {
        m_connection = nullptr;
        connection->detachAndClose();
    } else if (m_pool) {
        m_pool->forget(this);
    }
    m_listener->onUpstreamFailed(error);
}

void UpstreamRequest::onTimeout()
{
    const QString where = m_spec.origin.display();
    switch (m_state) {
    case State::Queued:
        fail({UpstreamErrorKind::FirstByteTimeout,
              QStringLiteral("no connection to %1 became free within %2 ms")
                  .arg(where)
                  .arg(m_spec.timeouts.firstByte.count())});
        return;
    case State::Connecting:
        fail({UpstreamErrorKind::ConnectTimeout,
              QStringLiteral("connecting to %1 timed out after %2 ms").arg(where).arg(m_spec.timeouts.connect.count())});
        return;
    case State::Waiting:
        fail({UpstreamErrorKind::FirstByteTimeout, QStringLiteral("%1 sent no response within %2 ms")
                                                         .arg(where)
                                                         .arg(m_spec.timeouts.firstByte.count())});
        return;
    case State::Receiving:
        fail({UpstreamErrorKind::IdleTimeout,
              QStringLiteral("%1 went silent for %2 ms mid-response").arg(where).arg(m_spec.timeouts.idle.count())});
        return;
    case State::Done:
        return;
    }
}

} // namespace sy::http
