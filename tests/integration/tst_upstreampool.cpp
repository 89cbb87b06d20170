// The upstream client over real sockets: keep-alive reuse, the per-origin limit and its
// queue, timeouts, stale connections, close-delimited bodies, abort and backpressure.

#include "http/httpexchange.h"
#include "http/upstreampool.h"
#include "serverthread.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>
#include <atomic>
#include <sys/socket.h>

using namespace sy;
using namespace sy::test;
using namespace std::chrono_literals;

namespace {
void handle(http::HttpExchange *exchange);
std::atomic<int> g_upstreamSawClientLeave{0};
std::atomic<int> g_active{0};
std::atomic<int> g_maxActive{0};

struct Outcome {
    bool finished = false;
    bool failed = false;
    http::UpstreamError error;
    int status = 0;
    QByteArray body;
};

// Records what a request reports; hooks let a test act on each step.
struct Recorder : http::UpstreamListener {
    Outcome outcome;
    http::UpstreamRequest *request = nullptr;
    std::function<void()> onHead, onBody;

    void onUpstreamHead() override
    {
        outcome.status = request->head().status;
        if (onHead)
            onHead();
    }
    void onUpstreamBody() override
    {
        if (onBody)
            onBody();
        else
            outcome.body += request->takeBody();
    }
    void onUpstreamFinished() override { outcome.finished = true; }
    void onUpstreamFailed(const http::UpstreamError &e) override
    {
        outcome.failed = true;
        outcome.error = e;
    }
};

// Runs a request on `pool` and waits for its end.
Outcome fetch(http::UpstreamPool &pool, quint16 port, const QByteArray &target, http::UpstreamTimeouts timeouts = {});
http::UpstreamRequestSpec spec(quint16 port, const QByteArray &target, http::UpstreamTimeouts timeouts = {});

// A hand-written upstream for the cases a proper server never produces.
class RawUpstream : public QTcpServer {
public:
    enum class Mode { CloseOnSecondRequest, CloseDelimited, Garbage, KeepAlive };
    explicit RawUpstream(Mode mode) : m_mode(mode) { listen(QHostAddress::LocalHost, 0); }
    int connections = 0;

    // Resets every connection now (SO_LINGER 0: a RST, not a FIN), without the event loop.
    void resetConnections()
    {
        for (QTcpSocket *socket : findChildren<QTcpSocket *>()) {
            const linger reset{1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            socket->abort();
        }
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        const int index = ++connections;
        auto requests = std::make_shared<int>(0);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, index, requests] {
            const QByteArray data = socket->readAll();
            if (!data.contains("\r\n\r\n"))
                return;
            ++*requests;
            switch (m_mode) {
            case Mode::CloseOnSecondRequest:
                if (index == 1 && *requests == 2) {
                    socket->abort(); // as if its keep-alive timer had fired just now
                    return;
                }
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return;
            case Mode::CloseDelimited:
                socket->write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
                socket->disconnectFromHost();
                return;
            case Mode::Garbage:
                socket->write("SPEAK FRIEND AND ENTER\r\n\r\n");
                return;
            case Mode::KeepAlive:
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return;
            }
        });
    }

private:
    Mode m_mode;
};

} // namespace

class TestUpstreamPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void reusesKeepAliveConnections();
    void limitsConnectionsPerOriginAndQueues();
    void connectFailure();
    void firstByteTimeout();
    void idleTimeoutMidBody();
    void staleConnectionIsRetriedOnce();
    void resetConnectionIsRetriedWhenTheWriteFails();
    void closeDelimitedBody();
    void garbageIsABadResponse();
    void abortClosesTheUpstreamConnection();
    void pausedRequestStopsReading();
    void largeRequestBodyArrivesWhole();

private:
    std::unique_ptr<ServerThread> startUpstream();
};

std::unique_ptr<ServerThread> TestUpstreamPool::startUpstream()
{
    return std::make_unique<ServerThread>([](http::HttpServer &server) { server.setHandler(handle); });
}

void TestUpstreamPool::init()
{
    g_upstreamSawClientLeave = 0;
    g_active = 0;
    g_maxActive = 0;
}

void TestUpstreamPool::reusesKeepAliveConnections()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    for (int i = 0; i < 10; ++i) {
        const Outcome o = fetch(pool, upstream->port(), "/hello");
        QVERIFY2(o.finished, qPrintable(o.error.message));
        QCOMPARE(o.body, QByteArray("hello"));
    }
    qint64 accepted = 0;
    upstream->run([&](http::HttpServer &s) { accepted = s.acceptedConnections(); });
    QCOMPARE(accepted, 1);
    QCOMPARE(pool.stats(spec(upstream->port(), "/").origin).idle, 1);
}

