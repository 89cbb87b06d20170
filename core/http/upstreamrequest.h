#pragma once
// One request to an upstream server, as the caller sees it. UpstreamPool::start() creates
// it; it waits for a connection, sends, and reports to its listener the response head,
// body pieces as they arrive, and exactly one of finished / failed. Destroying it aborts.
// Not a QObject: several are created per proxied request, and callbacks through an
// interface cost nothing to set up.

#include "http/message.h"
#include "http/origin.h"
#include "util/deadlinequeue.h"

#include <QPointer>
#include <chrono>

namespace sy::http {

class UpstreamPool;
class UpstreamConnection;

struct UpstreamTimeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds firstByte{120'000}; // sent -> response head (includes waiting for a free connection)
    std::chrono::milliseconds idle{120'000};      // silence between body pieces
    std::chrono::milliseconds total{0};           // start -> end of the response; 0 = no limit
};

struct UpstreamRequestSpec {
    Origin origin;
    QByteArray method = "POST";
    QByteArray target; // path and query
    Headers headers;   // Host, Content-Length and Connection are added
    QByteArray body;
    UpstreamTimeouts timeouts;
};

enum class UpstreamErrorKind {
    ConnectFailed,    // refused, unreachable, DNS
    ConnectTimeout,
    FirstByteTimeout,
    TotalTimeout,
    IdleTimeout,
    ConnectionLost,   // closed or reset before the response was complete
    BadResponse,      // not parseable as HTTP
    Tls,
};

struct UpstreamError {
    UpstreamErrorKind kind = UpstreamErrorKind::ConnectFailed;
    QString message;
    bool isTimeout() const;
};

const char *upstreamErrorName(UpstreamErrorKind kind);

// Told about the response. A listener may destroy the request from any callback.
class UpstreamListener {
public:
    virtual void onUpstreamHead() = 0;
    virtual void onUpstreamBody() = 0;
    virtual void onUpstreamFinished() = 0;
    virtual void onUpstreamFailed(const UpstreamError &error) = 0;

protected:
    ~UpstreamListener() = default;
};

class UpstreamRequest {
public:
    ~UpstreamRequest();
    UpstreamRequest(const UpstreamRequest &) = delete;
    UpstreamRequest &operator=(const UpstreamRequest &) = delete;

    // Stops at once: closes the connection (the upstream sees the client leave).
    void abort();
    // Backpressure: while paused nothing is read, so TCP slows the upstream down.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    const UpstreamRequestSpec &spec() const { return m_spec; }
    const ResponseHead &head() const { return m_head; }
    // Body bytes received since the last call.
    QByteArray takeBody() { return std::exchange(m_body, QByteArray()); }
    bool isDone() const { return m_state == State::Done; }
    bool wasReused() const { return m_reusedConnection; }

private:
    friend class UpstreamPool;
    friend class UpstreamConnection;
    enum class State { Queued, Connecting, Waiting, Receiving, Done };

    UpstreamRequest(UpstreamRequestSpec spec, UpstreamPool *pool, UpstreamListener *listener);

    // Called by the pool and the connection.
    void attachTo(UpstreamConnection *connection, bool reused);
    void onSent();
    void onHead(ResponseHead head);
    void onBody(QByteArray data);
    void onComplete();
    void onError(const UpstreamError &error);
    void onTimeout();
    void fail(const UpstreamError &error);
    void arm(std::chrono::milliseconds timeout);

    UpstreamRequestSpec m_spec;
    QPointer<UpstreamPool> m_pool;
    UpstreamListener *m_listener;
    QPointer<UpstreamConnection> m_connection;
    ResponseHead m_head;
    QByteArray m_body;
    Deadline m_deadline;
    Deadline m_totalDeadline;
    State m_state = State::Queued;
    bool m_paused = false;
    bool m_reusedConnection = false;
    bool m_retriedStale = false;
};

} // namespace sy::http
