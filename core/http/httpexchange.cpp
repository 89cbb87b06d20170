#include "http/httpexchange.h"

#include "http/httpconnection.h"
#include "http/httpdate.h"
#include "http/refusallog.h"
#include "http/wirewriter.h"

#include <charconv>

namespace sy::http {

HttpExchange::HttpExchange(HttpConnection *connection, RequestHead head, QByteArray body, Peer peer,
                           std::int64_t receivedNs)
    : QObject(connection),
      m_connection(connection),
      m_head(std::move(head)),
      m_body(std::move(body)),
      m_peer(std::move(peer)),
      m_receivedNs(receivedNs),
      m_protocol(protocol::protocolForPath(m_head.path)),
      m_headOnly(m_head.method == "HEAD")
{
}

HttpExchange::~HttpExchange() = default;

void HttpExchange::addResponseHeader(QByteArrayView name, QByteArrayView value)
{
    m_extraHeaders.set(name, value);
}

void HttpExchange::respond(int status, const Headers &headers, const QByteArray &body)
{
    begin(status, headers, std::uint64_t(body.size()));
    write(body);
    end();
}

void HttpExchange::respondJson(int status, const QByteArray &json)
{
    Headers headers;
    headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    respond(status, headers, json);
}

void HttpExchange::respondError(const protocol::ApiError &error)
{
    logRefusal(m_requestId, m_head.method, m_head.path, m_peer.address, error.status(), error.message);
    if (error.retryAfterS > 0)
        addResponseHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterS));
    respondJson(error.status(), protocol::renderError(m_protocol, error));
}

void HttpExchange::begin(int status, const Headers &headers, std::optional<std::uint64_t> contentLength)
{
    if (m_started || m_clientGone)
        return;
    m_started = true;
    m_status = status;

    const bool noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    bool close = m_connection->willClose(this);
    const QByteArray date = httpDate();
    QByteArray out;
    {
        WireWriter w(out, 256 + date.size() + headers.wireSize() + m_extraHeaders.wireSize());
        w << "HTTP/1.1 ";
        w.number(unsigned(status)) << ' ' << reasonPhrase(status) << "\r\nServer: switchyard\r\nDate: " << date << "\r\n";
        headers.writeTo(w);
        m_extraHeaders.writeTo(w);
        if (noBody) {
            // no framing
        } else if (contentLength) {
            w << "Content-Length: ";
            w.number(*contentLength) << "\r\n";
        } else if (m_head.version >= 11) {
            w << "Transfer-Encoding: chunked\r\n";
            m_chunked = true;
        } else {
            close = true; // an HTTP/1.0 client learns the end of the body from the close
        }
        if (close)
            w << "Connection: close\r\n";
        else if (m_head.version == 10)
            w << "Connection: keep-alive\r\n";
        w << "\r\n";
    } // the writer trims `out` to what was written
    m_closeAfter = close;
    m_contentLength = contentLength;
    m_connection->writeRaw(out);
    if (!contentLength && !noBody)
        flushSoon(); // a stream's head goes out before its first piece
}

void HttpExchange::write(QByteArrayView data)
{
    if (!m_started || m_ended || m_clientGone || data.isEmpty() || m_headOnly)
        return;
    if (m_chunked) {
        char size[24];
        char *end = std::to_chars(size, size + 16, qulonglong(data.size()), 16).ptr;
        *end++ = '\r';
        *end++ = '\n';
        m_connection->writeRaw(QByteArrayView(size, end - size));
        m_connection->writeRaw(data);
        m_connection->writeRaw("\r\n");
        flushSoon();
    } else {
        m_connection->writeRaw(data);
        m_bodyWritten += std::uint64_t(data.size());
        if (!m_contentLength || m_bodyWritten < *m_contentLength)
            flushSoon(); // more is to come; a whole body is sent by end()
    }
    if (pendingBytes() > kHighWatermark)
        m_waitingForDrain = true;
}

void HttpExchange::flushSoon()
{
    // A body written in pieces is sent as they come, but only once the event that brought
    // one has been handled, so pieces that came together (often the last one and the end of
    // the stream) leave in one write instead of one each. On the core thread
    // (EpollEventDispatcher) a post from its own thread costs no system call.
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushQueued = false;
            if (!m_ended && !m_clientGone)
                m_connection->flush();
        },
        Qt::QueuedConnection);
}

void HttpExchange::end()
{
    if (m_ended || m_clientGone)
        return;
    if (!m_started)
        begin(200, {}, 0);
    m_ended = true;
    if (m_chunked && !m_headOnly)
        m_connection->writeRaw("0\r\n\r\n");
    m_connection->flush();
    m_connection->onResponseEnded(m_closeAfter);
    deleteLater();
}

qint64 HttpExchange::pendingBytes() const
{
    return m_connection->pendingBytes();
}

void HttpExchange::onBytesWritten()
{
    if (m_waitingForDrain && pendingBytes() < kLowWatermark) {
        m_waitingForDrain = false;
        if (m_observer)
            m_observer->onDrained();
        Q_EMIT drained();
    }
}

void HttpExchange::onClientGone()
{
    if (m_clientGone || m_ended)
        return;
    m_clientGone = true;
    if (m_observer)
        m_observer->onClientGone();
    Q_EMIT clientGone();
}

} // namespace sy::http
