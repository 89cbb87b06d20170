// HttpServer over real sockets: keep-alive, chunked bodies, Expect, limits, timeouts,
// pipelining, streaming, WebSocket-style hand-off and graceful shutdown.

#include "http/httpexchange.h"
#include "serverthread.h"
#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>
#include <atomic>

using namespace sy;
using namespace sy::test;

namespace {
void handle(http::HttpExchange *exchange);
bool acceptsUpgrade(const http::RequestHead &head, const QHostAddress &);
void takeUpgrade(QTcpSocket *socket);
QByteArray patternBytes(qsizetype from, qsizetype size);
std::atomic<int> g_clientsGone{0};
} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void keepAliveReusesTheConnection();
    void chunkedRequestBody();
    void expectContinue();
    void expectContinueTooLargeIsRefusedBeforeTheBody();
    void headerTooLarge();
    void bodyTooLargeStillGetsAnAnswer();
    void malformedRequest();
    void headerTimeout();
    void idleConnectionIsClosed();
    void pipelinedRequestsAnsweredInOrder();
    void aLargePipelinedRequestWaitsInTheKernelAndComesWhole();
    void http10ClosesAfterTheResponse();
    void headRequestHasNoBody();
    void streamArrivesPieceByPiece();
    void clientGoneIsSignalled();
    void largeBodiesReachASlowReaderWholeAndInOrder();
    void aResponseStillLeavingOutlivesTheIdleAndLingerTimeouts();
    void aClientThatStopsReadingIsDropped();
    void upgradeHandOffGetsTheUnreadSocket();
    void upgradeHandOffGetsTheWholeRequestSentInPieces();
    void refusedUpgradeIsPlainHttp();
    void garbageNeverCrashes();
    void gracefulShutdownFinishesStreams();
    void shutdownGraceCutsLongStreams();

private:
    std::unique_ptr<ServerThread> startServer();
};

std::unique_ptr<ServerThread> TestHttpServer::startServer()
{
    return std::make_unique<ServerThread>([](http::HttpServer &server) {
        http::ServerLimits limits;
        limits.headerBytes = 4096;
        limits.bodyBytes = 1024 * 1024;
        limits.headerTimeout = std::chrono::milliseconds(300);
        limits.bodyTimeout = std::chrono::milliseconds(300);
        limits.idleTimeout = std::chrono::milliseconds(300);
        server.setLimits(limits);
        server.setHandler(handle);
        server.setUpgradeHandler({acceptsUpgrade, takeUpgrade});
    });
}

void TestHttpServer::init()
{
    g_clientsGone = 0;
}

void TestHttpServer::keepAliveReusesTheConnection()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    for (int i = 0; i < 3; ++i) {
        const TestResponse r = client.request("POST", "/echo", "ping " + QByteArray::number(i));
        QVERIFY2(r.complete, qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "ping " + QByteArray::number(i));
        QCOMPARE(r.header("server"), QByteArray("switchyard"));
        QVERIFY(!r.header("date").isEmpty());
    }
    QCOMPARE(client.connectionsOpened(), 1);
    qint64 accepted = 0;
    server->run([&](http::HttpServer &s) { accepted = s.acceptedConnections(); });
    QCOMPARE(accepted, 1);
}

void TestHttpServer::chunkedRequestBody()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                      "4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.body, QByteArray("abcdefg"));
    QCOMPARE(r.header("x-chunked"), QByteArray("1"));
}

void TestHttpServer::expectContinue()
{
    auto server = startServer();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    QVERIFY(socket.waitForReadyRead(3000));
    QCOMPARE(socket.readAll(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write("hello");
    QByteArray response;
    while (!response.endsWith("hello") && socket.waitForReadyRead(3000))
        response += socket.readAll();
    QVERIFY2(response.startsWith("HTTP/1.1 200 OK"), response.constData());
}

void TestHttpServer::expectContinueTooLargeIsRefusedBeforeTheBody()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r =
        client.raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 413);
    QVERIFY(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(
        QStringLiteral("larger than the limit")));
    QCOMPARE(r.header("connection"), QByteArray("close"));
}

