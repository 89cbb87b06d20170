#pragma once
// One request and its response on a server connection: what a handler receives.
// The connection owns it; handlers keep a QPointer, since it goes away when the
// response ends or the client disconnects.

#include "http/message.h"
#include "protocol/apierror.h"

#include <QHostAddress>
#include <QObject>
#include <cstdint>
#include <optional>

namespace sy::http {

class HttpConnection;

// The one party producing the response (e.g. a proxy attempt), told about the client
// without a signal connection per request. The signals below fire as well.
class ExchangeObserver {
public:
    virtual void onClientGone() = 0;
    virtual void onDrained() = 0;

protected:
    ~ExchangeObserver() = default;
};

// The client's address, and as text for records: worked out once per connection, not per
// request (formatting the address cost a few allocations each time).
struct Peer {
    QHostAddress address;
    QString text;
};

class HttpExchange : public QObject {
    Q_OBJECT
public:
    // A response write pauses the producer above this many unsent bytes.
    static constexpr qint64 kHighWatermark = 512 * 1024;
    static constexpr qint64 kLowWatermark = 128 * 1024;

    HttpExchange(HttpConnection *connection, RequestHead head, QByteArray body, Peer peer,
                 std::int64_t receivedNs);
    ~HttpExchange() override;

    const RequestHead &request() const { return m_head; }
    // The body, with spare capacity for simdjson's padding.
    const QByteArray &body() const { return m_body; }
    const QHostAddress &peerAddress() const { return m_peer.address; }
    const QString &peerText() const { return m_peer.text; }
    std::int64_t receivedNs() const { return m_receivedNs; }
    protocol::Protocol protocol() const { return m_protocol; }
    const QByteArray &requestId() const { return m_requestId; }
    // Wall-clock microseconds when the request was taken up, read once with its id: an id
    // made here names the same time, which is how the history finds it (util/requestid.h).
    qint64 startedUs() const { return m_startedUs; }
    void setRequestId(QByteArray id, qint64 startedUs)
    {
        m_requestId = std::move(id);
        m_startedUs = startedUs;
    }
    // The name of the client key the request carried (set by the ingress), or empty.
    const QByteArray &clientName() const { return m_clientName; }
    void setClientName(QByteArray name) { m_clientName = std::move(name); }
    // Dispatched on its head to be refused (HttpServer::EarlyRefusal): its body was never read.
    bool isBodyWithheld() const { return m_bodyWithheld; }
    void setBodyWithheld() { m_bodyWithheld = true; }
    // The server's early refusal (HttpServer::setEarlyRefusal) was asked on this head and let
    // it through, so the handler need not ask the same checks again.
    bool passedEarlyChecks() const { return m_passedEarlyChecks; }
    void setPassedEarlyChecks() { m_passedEarlyChecks = true; }

    void setObserver(ExchangeObserver *observer) { m_observer = observer; }

    // Fields added to whatever response this exchange sends (X-Request-Id, X-Switchyard-*).
    void addResponseHeader(QByteArrayView name, QByteArrayView value);

    // A whole response with a Content-Length.
    void respond(int status, const Headers &headers, const QByteArray &body);
    void respondJson(int status, const QByteArray &json);
    // An error in the protocol of the request's path.
    void respondError(const protocol::ApiError &error);

    // A response whose body follows in write() calls: chunked unless a length is given.
    void begin(int status, const Headers &headers, std::optional<std::uint64_t> contentLength = std::nullopt);
    void write(QByteArrayView data);
    void end();

    bool isStarted() const { return m_started; }
    bool isEnded() const { return m_ended; }
    bool isClientGone() const { return m_clientGone; }
    int responseStatus() const { return m_status; }
    qint64 pendingBytes() const;
    bool isCongested() const { return pendingBytes() > kHighWatermark; }

Q_SIGNALS:
    // Unsent bytes fell below the low watermark after having been above the high one.
    void drained();
    // The client disconnected before the response ended.
    void clientGone();

private:
    friend class HttpConnection;
    void onBytesWritten();
    void onClientGone();
    void flushSoon();

    HttpConnection *m_connection;
    ExchangeObserver *m_observer = nullptr;
    RequestHead m_head;
    QByteArray m_body;
    Peer m_peer;
    std::int64_t m_receivedNs;
    protocol::Protocol m_protocol;
    Headers m_extraHeaders;
    QByteArray m_requestId;
    qint64 m_startedUs = 0;
    QByteArray m_clientName;
    bool m_bodyWithheld = false;
    bool m_passedEarlyChecks = false;
    int m_status = 0;
    bool m_started = false;
    bool m_ended = false;
    bool m_chunked = false;
    std::optional<std::uint64_t> m_contentLength; // as announced by begin()
    std::uint64_t m_bodyWritten = 0;
    bool m_headOnly = false;
    bool m_clientGone = false;
    bool m_waitingForDrain = false;
    bool m_closeAfter = false;
    bool m_flushQueued = false; // a body written in pieces goes out once this event has been handled
};

} // namespace sy::http
