#include "http/clientsocket.h"

#include <QSocketNotifier>
#include <QTcpSocket>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sy::http {

ClientSocket::ClientSocket(int descriptor, QObject *parent) : QObject(parent), m_fd(descriptor)
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getpeername(m_fd, reinterpret_cast<sockaddr *>(&address), &size) == 0)
        m_peer = QHostAddress(reinterpret_cast<const sockaddr *>(&address));
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &ClientSocket::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &ClientSocket::onWritable);
}

ClientSocket::~ClientSocket()
{
    close();
}

void ClientSocket::setNoDelay()
{
    const int on = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

SocketRead ClientSocket::read(QByteArray &input, qint64 maxBytes)
{
    if (m_fd < 0)
        return SocketRead::Closed;
    m_readAttempted = true;
    resumeReading();
    return appendReads(input, maxBytes, [this](char *into, qint64 room) { return receive(into, room); });
}

qint64 ClientSocket::receive(char *into, qint64 room)
{
    const ssize_t got = ::recv(m_fd, into, std::size_t(room), 0);
    if (got > 0)
        return got;
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1; // 0: the client closed
}

SocketRead ClientSocket::discardInput()
{
    if (m_fd < 0)
        return SocketRead::Closed;
    m_readAttempted = true;
    resumeReading();
    char scrap[16 * 1024];
    for (int round = 0; round < 64; ++round) { // at most 1 MiB a call: a fast sender cannot hold the loop
        const qint64 got = receive(scrap, sizeof scrap);
        if (got < 0)
            return SocketRead::Closed;
        if (got < qint64(sizeof scrap))
            break; // the kernel had no more
    }
    return SocketRead::Open;
}

qint64 ClientSocket::bytesAvailable() const
{
    int n = 0;
    return m_fd >= 0 && ::ioctl(m_fd, FIONREAD, &n) == 0 ? n : 0;
}

void ClientSocket::resumeReading()
{
    if (m_readNotifier && !m_readNotifier->isEnabled())
        m_readNotifier->setEnabled(true);
}

void ClientSocket::onReadable()
{
    m_readAttempted = false;
    Q_EMIT readyRead();
    // Not read: wait for read() or resumeReading() rather than being woken again at once.
    if (!m_readAttempted && m_readNotifier)
        m_readNotifier->setEnabled(false);
}

qint64 ClientSocket::write(QByteArrayView data)
{
    if (m_fd < 0 || m_writeFailed || data.isEmpty())
        return 0;
    qint64 sent = 0;
    if (bytesToWrite() == 0) {
        const ssize_t n = ::send(m_fd, data.data(), std::size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            failWrite();
            return 0;
        }
        sent = std::max<ssize_t>(n, 0);
    }
    if (sent < data.size()) {
        m_queue.append(data.data() + sent, data.size() - sent);
        m_writeNotifier->setEnabled(true);
    }
    return sent;
}

void ClientSocket::onWritable()
{
    while (bytesToWrite() > 0) {
        const ssize_t n = ::send(m_fd, m_queue.constData() + m_queueSent, std::size_t(bytesToWrite()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                break;
            failWrite();
            return;
        }
        m_queueSent += n;
    }
    if (bytesToWrite() == 0) {
        m_writeNotifier->setEnabled(false);
        m_queue.clear(); // a slow reader's backlog is not kept as capacity
        m_queueSent = 0;
    } else if (m_queueSent > m_queue.size() / 2) {
        m_queue.remove(0, m_queueSent);
        m_queueSent = 0;
    }
    Q_EMIT bytesWritten();
}

void ClientSocket::failWrite()
{
    if (m_writeFailed)
        return;
    m_writeFailed = true;
    m_queue.clear();
    m_queueSent = 0;
    m_writeNotifier->setEnabled(false);
    // From the event loop: the writer may be in the middle of its own bookkeeping.
    QMetaObject::invokeMethod(this, &ClientSocket::disconnected, Qt::QueuedConnection);
}

void ClientSocket::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

void ClientSocket::close()
{
    if (m_fd < 0)
        return;
    // The notifiers leave the event loop before the number can be reused.
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = m_writeNotifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
    m_queue.clear();
    m_queueSent = 0;
}

QTcpSocket *ClientSocket::handOver(QByteArrayView unread)
{
    if (m_fd < 0)
        return nullptr;
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = m_writeNotifier = nullptr;
    const int fd = std::exchange(m_fd, -1);
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(fd)) {
        delete socket;
        ::close(fd);
        return nullptr;
    }
    // Last byte first: each goes in front of the ones put back before it.
    for (qsizetype i = unread.size() - 1; i >= 0; --i)
        socket->ungetChar(unread[i]);
    return socket;
}

} // namespace sy::http