void TestHttpServer::headerTooLarge()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(8000, 'a') + "\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 431);
    QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("invalid_request_error"));
}

void TestHttpServer::bodyTooLargeStillGetsAnAnswer()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    // Sent whole, without waiting for 100-continue: the answer must not be lost to a reset.
    const QByteArray body(2 * 1024 * 1024, 'x');
    const TestResponse r = client.raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                      QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 413);
}

void TestHttpServer::malformedRequest()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 400);
    QVERIFY(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().startsWith(
        QStringLiteral("malformed HTTP request")));
}

void TestHttpServer::headerTimeout()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("GET /echo HTTP/1.1\r\nHost: x\r\n", 3000);
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 408);
}

void TestHttpServer::idleConnectionIsClosed()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    QCOMPARE(client.get("/echo").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!client.socket().waitForReadyRead(50) && client.socket().state() != QAbstractSocket::ConnectedState, 3000);
}

void TestHttpServer::pipelinedRequestsAnsweredInOrder()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse first = client.raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
                                          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond"
                                          "GET /stream?n=2&ms=10 HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(first.body, QByteArray("first"));
    QCOMPARE(client.next().body, QByteArray("second"));
    QCOMPARE(client.next().body, QByteArray("chunk 0\nchunk 1\n"));
    QCOMPARE(client.connectionsOpened(), 1);
}

void TestHttpServer::aLargePipelinedRequestWaitsInTheKernelAndComesWhole()
{
    // While the first answer is under way, the next request is read up to the bound (1 MiB);
    // the rest waits in the kernel (reading pauses) and must come once the answer has ended.
    auto server = startServer();
    TestHttpClient client(server->port());
    const QByteArray body = patternBytes(0, 1024 * 1024 - 16); // within the server's body limit
    const QByteArray pad(200, 'p');                           // the whole request over 1 MiB
    const TestResponse first = client.raw("GET /stream?n=3&ms=100 HTTP/1.1\r\nHost: x\r\n\r\n"
                                          "POST /echo HTTP/1.1\r\nHost: x\r\nX-Pad: " + pad + "\r\nContent-Length: " +
                                              QByteArray::number(body.size()) + "\r\n\r\n" + body,
                                          15000);
    QCOMPARE(first.body, QByteArray("chunk 0\nchunk 1\nchunk 2\n"));
    const TestResponse second = client.next();
    QVERIFY2(second.complete, qPrintable(second.error));
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body.size(), body.size());
    QVERIFY(second.body == body);
    QCOMPARE(client.connectionsOpened(), 1);
}

void TestHttpServer::http10ClosesAfterTheResponse()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("GET /stream?n=2&ms=0 HTTP/1.0\r\n\r\n");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QCOMPARE(r.header("transfer-encoding"), QByteArray()); // 1.0 has no chunked framing
    QCOMPARE(r.body, QByteArray("chunk 0\nchunk 1\n"));
}

void TestHttpServer::headRequestHasNoBody()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n", 3000, true);
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.isEmpty());
    QCOMPARE(client.get("/echo").status, 200); // and the connection is still in step
}

void TestHttpServer::streamArrivesPieceByPiece()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.get("/stream?n=5&ms=60");
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.header("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(r.body.count("chunk"), 5);
    QVERIFY2(r.pieces.size() >= 4, "the chunks came in one piece: the server buffered them");
    QVERIFY(r.pieces.back().atMs - r.pieces.front().atMs >= 150);
}

void TestHttpServer::clientGoneIsSignalled()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    QVERIFY(client.startRequest("GET", "/stream", {}, {}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 3000));
    client.disconnect();
    QTRY_COMPARE_WITH_TIMEOUT(g_clientsGone.load(), 1, 3000);
}

