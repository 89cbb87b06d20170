#include "http/httpconnection.h"

#include "http/clientsocket.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "http/refusallog.h"
#include "util/clock.h"

#include <QTcpSocket>

namespace sy::http {
namespace {

constexpr qint64 kSocketReadBuffer = 1024 * 1024;
constexpr std::chrono::milliseconds kLingerTimeout{2000};
// A response's pieces are gathered for flush() up to this much; a larger piece is sent as it is.
constexpr qsizetype kOutputGatherMax = 64 * 1024;

} // namespace

HttpConnection::HttpConnection(qintptr socketDescriptor, HttpServer *server)
    : QObject(server), m_server(server), m_deadline([this] { onTimeout(); })
{
    m_socket = new ClientSocket(int(socketDescriptor), this);
    const QHostAddress &peer = m_socket->peerAddress();
    m_peer = {peer, peer.toString()};
    m_socket->setNoDelay();
    connect(m_socket, &ClientSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &ClientSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &ClientSocket::bytesWritten, this, [this] {
        if (m_exchange)
            m_exchange->onBytesWritten();
        if (m_state == State::Closing && m_socket->bytesToWrite() == 0)
            m_socket->shutdownWrite();
    });
    const ServerLimits &limits = m_server->limits();
    m_parser.reset(limits.headerBytes, limits.bodyBytes);
    armTimer(limits.headerTimeout);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::armTimer(std::chrono::milliseconds timeout)
{
    m_armedFor = timeout;
    m_pendingWhenArmed = pendingBytes();
    m_deadline.arm(m_server->deadlines(), timeout);
}

bool HttpConnection::rearmIfStillSending()
{
    // A response the client is still reading is not idleness, and a lingering close must not
    // cut it off: wait on while the queue shrinks. A client that took nothing for a whole
    // period is not reading, and its connection (with the queue) is dropped.
    const qint64 pending = pendingBytes();
    if (pending == 0 || pending >= m_pendingWhenArmed)
        return false;
    armTimer(m_armedFor);
    return true;
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Closing) {
        // Lingering close: drain what the client still sends.
        if (m_socket->discardInput() == SocketRead::Closed)
            onDisconnected();
        return;
    }
    if (m_state != State::ReadingHead && m_state != State::ReadingBody && m_state != State::Dispatched)
        return;
    // While a response is under way, what the client pipelines is read too (which also
    // notices a client that left), up to the bound; past it, it waits in the kernel and TCP
    // slows the client down (the socket pauses when a readyRead is not read).
    const qint64 unparsed = m_in.size() - m_unparsedFrom;
    if (unparsed >= kSocketReadBuffer) {
        if (m_state != State::Dispatched)
            processInput(); // what is read goes to the parser first (which resumes reading)
        return;
    }
    const bool wasIdle = unparsed == 0;
    if (m_socket->read(m_in, kSocketReadBuffer - unparsed) == SocketRead::Closed) {
        onDisconnected();
        return;
    }
    if (m_state == State::Dispatched)
        return;
    if (wasIdle && m_state == State::ReadingHead && m_unparsedFrom < m_in.size())
        armTimer(m_server->limits().headerTimeout); // a new request started
    processInput();
}

void HttpConnection::processInput()
{
    while (m_state == State::ReadingHead || m_state == State::ReadingBody) {
        const std::size_t available = std::size_t(m_in.size() - m_unparsedFrom);
        if (available == 0 && m_state == State::ReadingHead)
            break;
        const std::size_t used = m_parser.feed(m_in.constData() + m_unparsedFrom, available);
        m_unparsedFrom += qsizetype(used);
        const ParseState state = m_parser.state();
        if (state == ParseState::HeadReady) {
            onHeadReady();
            continue;
        }
        if (state == ParseState::Complete) {
            dispatch();
            break;
        }
        if (state == ParseState::Error) {
            const ParseError error = m_parser.error();
            const QByteArray path = m_parser.head().path;
            if (error == ParseError::HeaderTooLarge)
                failRequest(protocol::ErrorKind::HeaderTooLarge, QStringLiteral("request header fields are too large"), path);
            else if (error == ParseError::BodyTooLarge)
                failRequest(protocol::ErrorKind::TooLarge,
                            QStringLiteral("request body is larger than the limit of %1 bytes")
                                .arg(m_server->limits().bodyBytes),
                            path);
            else
                failRequest(protocol::ErrorKind::InvalidRequest,
                            QStringLiteral("malformed HTTP request: %1").arg(QString::fromUtf8(m_parser.errorMessage())),
                            path);
            return;
        }
        // NeedMore: wait for the socket.
        if (m_state == State::ReadingBody)
            armBodyDeadline();
        break;
    }
    // Wanting input, it must come: a readyRead not read (the bound above) paused the socket.
    if (m_state == State::ReadingHead || m_state == State::ReadingBody)
        m_socket->resumeReading();
    if (m_requestsServed == 0 && m_state == State::ReadingHead)
        return; // the first head stays whole in m_in: an upgrade hands it over unread
    if (m_unparsedFrom >= m_in.size()) {
        m_in.resize(0);
        m_unparsedFrom = 0;
    } else if (m_unparsedFrom > 64 * 1024) {
        m_in.remove(0, m_unparsedFrom);
        m_unparsedFrom = 0;
    }
}

void HttpConnection::onHeadReady()
{
    const RequestHead &head = m_parser.head();
    const bool bodyFollows = head.chunked || head.contentLength.value_or(0) > 0;
    if (bodyFollows && m_server->earlyRefusal()) {
        if (m_server->earlyRefusal()(head)) {
            dispatchOnHead();
            return;
        }
        m_passedEarlyChecks = true;
    }
    m_state = State::ReadingBody;
    m_bodyStartNs = clock::nowNs();
    if (head.expectContinue && head.version >= 11 && !m_continueSent) {
        m_continueSent = true;
        writeRaw("HTTP/1.1 100 Continue\r\n\r\n");
        flush();
    }
    armBodyDeadline();
}

void HttpConnection::armBodyDeadline()
{
    // Silence ends it (bodyTimeout), and so does a trickle: past the first bodyGrace, the
    // body must keep up an average of minBodyBytesPerS, or a client could hold the
    // connection (and its buffer) for ever at a byte a second.
    const ServerLimits &limits = m_server->limits();
    const std::int64_t elapsedMs = (clock::nowNs() - m_bodyStartNs) / 1'000'000;
    const std::int64_t earnedMs = limits.bodyGrace.count() + m_parser.bodyBytesSoFar() * 1000 / std::max<std::int64_t>(1, limits.minBodyBytesPerS);
    const std::int64_t rateLeftMs = std::max<std::int64_t>(0, earnedMs - elapsedMs);
    armTimer(std::min(limits.bodyTimeout, std::chrono::milliseconds(rateLeftMs)));
}

void HttpConnection::dispatch()
{
    m_deadline.disarm();
    if (m_requestsServed == 0 && m_parser.head().upgrade && handOverUpgrade())
        return;
    RequestHead head = m_parser.takeHead();
    QByteArray body = m_parser.takeBody();
    const ServerLimits &limits = m_server->limits();
    m_parser.reset(limits.headerBytes, limits.bodyBytes);
    m_continueSent = false;
    m_state = State::Dispatched;
    ++m_requestsServed;
    auto *exchange = new HttpExchange(this, std::move(head), std::move(body), m_peer, clock::nowNs());
    if (std::exchange(m_passedEarlyChecks, false))
        exchange->setPassedEarlyChecks();
    m_exchange = exchange;
    if (m_server->handler())
        m_server->handler()(exchange);
    else
        exchange->respondError(protocol::makeError(protocol::ErrorKind::Unavailable, QStringLiteral("no handler")));
}

bool HttpConnection::handOverUpgrade()
{
    const HttpServer::UpgradeHandler &handler = m_server->upgradeHandler();
    const RequestHead &head = m_parser.head();
    // Not with a body: the head would no longer be whole in m_in (and a handshake has none).
    if (head.method != "GET" || head.chunked || head.contentLength.value_or(0) > 0 || !handler.accepts || !handler.take ||
        !handler.accepts(head, m_peer.address))
        return false;
    // The first request's bytes are all still in m_in, from its start (processInput keeps
    // them until the head is dispatched): the new owner reads the handshake, and whatever
    // followed it, itself.
    if (QTcpSocket *socket = m_socket->handOver(m_in))
        handler.take(socket);
    m_state = State::Closed;
    m_finished = true;
    Q_EMIT closed(this);
    deleteLater();
    return true;
}

void HttpConnection::dispatchOnHead()
{
    // The body stays unread: the connection cannot carry another request after this one.
    m_closeWhenIdle = true;
    m_deadline.disarm();
    m_state = State::Dispatched;
    ++m_requestsServed;
    auto *exchange = new HttpExchange(this, RequestHead(m_parser.head()), {}, m_peer, clock::nowNs());
    exchange->setBodyWithheld();
    m_exchange = exchange;
    m_server->handler()(exchange);
}

void HttpConnection::failRequest(protocol::ErrorKind kind, const QString &message, QByteArrayView path)
{
    const protocol::ApiError error = protocol::makeError(kind, message);
    logRefusal("-", m_parser.head().method, path, m_peer.address, error.status(), message);
    const QByteArray body = protocol::renderError(protocol::protocolForPath(path), error);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(error.status()) + ' ' + reasonPhrase(error.status()).toByteArray() +
                     "\r\nServer: switchyard\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    writeRaw(out);
    flush();
    close();
}

void HttpConnection::onResponseEnded(bool closeAfter)
{
    m_exchange = nullptr;
    if (closeAfter || m_closeWhenIdle || m_server->isShuttingDown()) {
        close();
        return;
    }
    m_state = State::ReadingHead;
    armTimer(m_server->limits().idleTimeout);
    m_socket->resumeReading(); // what waits in the kernel comes as readyRead
    if (m_unparsedFrom < m_in.size()) {
        // Pipelined requests already read: continue from the event loop, not from inside the handler.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_state != State::ReadingHead || m_unparsedFrom >= m_in.size())
                    return;
                armTimer(m_server->limits().headerTimeout);
                processInput();
            },
            Qt::QueuedConnection);
    }
}

