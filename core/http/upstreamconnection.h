#pragma once
// A keep-alive connection to one origin, owned by UpstreamPool. Carries one request at
// a time; returns to the pool when a response ends cleanly.

#include "http/origin.h"
#include "http/parser.h"

#include <QObject>
#include "util/deadlinequeue.h"

class QTcpSocket;

namespace sy::http {

class UpstreamPool;
class UpstreamRequest;
struct UpstreamError;

class UpstreamConnection : public QObject {
    Q_OBJECT
public:
    UpstreamConnection(Origin origin, UpstreamPool *pool);
    ~UpstreamConnection() override;

    const Origin &origin() const { return m_origin; }
    bool isConnected() const { return m_connected; }
    bool isBusy() const { return m_request != nullptr; }

    void open();
    // Sends the request now, or as soon as the connection is up.
    void attach(UpstreamRequest *request);
    // The request gave up (aborted): the connection is closed, never reused mid-response.
    void detachAndClose();
    // Idle in the pool: closes after `keepAlive` of silence.
    void park(std::chrono::milliseconds keepAlive);
    void resumeReading();
    void close();

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void sendRequest();
    bool writeRequest(QByteArrayView head, const QByteArray &body);
    void processInput();
    void finishResponse();
    void failRequest(const UpstreamError &error);

    Origin m_origin;
    UpstreamPool *m_pool;
    QTcpSocket *m_socket = nullptr;
    ResponseParser m_parser;
    QByteArray m_in;
    qsizetype m_unparsedFrom = 0;
    UpstreamRequest *m_request = nullptr;
    Deadline m_idle;
    bool m_connected = false;
    bool m_headSeen = false;
    bool m_closed = false;
};

} // namespace sy::http