void TestHttpServer::largeBodiesReachASlowReaderWholeAndInOrder()
{
    // More than the kernel's socket buffers hold, to a client that does not read at first:
    // the server's direct send is cut short and the rest must follow through the socket's
    // own queue (whole body), or wait for the client to drain (paced body), in order.
    auto server = startServer();
    for (const char *path : {"/big?mb=12", "/big?mb=12&paced=1"}) {
        QTcpSocket socket;
        socket.setReadBufferSize(64 * 1024); // Qt reads no further ahead than this
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write(QByteArray("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::qWait(300);
        QByteArray response;
        QElapsedTimer clock;
        clock.start();
        qsizetype headEnd = -1;
        qsizetype expected = -1;
        while (clock.elapsed() < 20000) {
            if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(2000))
                break;
            response += socket.read(16 * 1024);
            if (headEnd < 0 && (headEnd = response.indexOf("\r\n\r\n")) >= 0)
                expected = headEnd + 4 + 12 * 1000 * 1000;
            if (expected >= 0 && response.size() >= expected)
                break;
        }
        QVERIFY2(headEnd > 0, path);
        QVERIFY2(response.startsWith("HTTP/1.1 200 OK"), path);
        QCOMPARE(response.size(), expected);
        QVERIFY2(response.sliced(headEnd + 4) == patternBytes(0, 12 * 1000 * 1000), path);
    }
}

void TestHttpServer::aResponseStillLeavingOutlivesTheIdleAndLingerTimeouts()
{
    // The response is queued at once and ends the exchange; the client then takes ~1 s
    // (keep-alive: idle timeout 300 ms) or ~3.5 s (Connection: close: linger 2 s) to read it.
    // Those timeouts measure silence, not a transfer in progress: the body arrives whole.
    auto server = startServer();
    for (const QByteArray &connection : {QByteArray(), QByteArray("Connection: close\r\n")}) {
        QTcpSocket socket;
        socket.setReadBufferSize(64 * 1024);
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("GET /big?mb=12 HTTP/1.1\r\nHost: x\r\n" + connection + "\r\n");
        const int pauseMs = connection.isEmpty() ? 20 : 55;
        QByteArray response;
        qsizetype expected = -1;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30000 && (expected < 0 || response.size() < expected)) {
            if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(3000))
                break;
            QTest::qWait(pauseMs); // then up to 192 KB: about 12 MB in 60 turns
            for (int i = 0; i < 3 && (socket.bytesAvailable() > 0 || socket.waitForReadyRead(100)); ++i)
                response += socket.read(64 * 1024);
            const qsizetype headEnd = response.indexOf("\r\n\r\n");
            if (expected < 0 && headEnd >= 0)
                expected = headEnd + 4 + 12 * 1000 * 1000;
        }
        QVERIFY2(clock.elapsed() > (connection.isEmpty() ? 600 : 2100), "the client read faster than the timeouts");
        QCOMPARE(response.size(), expected);
        QVERIFY(response.endsWith(patternBytes(12 * 1000 * 1000 - 1000, 1000)));
    }
}

void TestHttpServer::aClientThatStopsReadingIsDropped()
{
    // Once nothing leaves for a whole idle period, the queued response is given up and the
    // connection closed: a client cannot hold memory by not reading.
    auto server = startServer();
    QTcpSocket socket;
    socket.setReadBufferSize(64 * 1024);
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("GET /big?mb=12 HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(socket.waitForBytesWritten(3000));
    int connections = -1;
    QVERIFY(QTest::qWaitFor([&] {
        server->run([&](http::HttpServer &s) { connections = s.connectionCount(); });
        return connections == 0;
    }, 5000));
}

void TestHttpServer::upgradeHandOffGetsTheUnreadSocket()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    const QByteArray request = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test-protocol\r\n\r\n";
    const TestResponse r = client.raw(request, 3000);
    QCOMPARE(r.status, 101);
    // The handler echoes what it read from the socket: the whole request, nothing consumed before.
    QByteArray echoed = client.takeLeftover();
    while (echoed.size() < request.size() && client.socket().waitForReadyRead(3000))
        echoed += client.takeLeftover();
    QCOMPARE(echoed, request);
}

