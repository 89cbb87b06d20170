#pragma once
// The HTTP/1.1 server: QTcpServer plus a maintained parser (see parser.h). Handles
// keep-alive, pipelined requests (one at a time), chunked bodies, Expect: 100-continue,
// limits, timeouts, WebSocket hand-off and graceful shutdown.

#include "http/message.h"
#include "http/serverlimits.h"
#include "util/deadlinequeue.h"

#include <QHostAddress>
#include <QHash>
#include <QTcpServer>
#include <QTimer>
#include <chrono>
#include <functional>

class QTcpSocket;

namespace sy::http {

class HttpConnection;
class HttpExchange;

class HttpServer : public QTcpServer {
    Q_OBJECT
public:
    using Handler = std::function<void(HttpExchange *)>;
    // Offered the first request of a connection when it asks for an upgrade: if `accepts`
    // says yes (from the head and the client's address), `take` gets the connection as a
    // socket with the whole request still unread in it; else the request is plain HTTP.
    struct UpgradeHandler {
        std::function<bool(const RequestHead &, const QHostAddress &peer)> accepts;
        std::function<void(QTcpSocket *)> take;
    };
    // Asked when a request's head has arrived and a body is to follow: true when the head
    // alone is enough to refuse it (e.g. no client key). The request then goes to the handler
    // at once with an empty body, the body is not read, and the connection closes after the
    // answer, so nobody without a key can make the server buffer a large body.
    using EarlyRefusal = std::function<bool(const RequestHead &)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const ServerLimits &limits) { m_limits = limits; }
    const ServerLimits &limits() const { return m_limits; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const Handler &handler() const { return m_handler; }
    void setUpgradeHandler(UpgradeHandler handler) { m_upgradeHandler = std::move(handler); }
    const UpgradeHandler &upgradeHandler() const { return m_upgradeHandler; }
    void setEarlyRefusal(EarlyRefusal check) { m_earlyRefusal = std::move(check); }
    const EarlyRefusal &earlyRefusal() const { return m_earlyRefusal; }

    // Stops accepting, lets responses in flight finish for up to `grace`, then closes
    // everything; emits shutdownComplete() once no connection is left.
    void shutdown(std::chrono::milliseconds grace);
    bool isShuttingDown() const { return m_shuttingDown; }
    int connectionCount() const { return int(m_connections.size()); }
    qint64 acceptedConnections() const { return m_accepted; }
    qint64 refusedConnections() const { return m_refused; }
    DeadlineQueue &deadlines() { return m_deadlines; }

Q_SIGNALS:
    void shutdownComplete();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void onConnectionClosed(HttpConnection *connection);
    void onAcceptError(QAbstractSocket::SocketError error);
    void finishShutdownIfDone();

    ServerLimits m_limits;
    DeadlineQueue m_deadlines; // the head/body/idle timeouts of every connection
    Handler m_handler;
    UpgradeHandler m_upgradeHandler;
    EarlyRefusal m_earlyRefusal;
    QHash<HttpConnection *, QByteArray> m_connections; // -> peer address bytes
    QHash<QByteArray, int> m_perPeer;                  // open connections per peer address
    QTimer m_graceTimer;
    bool m_shuttingDown = false;
    bool m_shutdownSignalled = false;
    qint64 m_accepted = 0;
    qint64 m_refused = 0;
    int m_spareFd = -1; // kept open to answer one client when descriptors run out
};

} // namespace sy::http