void TestUpstreamPool::limitsConnectionsPerOriginAndQueues()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    pool.setOptions({2, 60s});
    std::vector<std::unique_ptr<Recorder>> recorders;
    std::vector<std::unique_ptr<http::UpstreamRequest>> requests;
    for (int i = 0; i < 6; ++i) {
        recorders.push_back(std::make_unique<Recorder>());
        requests.push_back(pool.start(spec(upstream->port(), "/slow?ms=150"), recorders.back().get()));
        recorders.back()->request = requests.back().get();
    }
    QCOMPARE(pool.stats(spec(upstream->port(), "/").origin).queued, 4);
    auto finished = [&] {
        return std::count_if(recorders.begin(), recorders.end(), [](const auto &r) { return r->outcome.finished; });
    };
    QTRY_COMPARE_WITH_TIMEOUT(finished(), 6, 5000);
    QCOMPARE(g_maxActive.load(), 2);
    qint64 accepted = 0;
    upstream->run([&](http::HttpServer &s) { accepted = s.acceptedConnections(); });
    QCOMPARE(accepted, 2);
}

void TestUpstreamPool::connectFailure()
{
    QTcpServer closed;
    closed.listen(QHostAddress::LocalHost, 0);
    const quint16 port = closed.serverPort();
    closed.close();
    http::UpstreamPool pool;
    const Outcome o = fetch(pool, port, "/");
    QVERIFY(o.failed);
    QCOMPARE(o.error.kind, http::UpstreamErrorKind::ConnectFailed);
    QVERIFY2(o.error.message.contains(QStringLiteral("refused")), qPrintable(o.error.message));
}

void TestUpstreamPool::firstByteTimeout()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    http::UpstreamTimeouts t;
    t.firstByte = 200ms;
    const Outcome o = fetch(pool, upstream->port(), "/slow?ms=3000", t);
    QVERIFY(o.failed);
    QCOMPARE(o.error.kind, http::UpstreamErrorKind::FirstByteTimeout);
    QVERIFY(o.error.isTimeout());
}

void TestUpstreamPool::idleTimeoutMidBody()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    http::UpstreamTimeouts t;
    t.idle = 200ms;
    const Outcome o = fetch(pool, upstream->port(), "/stall", t);
    QVERIFY(o.failed);
    QCOMPARE(o.error.kind, http::UpstreamErrorKind::IdleTimeout);
    QCOMPARE(o.status, 200);
    QCOMPARE(o.body, QByteArray("first piece\n"));
}

void TestUpstreamPool::staleConnectionIsRetriedOnce()
{
    RawUpstream upstream(RawUpstream::Mode::CloseOnSecondRequest);
    http::UpstreamPool pool;
    QVERIFY(fetch(pool, upstream.serverPort(), "/").finished);
    const Outcome second = fetch(pool, upstream.serverPort(), "/");
    QVERIFY2(second.finished, qPrintable(second.error.message));
    QCOMPARE(second.body, QByteArray("ok"));
    QCOMPARE(upstream.connections, 2);
}

void TestUpstreamPool::resetConnectionIsRetriedWhenTheWriteFails()
{
    // The upstream resets an idle pooled connection and the next request takes it before the
    // event loop has seen the reset: writing the request fails at once, and since it never
    // reached the server it goes once more on a fresh connection.
    RawUpstream upstream(RawUpstream::Mode::KeepAlive);
    http::UpstreamPool pool;
    QVERIFY(fetch(pool, upstream.serverPort(), "/").finished);
    upstream.resetConnections();
    QThread::msleep(50); // the reset reaches our socket; no events are handled meanwhile
    Recorder recorder;
    auto second = pool.start(spec(upstream.serverPort(), "/"), &recorder);
    recorder.request = second.get();
    // The failed write itself sent it to a fresh connection, before any event: had the
    // failure gone unnoticed, the request would wait on the reused connection until the
    // reset is read (and be retried from there).
    QVERIFY(!second->wasReused());
    QVERIFY(QTest::qWaitFor([&] { return recorder.outcome.finished || recorder.outcome.failed; }, 10000));
    QVERIFY2(recorder.outcome.finished, qPrintable(recorder.outcome.error.message));
    QCOMPARE(recorder.outcome.body, QByteArray("ok"));
    QCOMPARE(upstream.connections, 2);
}

void TestUpstreamPool::closeDelimitedBody()
{
    RawUpstream upstream(RawUpstream::Mode::CloseDelimited);
    http::UpstreamPool pool;
    const Outcome o = fetch(pool, upstream.serverPort(), "/");
    QVERIFY2(o.finished, qPrintable(o.error.message));
    QCOMPARE(o.body, QByteArray("until the end"));
    QCOMPARE(pool.stats(spec(upstream.serverPort(), "/").origin).open, 0); // not reused
}

void TestUpstreamPool::garbageIsABadResponse()
{
    RawUpstream upstream(RawUpstream::Mode::Garbage);
    http::UpstreamPool pool;
    const Outcome o = fetch(pool, upstream.serverPort(), "/");
    QVERIFY(o.failed);
    QCOMPARE(o.error.kind, http::UpstreamErrorKind::BadResponse);
}

void TestUpstreamPool::abortClosesTheUpstreamConnection()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    Recorder recorder;
    auto r = pool.start(spec(upstream->port(), "/endless"), &recorder);
    recorder.request = r.get();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.outcome.status, 200, 3000);
    r->abort();
    QTRY_COMPARE_WITH_TIMEOUT(g_upstreamSawClientLeave.load(), 1, 3000);
}