void TestHttpServer::upgradeHandOffGetsTheWholeRequestSentInPieces()
{
    // The start line alone first (the parser consumes it before the head is whole), then the
    // fields, then the end of the head with a frame the client sends before it has the answer,
    // then one after: all of it reaches the new owner, in order.
    auto server = startServer();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(socket.waitForConnected(3000));
    const QByteArray parts[] = {"GET /ws HTTP/1.1\r\n", "Host: x\r\nConnection: Upgrade\r\n",
                                "Upgrade: test-protocol\r\n\r\nearly frame", " late frame"};
    QByteArray sent;
    for (const QByteArray &part : parts) {
        socket.write(part);
        QVERIFY(socket.waitForBytesWritten(3000));
        sent += part;
        QTest::qWait(50);
    }
    const QByteArray answer = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test-protocol\r\n\r\n";
    QByteArray received;
    for (;;) {
        received += socket.readAll();
        if (received.size() >= answer.size() + sent.size() || !socket.waitForReadyRead(3000))
            break;
    }
    QCOMPARE(received, answer + sent);
}

void TestHttpServer::refusedUpgradeIsPlainHttp()
{
    // Not taken by the upgrade handler: answered as an ordinary request on the same connection.
    auto server = startServer();
    TestHttpClient client(server->port());
    const TestResponse r = client.raw("GET /other HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test-protocol\r\n\r\n", 3000);
    QVERIFY2(r.complete, qPrintable(r.error));
    QVERIFY(r.status != 101);
    const TestResponse again = client.request("POST", "/echo", "still http");
    QVERIFY2(again.complete, qPrintable(again.error));
    QCOMPARE(again.body, QByteArray("still http"));
}

void TestHttpServer::garbageNeverCrashes()
{
    auto server = startServer();
    QRandomGenerator random(7);
    for (int i = 0; i < 200; ++i) {
        QByteArray junk(int(random.bounded(1, 3000)), Qt::Uninitialized);
        for (char &c : junk)
            c = char(random.bounded(256));
        if (i % 3 == 0)
            junk.prepend("POST /echo HTTP/1.1\r\n");
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write(junk);
        socket.waitForBytesWritten(1000);
        socket.waitForReadyRead(20);
    }
    TestHttpClient client(server->port());
    QCOMPARE(client.request("POST", "/echo", "still here").body, QByteArray("still here"));
}

void TestHttpServer::gracefulShutdownFinishesStreams()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    QVERIFY(client.startRequest("GET", "/stream?n=8&ms=50", {}, {}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 3000));
    bool complete = false;
    server->run([&](http::HttpServer &s) {
        QObject::connect(&s, &http::HttpServer::shutdownComplete, &s, [&complete] { complete = true; });
        s.shutdown(std::chrono::seconds(5));
    });
    while (client.readSome(r, 3000)) {
    }
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.body.count("chunk"), 8);
    QCOMPARE(r.header("connection"), QByteArray()); // started before the shutdown
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        bool done = false;
        server->run([&](http::HttpServer &) { done = complete; });
        return done;
    }(), 3000);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(!late.waitForConnected(1000)); // no longer listening
}

void TestHttpServer::shutdownGraceCutsLongStreams()
{
    auto server = startServer();
    TestHttpClient client(server->port());
    QVERIFY(client.startRequest("GET", "/stream?n=100&ms=50", {}, {}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 3000));
    server->run([](http::HttpServer &s) { s.shutdown(std::chrono::milliseconds(200)); });
    while (client.readSome(r, 3000)) {
    }
    QVERIFY(!r.complete);
    QVERIFY(r.body.count("chunk") < 100);
}

