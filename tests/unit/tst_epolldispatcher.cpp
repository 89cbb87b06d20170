// The epoll event dispatcher: Qt timers, posted events from other threads, sockets,
// descriptor reuse, and QTcpSocket traffic, all on a thread that runs it.

#include "util/completion.h"
#include "util/epolldispatcher.h"

#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <sys/socket.h>
#include <unistd.h>

using namespace sy;

namespace {

// Runs `body` on a fresh thread driven by an EpollEventDispatcher and waits for it.
void onEpollThread(const std::function<void(QThread &)> &body)
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    thread.start();
    QObject context;
    context.moveToThread(&thread);
    QMetaObject::invokeMethod(&context, [&] { body(thread); }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(&context, [&context] { context.moveToThread(nullptr); }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
}

// A coroutine that starts at once and frees itself at its end.
struct Detached {
    struct promise_type {
        Detached get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

// Notes its start and what it was resumed with; runs `onResume` when resumed.
Detached awaitInto(const Completion<int> &completion, QStringList &steps, QString name, std::function<void()> onResume = {})
{
    steps << name + QStringLiteral(" waits");
    const int value = co_await completion;
    steps << name + QStringLiteral(" got ") + QString::number(value);
    if (onResume)
        onResume();
}

// Spins the current thread's loop until `done` or `timeoutMs`.
bool spinUntil(const std::function<bool()> &done, int timeoutMs = 3000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

} // namespace

class TestEpollDispatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void isUsedByTheThread();
    void singleShotAndRepeatingTimers();
    void timerKilledFromAnotherTimer();
    void remainingTime();
    void postedEventFromAnotherThreadWakesIt();
    void aCompletedCoroutineResumesFromTheLoop();
    void readAndWriteNotifiers();
    void descriptorReuseAfterClose();
    void tcpEchoThroughQtSockets();
};

void TestEpollDispatcher::isUsedByTheThread()
{
    bool epoll = false;
    onEpollThread([&](QThread &thread) { epoll = qobject_cast<EpollEventDispatcher *>(thread.eventDispatcher()) != nullptr; });
    QVERIFY(epoll);
}

void TestEpollDispatcher::singleShotAndRepeatingTimers()
{
    int single = 0, repeats = 0;
    qint64 elapsed = 0;
    onEpollThread([&](QThread &) {
        QElapsedTimer clock;
        clock.start();
        QTimer::singleShot(50, [&] { ++single; elapsed = clock.elapsed(); });
        QTimer repeating;
        QObject::connect(&repeating, &QTimer::timeout, [&] { ++repeats; });
        repeating.start(10);
        QVERIFY(spinUntil([&] { return single == 1 && repeats >= 5; }));
        repeating.stop();
        const int after = repeats;
        spinUntil([] { return false; }, 60);
        QCOMPARE(repeats, after); // stopped means stopped
    });
    QCOMPARE(single, 1);
    QVERIFY2(elapsed >= 50, "a timer fired early");
}

void TestEpollDispatcher::timerKilledFromAnotherTimer()
{
    int victimFired = 0;
    onEpollThread([&](QThread &) {
        QTimer victim;
        QObject::connect(&victim, &QTimer::timeout, [&] { ++victimFired; });
        victim.start(30);
        QTimer::singleShot(29, [&] { victim.stop(); });
        spinUntil([] { return false; }, 150);
    });
    QVERIFY(victimFired <= 1); // at most one that was already due together
}

void TestEpollDispatcher::remainingTime()
{
    int remaining = -2;
    onEpollThread([&](QThread &) {
        QTimer timer;
        timer.start(1000);
        remaining = timer.remainingTime();
    });
    QVERIFY(remaining > 900 && remaining <= 1000);
}

void TestEpollDispatcher::postedEventFromAnotherThreadWakesIt()
{
    int received = 0;
    onEpollThread([&](QThread &) {
        QObject target;
        std::thread poster([&target, &received] {
            for (int i = 0; i < 100; ++i)
                QMetaObject::invokeMethod(&target, [&received] { ++received; }, Qt::QueuedConnection);
        });
        poster.join();
        QVERIFY(spinUntil([&] { return received == 100; }));
    });
    QCOMPARE(received, 100);
}

// A Completion resumes its coroutine from the loop (resumeSoon), never inside set(); a
// nested loop in a resumed coroutine resumes each other one once; one completed meanwhile
// is resumed on the next turn, without the loop waiting first. Elsewhere (Qt's own
// dispatcher) it resumes through a posted call.
void TestEpollDispatcher::aCompletedCoroutineResumesFromTheLoop()
{
    QStringList steps;
    onEpollThread([&](QThread &) {
        Completion<int> first, second, third;
        awaitInto(first, steps, QStringLiteral("a"), [&third] {
            QCoreApplication::processEvents();
            third.set(3);
        });
        awaitInto(second, steps, QStringLiteral("b"));
        awaitInto(third, steps, QStringLiteral("c"));
        first.set(1);
        second.set(2);
        steps << QStringLiteral("both set");
        bool waited = false; // the loop waited with a coroutine due
        QTimer::singleShot(5000, [&waited] { waited = true; });
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QVERIFY(!waited);
        QCOMPARE(steps.size(), 6); // c is due, not yet resumed
        QCoreApplication::processEvents();
    });
    QCOMPARE(steps, QStringList({"a waits", "b waits", "c waits", "both set", "a got 1", "b got 2", "c got 3"}));

    QStringList here;
    QVERIFY(!qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    Completion<int> fourth;
    awaitInto(fourth, here, QStringLiteral("d"));
    fourth.set(4);
    here << QStringLiteral("set");
    QVERIFY(spinUntil([&] { return here.size() == 3; }));
    QCOMPARE(here, QStringList({"d waits", "set", "d got 4"}));
}

void TestEpollDispatcher::readAndWriteNotifiers()
{
    onEpollThread([&](QThread &) {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
        QSocketNotifier readable(fds[0], QSocketNotifier::Read);
        QSocketNotifier writable(fds[0], QSocketNotifier::Write);
        int reads = 0, writes = 0;
        QObject::connect(&readable, &QSocketNotifier::activated, [&] {
            char buffer[16];
            if (::read(fds[0], buffer, sizeof buffer) > 0)
                ++reads;
        });
        QObject::connect(&writable, &QSocketNotifier::activated, [&] {
            ++writes;
            writable.setEnabled(false); // the usual pattern: write interest only while needed
        });
        QVERIFY(spinUntil([&] { return writes == 1; }));
        QCOMPARE(::write(fds[1], "x", 1), 1);
        QVERIFY(spinUntil([&] { return reads == 1; }));
        writable.setEnabled(true);
        QVERIFY(spinUntil([&] { return writes == 2; }));
        readable.setEnabled(false);
        QCOMPARE(::write(fds[1], "y", 1), 1);
        spinUntil([] { return false; }, 50);
        QCOMPARE(reads, 1); // disabled: not reported
        readable.setEnabled(true);
        QVERIFY(spinUntil([&] { return reads == 2; }));
        ::close(fds[0]);
        ::close(fds[1]);
    });
}

void TestEpollDispatcher::descriptorReuseAfterClose()
{
    onEpollThread([&](QThread &) {
        for (int round = 0; round < 20; ++round) {
            int fds[2];
            QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
            int reads = 0;
            {
                QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
                QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
                    char c;
                    if (::read(fds[0], &c, 1) == 1)
                        ++reads;
                });
                QCOMPARE(::write(fds[1], "z", 1), 1);
                QVERIFY(spinUntil([&] { return reads == 1; }));
            }
            // Closed and reopened: the same numbers come back and must be watched afresh.
            ::close(fds[0]);
            ::close(fds[1]);
        }
    });
}

void TestEpollDispatcher::tcpEchoThroughQtSockets()
{
    QByteArray echoed;
    onEpollThread([&](QThread &) {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&server, &QTcpServer::newConnection, [&] {
            QTcpSocket *peer = server.nextPendingConnection();
            QObject::connect(peer, &QTcpSocket::readyRead, [peer] { peer->write(peer->readAll()); });
        });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QByteArray sent(2 * 1024 * 1024, 'e');
        QObject::connect(&client, &QTcpSocket::connected, [&] { client.write(sent); });
        QObject::connect(&client, &QTcpSocket::readyRead, [&] { echoed += client.readAll(); });
        QVERIFY(spinUntil([&] { return echoed.size() == sent.size(); }, 10000));
    });
    QCOMPARE(echoed.size(), 2 * 1024 * 1024);
}

QTEST_GUILESS_MAIN(TestEpollDispatcher)
#include "tst_epolldispatcher.moc"
