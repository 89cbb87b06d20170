#pragma once
// A blocking HTTP/1.1 client over a raw socket, for tests: keep-alive, raw bytes, and
// streamed bodies with the arrival time of every piece. The core under test runs on
// its own thread, so the test thread may block.

#include "http/message.h"

#include <QByteArray>
#include <QJsonObject>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace sy::test {

struct TestResponse {
    bool complete = false;
    QString error;
    int status = 0;
    http::Headers headers;
    QByteArray body;
    struct Piece {
        qint64 atMs;
        QByteArray data;
    };
    std::vector<Piece> pieces; // body as it arrived

    QJsonObject json() const;
    QByteArray header(QByteArrayView name) const { return headers.value(name); }
    // "data: ..." payloads of an SSE body, in order.
    QByteArrayList sseData() const;
};

class TestHttpClient {
public:
    explicit TestHttpClient(quint16 port, QString host = QStringLiteral("127.0.0.1"));
    ~TestHttpClient();

    TestResponse request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                         const http::Headers &headers = {}, int timeoutMs = 15000);
    TestResponse postJson(const QByteArray &path, const QByteArray &json, const http::Headers &headers = {},
                          int timeoutMs = 15000);
    TestResponse get(const QByteArray &path, int timeoutMs = 15000) { return request("GET", path, {}, {}, timeoutMs); }
    // Sends bytes as they are and reads one response.
    TestResponse raw(const QByteArray &bytes, int timeoutMs = 15000, bool headRequest = false);

    // Reads the next response on the connection (after pipelined requests).
    TestResponse next(int timeoutMs = 15000);

    // Sends a request and returns once the response head arrived; readSome() continues.
    bool startRequest(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                      const http::Headers &headers = {});
    bool waitForHead(TestResponse &response, int timeoutMs);
    // Reads whatever body arrives within `timeoutMs`; false at the end of the response.
    bool readSome(TestResponse &response, int timeoutMs);
    void disconnect();
    // Bytes received after the last response (e.g. after a 101), buffered or still in the socket.
    QByteArray takeLeftover();

    bool isConnected() const;
    int connectionsOpened() const { return m_connectionsOpened; }
    QTcpSocket &socket() { return *m_socket; }

private:
    bool ensureConnected();
    // Parses what is buffered; true if the head or body data was new.
    bool drain(TestResponse &response);
    // Reads until the response is complete, or (untilComplete = false) until something
    // new arrived. True while the response may go on.
    bool pump(TestResponse &response, int timeoutMs, bool untilComplete);

    quint16 m_port;
    QString m_host;
    std::unique_ptr<QTcpSocket> m_socket;
    struct ParserState;
    std::unique_ptr<ParserState> m_state;
    int m_connectionsOpened = 0;
};

} // namespace sy::test
