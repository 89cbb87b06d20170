#pragma once
// One request to an upstream server, as the caller sees it. Created by UpstreamPool::start;
// it waits for a connection, sends, and reports the response head, body pieces as they
// arrive, and exactly one of finished() / failed(). Deleting it aborts it.

#include "http/message.h"
#include "http/origin.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>

namespace sy::http {

class UpstreamPool;
class UpstreamConnection;

struct UpstreamTimeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds firstByte{120'000}; // sent -> response head (includes waiting for a free connection)
    std::chrono::milliseconds idle{120'000};      // silence between body pieces
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

class UpstreamRequest : public QObject {
    Q_OBJECT
public:
    ~UpstreamRequest() override;

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

Q_SIGNALS:
    void headReceived();
    void bodyReceived();
    void finished();
    void failed(const sy::http::UpstreamError &error);

private:
    friend class UpstreamPool;
    friend class UpstreamConnection;
    enum class State { Queued, Connecting, Waiting, Receiving, Done };

    UpstreamRequest(UpstreamRequestSpec spec, UpstreamPool *pool, QObject *parent);

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
    QPointer<UpstreamConnection> m_connection;
    ResponseHead m_head;
    QByteArray m_body;
    QTimer m_timer;
    State m_state = State::Queued;
    bool m_paused = false;
    bool m_reusedConnection = false;
    bool m_retriedStale = false;
};

} // namespace sy::http
