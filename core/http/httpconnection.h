#pragma once
// One client connection of HttpServer: reads and parses requests, hands each complete
// request to the server's handler as an HttpExchange, writes its response, and keeps
// the connection alive for the next one.

#include "http/httpexchange.h"
#include "http/parser.h"
#include "protocol/apierror.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include "util/deadlinequeue.h"

namespace sy::http {

class ClientSocket;
class HttpServer;


class HttpConnection : public QObject {
    Q_OBJECT
public:
    HttpConnection(qintptr socketDescriptor, HttpServer *server);
    ~HttpConnection() override;

    bool isIdle() const { return m_state == State::ReadingHead && m_unparsedFrom >= m_in.size() && !m_exchange; }
    // Graceful shutdown: close now if idle, else after the current response.
    void closeWhenIdle();
    void abort();

Q_SIGNALS:
    void closed(sy::http::HttpConnection *connection);

private:
    friend class HttpExchange;
    enum class State { ReadingHead, ReadingBody, Dispatched, Closing, Closed };

    void onReadyRead();
    void processInput();
    void onHeadReady();
    void dispatch();
    void dispatchOnHead();
    void failRequest(protocol::ErrorKind kind, const QString &message, QByteArrayView path);
    bool handOverUpgrade();
    void onTimeout();
    void onDisconnected();
    void close();
    void armTimer(std::chrono::milliseconds timeout);
    bool rearmIfStillSending();
    void armBodyDeadline();

    // Called by the exchange. Writes are gathered until flush() sends them in one write.
    void writeRaw(QByteArrayView data);
    void flush();
    void send(QByteArrayView data);
    qint64 pendingBytes() const;
    bool willClose(const HttpExchange *exchange) const;
    void onResponseEnded(bool closeAfter);

    HttpServer *m_server;
    ClientSocket *m_socket = nullptr;
    Peer m_peer;
    RequestParser m_parser;
    QByteArray m_in;
    QByteArray m_out; // gathered by writeRaw(), sent by flush()
    qsizetype m_unparsedFrom = 0;
    State m_state = State::ReadingHead;
    QPointer<HttpExchange> m_exchange;
    Deadline m_deadline;
    std::chrono::milliseconds m_armedFor{0};
    qint64 m_pendingWhenArmed = 0; // response bytes not yet taken by the kernel
    int m_requestsServed = 0;
    std::int64_t m_bodyStartNs = 0;
    bool m_closeWhenIdle = false;
    bool m_continueSent = false;
    bool m_passedEarlyChecks = false; // of the request being read
    bool m_finished = false; // closed() emitted
};

} // namespace sy::http