bool HttpConnection::willClose(const HttpExchange *exchange) const
{
    // A WebSocket handshake answered with an ordinary response (a feed without its token)
    // closes: such a client never sends another request on it, and Qt's QWebSocket waits for
    // the switch until the idle timeout. Other refused upgrades go on as plain HTTP.
    const RequestHead &head = exchange->request();
    const bool refusedWebSocket = head.upgrade && equalsIgnoreCase(head.headers.view("upgrade"), "websocket");
    return !head.keepAlive || refusedWebSocket || m_closeWhenIdle || m_server->isShuttingDown();
}

void HttpConnection::close()
{
    // Lingering close: stop sending, keep reading until the client closes (or a short
    // timeout), so a client still sending its body gets our response rather than a reset.
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    m_state = State::Closing;
    flush();
    if (m_socket->bytesToWrite() == 0)
        m_socket->shutdownWrite();
    m_socket->resumeReading(); // the lingering reads drain it, and see the client's end
    armTimer(kLingerTimeout);
}

void HttpConnection::closeWhenIdle()
{
    m_closeWhenIdle = true;
    if (m_state == State::ReadingHead && m_unparsedFrom >= m_in.size()) {
        if (pendingBytes() > 0)
            close(); // the last response is still leaving: let it
        else
            abort();
    }
}