namespace {

// Writes "chunk i\n" every `ms` milliseconds, `n` times (n = 0: until the client leaves).
// A body whose bytes tell their offset apart, so a lost, doubled or reordered piece shows.
QByteArray patternBytes(qsizetype from, qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char(((from + i) * 131 + (from + i) / 4093) & 0xff);
    return out;
}

// Writes `total` bytes with a known length in pieces, waiting for the client to drain
// whenever the exchange is congested (the back-pressure a proxied body gets).
class PacedWriter : public QObject {
public:
    PacedWriter(http::HttpExchange *exchange, qsizetype total) : QObject(exchange), m_exchange(exchange), m_total(total)
    {
        exchange->begin(200, {{"Content-Type", "application/octet-stream"}}, std::uint64_t(total));
        connect(exchange, &http::HttpExchange::drained, this, &PacedWriter::writeMore);
        writeMore();
    }

private:
    void writeMore()
    {
        constexpr qsizetype kPiece = 100 * 1000;
        while (m_exchange && !m_exchange->isEnded() && !m_exchange->isClientGone() && !m_exchange->isCongested()) {
            const qsizetype n = std::min(kPiece, m_total - m_written);
            m_exchange->write(patternBytes(m_written, n));
            m_written += n;
            if (m_written == m_total)
                m_exchange->end();
        }
    }

    QPointer<http::HttpExchange> m_exchange;
    qsizetype m_total;
    qsizetype m_written = 0;
};

class Ticker : public QObject {
public:
    Ticker(http::HttpExchange *exchange, int n, int ms) : QObject(exchange), m_exchange(exchange), m_n(n)
    {
        http::Headers headers;
        headers.add("Content-Type", "text/plain");
        exchange->begin(200, headers);
        connect(exchange, &http::HttpExchange::clientGone, this, [] { ++g_clientsGone; });
        connect(&m_timer, &QTimer::timeout, this, &Ticker::tick);
        if (ms == 0) {
            while (m_exchange && !m_exchange->isEnded())
                tick();
            return;
        }
        m_timer.start(ms);
    }

private:
    void tick()
    {
        if (!m_exchange || m_exchange->isClientGone() || m_exchange->isEnded())
            return m_timer.stop();
        m_exchange->write("chunk " + QByteArray::number(m_i++) + "\n");
        if (m_n > 0 && m_i >= m_n) {
            m_timer.stop();
            m_exchange->end();
        }
    }

    QPointer<http::HttpExchange> m_exchange;
    QTimer m_timer;
    int m_n;
    int m_i = 0;
};

void handle(http::HttpExchange *exchange)
{
    const http::RequestHead &r = exchange->request();
    if (r.path == "/echo") {
        http::Headers headers;
        headers.add("Content-Type", "application/octet-stream");
        headers.add("X-Chunked", r.chunked ? "1" : "0");
        exchange->respond(200, headers, exchange->body());
    } else if (r.path == "/big") {
        const qsizetype size = r.queryValue("mb").toInt() * 1000 * 1000;
        if (r.queryValue("paced") == "1")
            new PacedWriter(exchange, size);
        else
            exchange->respond(200, {{"Content-Type", "application/octet-stream"}}, patternBytes(0, size));
    } else if (r.path == "/stream") {
        new Ticker(exchange, r.queryValue("n").toInt(), r.query.isEmpty() ? 100 : r.queryValue("ms").toInt());
    } else {
        exchange->respondError(protocol::makeError(protocol::ErrorKind::NotFound, QStringLiteral("no")));
    }
}

bool acceptsUpgrade(const http::RequestHead &head, const QHostAddress &)
{
    return head.path == "/ws";
}

void takeUpgrade(QTcpSocket *socket)
{
    // Answers the upgrade, then echoes every byte the socket gives, from the first.
    socket->write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test-protocol\r\n\r\n");
    auto echo = [socket] { socket->write(socket->readAll()); };
    QObject::connect(socket, &QTcpSocket::readyRead, socket, echo);
    echo();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