void TestUpstreamPool::pausedRequestStopsReading()
{
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    Recorder recorder;
    auto r = pool.start(spec(upstream->port(), "/big"), &recorder);
    recorder.request = r.get();
    qint64 received = 0;
    bool pause = true;
    recorder.onBody = [&] {
        received += r->takeBody().size();
        if (pause)
            r->setPaused(true);
    };
    QTRY_VERIFY_WITH_TIMEOUT(received > 0, 3000);
    QTest::qWait(300);
    const qint64 atPause = received;
    QTest::qWait(300);
    QCOMPARE(received, atPause); // nothing read while paused
    QVERIFY(atPause < 16 * 1024 * 1024);
    pause = false;
    r->setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.outcome.finished, 10000);
    QCOMPARE(received, qint64(64) * 1024 * 1024);
}

void TestUpstreamPool::largeRequestBodyArrivesWhole()
{
    // Far more than a socket's send buffer: the kernel takes the head and part of the body
    // at once, and the rest must follow in order. A small body after it reuses the connection.
    auto upstream = startUpstream();
    http::UpstreamPool pool;
    QByteArray big(24 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char('a' + (i * 7 + i / 4093) % 26);
    for (const QByteArray &body : {big, QByteArray("small")}) {
        Recorder recorder;
        http::UpstreamRequestSpec s = spec(upstream->port(), "/digest");
        s.method = "POST";
        s.body = body;
        auto r = pool.start(s, &recorder);
        recorder.request = r.get();
        QVERIFY(QTest::qWaitFor([&] { return recorder.outcome.finished || recorder.outcome.failed; }, 20000));
        QVERIFY2(recorder.outcome.finished, qPrintable(recorder.outcome.error.message));
        QCOMPARE(recorder.outcome.body,
                 QByteArray::number(body.size()) + ' ' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    }
    qint64 accepted = 0;
    upstream->run([&](http::HttpServer &server) { accepted = server.acceptedConnections(); });
    QCOMPARE(accepted, 1);
}

namespace {

http::UpstreamRequestSpec spec(quint16 port, const QByteArray &target, http::UpstreamTimeouts timeouts)
{
    http::UpstreamRequestSpec s;
    s.origin = *http::Origin::fromUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    s.method = "GET";
    s.target = target;
    s.timeouts = timeouts;
    return s;
}

Outcome fetch(http::UpstreamPool &pool, quint16 port, const QByteArray &target, http::UpstreamTimeouts timeouts)
{
    Recorder recorder;
    auto r = pool.start(spec(port, target, timeouts), &recorder);
    recorder.request = r.get();
    if (!QTest::qWaitFor([&] { return recorder.outcome.finished || recorder.outcome.failed; }, 10000))
        recorder.outcome.error.message = QStringLiteral("no outcome within 10 s");
    return recorder.outcome;
}

// Sends `total` bytes as fast as the client takes them.
class BigBody : public QObject {
public:
    BigBody(http::HttpExchange *exchange, qint64 total) : QObject(exchange), m_exchange(exchange), m_left(total)
    {
        exchange->begin(200, {}, std::uint64_t(total));
        connect(exchange, &http::HttpExchange::drained, this, &BigBody::pump);
        pump();
    }

private:
    void pump()
    {
        static const QByteArray block(256 * 1024, 'b');
        while (m_exchange && m_left > 0 && !m_exchange->isCongested()) {
            const qint64 n = std::min<qint64>(m_left, block.size());
            m_exchange->write(QByteArrayView(block.constData(), n));
            m_left -= n;
        }
        if (m_exchange && m_left == 0)
            m_exchange->end();
    }

    QPointer<http::HttpExchange> m_exchange;
    qint64 m_left;
};

void handle(http::HttpExchange *exchange)
{
    const http::RequestHead &r = exchange->request();
    QPointer<http::HttpExchange> e(exchange);
    if (r.path == "/hello") {
        exchange->respond(200, {}, "hello");
    } else if (r.path == "/digest") {
        const QByteArray body = exchange->body();
        exchange->respond(200, {}, QByteArray::number(body.size()) + ' ' +
                                       QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    } else if (r.path == "/slow") {
        g_maxActive = std::max(g_maxActive.load(), ++g_active);
        QTimer::singleShot(r.queryValue("ms").toInt(), exchange, [e] {
            --g_active;
            e->respond(200, {}, "slow");
        });
    } else if (r.path == "/stall") {
        exchange->begin(200, {});
        exchange->write("first piece\n"); // and then nothing
    } else if (r.path == "/endless") {
        exchange->begin(200, {});
        exchange->write("started\n");
        QObject::connect(exchange, &http::HttpExchange::clientGone, [] { ++g_upstreamSawClientLeave; });
    } else if (r.path == "/big") {
        new BigBody(exchange, qint64(64) * 1024 * 1024);
    } else {
        exchange->respond(404, {}, "no");
    }
}

} // namespace

QTEST_GUILESS_MAIN(TestUpstreamPool)
#include "tst_upstreampool.moc"
