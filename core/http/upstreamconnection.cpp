#include "http/upstreamconnection.h"

#include "http/upstreampool.h"
#include "http/upstreamrequest.h"
#include "http/socketinput.h"
#include "http/socketoutput.h"

#include <QNetworkProxy>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>

namespace sy::http {
namespace {

// At most this much is read per readiness (and TLS's buffer in Qt holds no more), so a paused
// request stops reading from the kernel soon.
constexpr qint64 kSocketReadBuffer = 256 * 1024;

} // namespace

UpstreamConnection::UpstreamConnection(Origin origin, UpstreamPool *pool)
    : QObject(pool), m_origin(std::move(origin)), m_pool(pool), m_idle([this] { close(); })
{
}

UpstreamConnection::~UpstreamConnection() = default;

void UpstreamConnection::open()
{
    const QString host = QString::fromLatin1(m_origin.host);
    if (m_origin.tls) {
        auto *socket = new QSslSocket(this);
        m_socket = socket;
        connect(socket, &QSslSocket::encrypted, this, &UpstreamConnection::onConnected);
        connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts << e.errorString();
            failRequest({UpstreamErrorKind::Tls, QStringLiteral("TLS error with %1: %2")
                                                     .arg(m_origin.display(), texts.join(QStringLiteral("; ")))});
        });
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &UpstreamConnection::onConnected);
    }
    m_socket->setProxy(QNetworkProxy::NoProxy);
    m_socket->setReadBufferSize(kSocketReadBuffer);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_closed || (error == QAbstractSocket::RemoteHostClosedError && m_connected))
            return; // handled in onDisconnected
        UpstreamErrorKind kind = m_connected ? UpstreamErrorKind::ConnectionLost : UpstreamErrorKind::ConnectFailed;
        if (error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError)
            kind = UpstreamErrorKind::Tls;
        const QString what = m_connected ? QStringLiteral("connection to %1 failed: %2")
                                         : QStringLiteral("cannot connect to %1: %2");
        failRequest({kind, what.arg(m_origin.display(), m_socket->errorString())});
    });
    if (m_origin.tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(QString::fromLatin1(m_origin.host), m_origin.port);
    else
        m_socket->connectToHost(host, m_origin.port, QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void UpstreamConnection::attach(UpstreamRequest *request)
{
    m_idle.disarm();
    m_request = request;
    request->attachTo(this, m_connected);
    if (m_connected)
        sendRequest();
}

void UpstreamConnection::onConnected()
{
    m_connected = true;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (m_request)
        sendRequest();
}

void UpstreamConnection::sendRequest()
{
    const UpstreamRequestSpec &spec = m_request->spec();
    const bool sendsLength = !spec.body.isEmpty() || spec.method == "POST" || spec.method == "PUT" || spec.method == "PATCH";
    QByteArray head;
    {
        WireWriter w(head, 128 + spec.method.size() + spec.target.size() + m_origin.host.size() + spec.headers.wireSize());
        w << spec.method << ' ' << spec.target << " HTTP/1.1\r\nHost: " << m_origin.hostHeader() << "\r\n";
        spec.headers.writeTo(w);
        if (sendsLength) {
            w << "Content-Length: ";
            w.number(qulonglong(spec.body.size())) << "\r\n";
        }
        w << "\r\n";
    }
    // Ready for the answer before anything is written: a write or flush that fails can
    // report the disconnect at once, which must not read the previous response's state
    // (a reused connection's parser is still at that response's end).
    m_headSeen = false;
    m_parser.reset(spec.method == "HEAD");
    const bool written = writeRequest(head, spec.body);
    m_socket->flush();
    if (!m_request)
        return; // a TLS socket's flush reported the failure already
    if (!written) {
        failRequest({UpstreamErrorKind::ConnectionLost,
                     QStringLiteral("connection to %1 failed: %2").arg(m_origin.display(), m_socket->errorString())});
        return;
    }
    m_request->onSent();
}

bool UpstreamConnection::writeRequest(QByteArrayView head, const QByteArray &body)
{
    // Head and body leave in one system call, gathered by the kernel: a second write is a
    // second TCP segment and wake-up of the server (5 us and more in a VM), and copying the
    // body behind the head costs a pass over it.
    const qsizetype sent = m_origin.tls ? 0 : sendUnqueued(*m_socket, head, body);
    // What the kernel did not take (a full buffer, an error) and a TLS socket's whole request
    // go through the socket, which queues the rest and, unbuffered, says here if a write failed.
    if (sent < head.size() && m_socket->write(head.data() + sent, head.size() - sent) < 0)
        return false;
    const qsizetype bodySent = std::max<qsizetype>(0, sent - head.size());
    if (bodySent >= body.size())
        return true;
    // Whole, the array itself: a buffered (TLS) socket queues it without a copy.
    return (bodySent == 0 ? m_socket->write(body) : m_socket->write(body.constData() + bodySent, body.size() - bodySent)) >= 0;
}

void UpstreamConnection::onReadyRead()
{
    if (m_closed)
        return;
    if (!m_request) {
        close(); // an idle connection has nothing to say; whatever it sent, it is unusable
        return;
    }
    if (m_request->isPaused())
        return;
    const SocketRead read = appendAvailable(*m_socket, m_in, kSocketReadBuffer);
    processInput();
    if (read == SocketRead::Closed)
        onDisconnected();
}

void UpstreamConnection::resumeReading()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            // Read even when nothing seems buffered: an unbuffered socket's end shows only then.
            if (!m_closed && m_request && !m_request->isPaused())
                onReadyRead();
        },
        Qt::QueuedConnection);
}

