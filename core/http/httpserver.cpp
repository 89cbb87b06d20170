#include "http/httpserver.h"

#include "http/httpconnection.h"

#include <unistd.h>

namespace sy::http {

HttpServer::HttpServer(QObject *parent) : QTcpServer(parent)
{
    setListenBacklogSize(1024);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        const auto connections = m_connections; // abort() removes from the set
        for (HttpConnection *connection : connections)
            connection->abort();
        finishShutdownIfDone();
    });
}

HttpServer::~HttpServer()
{
    for (HttpConnection *connection : std::as_const(m_connections))
        connection->disconnect(this);
}

void HttpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_shuttingDown) {
        ::close(int(socketDescriptor));
        return;
    }
    ++m_accepted;
    auto *connection = new HttpConnection(socketDescriptor, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::closed, this, &HttpServer::onConnectionClosed);
}

void HttpServer::onConnectionClosed(HttpConnection *connection)
{
    m_connections.remove(connection);
    finishShutdownIfDone();
}

void HttpServer::shutdown(std::chrono::milliseconds grace)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    close(); // stop listening
    const auto connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->closeWhenIdle();
    m_graceTimer.start(grace);
    finishShutdownIfDone();
}

void HttpServer::finishShutdownIfDone()
{
    if (!m_shuttingDown || m_shutdownSignalled || !m_connections.isEmpty())
        return;
    m_shutdownSignalled = true;
    m_graceTimer.stop();
    Q_EMIT shutdownComplete();
}

} // namespace sy::http
