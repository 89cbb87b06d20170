#include "http/httpserver.h"

#include "http/httpconnection.h"
#include "util/log.h"

#include <QHostAddress>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sy::http {
namespace {

auto &lg()
{
    static auto l = sy::log::get("http");
    return *l;
}

// A refusal written straight to a socket we will not serve (no parser, no objects).
void refuse(int fd, const char *reason)
{
    char response[256];
    const int n = std::snprintf(response, sizeof response,
                                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                                "Connection: close\r\nRetry-After: 1\r\n\r\n%s",
                                std::strlen(reason), reason);
    [[maybe_unused]] const ssize_t written = ::send(fd, response, std::size_t(n), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
}

QByteArray peerKey(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    if (address.ss_family == AF_INET)
        return QByteArray(reinterpret_cast<const char *>(&reinterpret_cast<sockaddr_in *>(&address)->sin_addr), 4);
    if (address.ss_family == AF_INET6)
        return QByteArray(reinterpret_cast<const char *>(&reinterpret_cast<sockaddr_in6 *>(&address)->sin6_addr), 16);
    return {};
}

constexpr const char *kFullBody = R"({"error":{"message":"too many connections; try again","type":"server_error","code":"too_many_connections"}})";

} // namespace

HttpServer::HttpServer(QObject *parent) : QTcpServer(parent)
{
    setListenBacklogSize(1024);
    // One descriptor in reserve, to say "503" to a client when they run out.
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    connect(this, &QTcpServer::acceptError, this, &HttpServer::onAcceptError);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        const auto connections = m_connections.keys(); // abort() removes from the map
        for (HttpConnection *connection : connections)
            connection->abort();
        finishShutdownIfDone();
    });
}

HttpServer::~HttpServer()
{
    for (HttpConnection *connection : m_connections.keys())
        connection->disconnect(this);
    if (m_spareFd >= 0)
        ::close(m_spareFd);
}

void HttpServer::incomingConnection(qintptr socketDescriptor)
{
    const int fd = int(socketDescriptor);
    if (m_shuttingDown) {
        ::close(fd);
        return;
    }
    QByteArray peer = peerKey(fd);
    if (int(m_connections.size()) >= m_limits.maxConnections) {
        ++m_refused;
        if (m_refused % 1000 == 1)
            lg().warn("refusing connections: {} open, the limit is server.maxConnections = {}", m_connections.size(), m_limits.maxConnections);
        refuse(fd, kFullBody);
        return;
    }
    int &fromPeer = m_perPeer[peer];
    if (fromPeer >= m_limits.maxConnectionsPerClient) {
        ++m_refused;
        if (m_refused % 1000 == 1)
            lg().warn("refusing connections from one client: {} open, the limit is server.maxConnectionsPerClient = {}", fromPeer,
                      m_limits.maxConnectionsPerClient);
        refuse(fd, kFullBody);
        return;
    }
    ++fromPeer;
    ++m_accepted;
    auto *connection = new HttpConnection(socketDescriptor, this);
    m_connections.insert(connection, peer);
    connect(connection, &HttpConnection::closed, this, &HttpServer::onConnectionClosed);
}

void HttpServer::onConnectionClosed(HttpConnection *connection)
{
    const auto it = m_connections.constFind(connection);
    if (it != m_connections.constEnd()) {
        if (auto peer = m_perPeer.find(*it); peer != m_perPeer.end() && --*peer <= 0)
            m_perPeer.erase(peer);
        m_connections.erase(it);
    }
    finishShutdownIfDone();
}

void HttpServer::onAcceptError(QAbstractSocket::SocketError error)
{
    // Out of file descriptors (Qt has paused accepting): answer the waiting client with the
    // reserve descriptor instead of leaving it hanging, then try again shortly. Never spin.
    if (error == QAbstractSocket::SocketResourceError && m_spareFd >= 0) {
        ::close(m_spareFd);
        const int fd = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0)
            refuse(fd, R"({"error":{"message":"the server is out of file descriptors; try again","type":"server_error","code":"too_many_connections"}})");
        m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        ++m_refused;
        if (m_refused % 1000 == 1)
            lg().warn("out of file descriptors with {} connections open: refusing new ones until some close", m_connections.size());
    }
    if (!m_shuttingDown)
        QTimer::singleShot(50, this, [this] {
            if (!m_shuttingDown)
                resumeAccepting();
        });
}

void HttpServer::shutdown(std::chrono::milliseconds grace)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    close(); // stop listening
    const auto connections = m_connections.keys();
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