void UpstreamConnection::processInput()
{
    while (m_request) {
        const std::size_t used =
            m_parser.feed(m_in.constData() + m_unparsedFrom, std::size_t(m_in.size() - m_unparsedFrom));
        m_unparsedFrom += qsizetype(used);
        const ParseState state = m_parser.state();
        if (m_parser.headDone() && !m_headSeen) {
            const int status = m_parser.head().status;
            if (status >= 100 && status < 200 && status != 101 && state == ParseState::Complete) {
                m_parser.reset(m_request->spec().method == "HEAD"); // interim response: wait for the real one
                continue;
            }
            m_headSeen = true;
            m_request->onHead(m_parser.head());
            if (!m_request)
                return;
        }
        if (m_parser.hasBody()) {
            m_request->onBody(m_parser.takeBody());
            if (!m_request)
                return;
        }
        if (state == ParseState::Complete) {
            finishResponse();
            return;
        }
        if (state == ParseState::Error) {
            failRequest({UpstreamErrorKind::BadResponse,
                         QStringLiteral("%1 sent an invalid HTTP response: %2")
                             .arg(m_origin.display(), QString::fromUtf8(m_parser.errorMessage()))});
            return;
        }
        break; // need more bytes
    }
    if (m_unparsedFrom >= m_in.size()) {
        m_in.resize(0);
        m_unparsedFrom = 0;
    }
}

void UpstreamConnection::finishResponse()
{
    // Not reusable if the end was already read (an unbuffered socket is then unconnected), or
    // if part of a large body is still queued (an early answer): the next request would
    // follow the rest of this one's body.
    const bool reusable = m_parser.head().keepAlive && m_unparsedFrom >= m_in.size() && !m_closed &&
                          m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesToWrite() == 0;
    m_in.resize(0);
    m_unparsedFrom = 0;
    UpstreamRequest *request = std::exchange(m_request, nullptr);
    if (reusable)
        m_pool->release(this);
    else
        close();
    request->onComplete();
}

void UpstreamConnection::onDisconnected()
{
    if (m_closed)
        return;
    if (m_request && m_headSeen) {
        // A body delimited by the close, or a cut one.
        appendAvailable(*m_socket, m_in, kSocketReadBuffer);
        processInput();
        if (m_request) {
            m_parser.feedEof();
            if (m_parser.hasBody())
                m_request->onBody(m_parser.takeBody());
            if (m_request && m_parser.state() == ParseState::Complete) {
                finishResponse();
                return;
            }
        }
    }
    if (m_request) {
        failRequest({UpstreamErrorKind::ConnectionLost,
                     m_headSeen ? QStringLiteral("%1 closed the connection mid-response").arg(m_origin.display())
                                : QStringLiteral("%1 closed the connection before responding").arg(m_origin.display())});
        return;
    }
    close();
}

void UpstreamConnection::failRequest(const UpstreamError &error)
{
    UpstreamRequest *request = std::exchange(m_request, nullptr);
    close();
    if (request)
        request->onError(error);
}

void UpstreamConnection::detachAndClose()
{
    m_request = nullptr;
    close();
}

void UpstreamConnection::park(std::chrono::milliseconds keepAlive)
{
    m_idle.arm(m_pool->deadlines(), keepAlive);
}

void UpstreamConnection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_idle.disarm();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_pool->onConnectionClosed(this);
    deleteLater();
}

} // namespace sy::http