void HttpConnection::abort()
{
    if (m_finished)
        return;
    if (m_socket)
        m_socket->close();
    onDisconnected();
}

void HttpConnection::onTimeout()
{
    switch (m_state) {
    case State::ReadingHead:
        if (m_unparsedFrom >= m_in.size() && m_socket->bytesAvailable() == 0) {
            if (!rearmIfStillSending())
                abort(); // idle keep-alive connection
            return;
        }
        failRequest(protocol::ErrorKind::Timeout, QStringLiteral("timed out waiting for the request head"),
                    m_parser.head().path);
        return;
    case State::ReadingBody:
        failRequest(protocol::ErrorKind::Timeout, QStringLiteral("the request body arrived too slowly or stopped"),
                    m_parser.head().path);
        return;
    case State::Closing:
        if (!rearmIfStillSending())
            abort();
        return;
    case State::Dispatched:
    case State::Closed:
        return;
    }
}

void HttpConnection::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_state = State::Closed;
    m_deadline.disarm();
    if (m_exchange) {
        HttpExchange *exchange = m_exchange;
        m_exchange = nullptr;
        exchange->onClientGone();
    }
    if (m_socket)
        m_socket->disconnect(this);
    Q_EMIT closed(this);
    deleteLater();
}

void HttpConnection::writeRaw(QByteArrayView data)
{
    if (!m_socket || m_state == State::Closed)
        return;
    if (m_out.size() + data.size() < kOutputGatherMax) {
        m_out.append(data);
        return;
    }
    // A large piece is not gathered (nor kept in m_out's capacity): what was gathered goes
    // first, then the piece straight from the caller's memory.
    flush();
    send(data);
}

void HttpConnection::flush()
{
    if (!m_socket || m_state == State::Closed || m_out.isEmpty())
        return;
    send(m_out);
    m_out.resize(0);
}

void HttpConnection::send(QByteArrayView data)
{
    // What the kernel does not take now is queued by the socket, which sends it when it can
    // and reports a failure as the disconnect.
    if (m_socket->write(data) > 0 && m_exchange)
        m_exchange->onBytesWritten();
}

qint64 HttpConnection::pendingBytes() const
{
    return m_socket ? m_out.size() + m_socket->bytesToWrite() : 0;
}

} // namespace sy::http
