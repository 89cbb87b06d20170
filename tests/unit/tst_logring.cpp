// A model server's output as lines: partial lines wait for their end, the oldest lines go
// when the ring is full, and the numbering lets a follower ask only for what is new.

#include "pool/failureexcerpt.h"
#include "util/logring.h"

#include <QRegularExpression>
#include <QtTest>

using namespace sy;

class TestLogRing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linesAndPartialLines();
    void keepsTheNewest();
    void afterReturnsOnlyNewerLines();
    void runsFollowEachOtherWithAMarker();
    void noiseIsCountedNotKept();
    void failureExcerptPrefersLinesThatNameTheProblem();
};

void TestLogRing::linesAndPartialLines()
{
    LogRing ring;
    ring.append("one\r\ntw");
    QCOMPARE(ring.tail(10), QStringList{QStringLiteral("one")});
    QCOMPARE(ring.lastNumber(), std::uint64_t(1));
    ring.append("o\nthree\n");
    QCOMPARE(ring.tail(10), (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
    QCOMPARE(ring.tail(2), (QStringList{QStringLiteral("two"), QStringLiteral("three")}));
    // A huge line is kept cut, also when its end comes in the same read.
    ring.append(QByteArray(3'000'000, 'x') + "\nafter\n");
    const QStringList tail = ring.tail(2);
    QCOMPARE(tail.size(), 2);
    QVERIFY2(tail[0].size() < 20'000 && tail[0].endsWith(QLatin1String("more bytes]")), qPrintable(tail[0].right(40)));
    QCOMPARE(tail[1], QStringLiteral("after"));
}

void TestLogRing::keepsTheNewest()
{
    LogRing ring(3);
    ring.append("1\n2\n3\n4\n5\n");
    QCOMPARE(ring.size(), std::size_t(3));
    QCOMPARE(ring.tail(10), (QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")}));
    QCOMPARE(ring.lastNumber(), std::uint64_t(5));
}

void TestLogRing::afterReturnsOnlyNewerLines()
{
    LogRing ring(3);
    ring.append("1\n2\n");
    QCOMPARE(ring.after(2, 100), QStringList());
    QCOMPARE(ring.after(1, 100), QStringList{QStringLiteral("2")});
    ring.append("3\n4\n5\n6\n");
    // Lines 3..6 came since 2, but only the newest three are kept.
    QCOMPARE(ring.after(2, 100), (QStringList{QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("6")}));
    QCOMPARE(ring.after(4, 100), (QStringList{QStringLiteral("5"), QStringLiteral("6")}));
    QCOMPARE(ring.after(2, 1), QStringList{QStringLiteral("6")}); // at most `count`, the newest
}

void TestLogRing::runsFollowEachOtherWithAMarker()
{
    LogRing ring;
    ring.append("a\nb\nunfinished");
    ring.beginRun(QStringLiteral("llama-server started, pid 7")); // the model server restarted
    QCOMPARE(ring.lastNumber(), std::uint64_t(4));
    QCOMPARE(ring.after(2, 10), (QStringList{QStringLiteral("unfinished"), QStringLiteral("--- llama-server started, pid 7 ---")}));
    ring.append("c\n");
    QCOMPARE(ring.after(4, 10), QStringList{QStringLiteral("c")});
    QCOMPARE(ring.currentRun(10), QStringList{QStringLiteral("c")}); // an error excerpt shows this run only
    QCOMPARE(ring.tail(10).size(), 5);                                // the earlier run is still there
    const QString stamped = ring.after(4, 10, true).value(0);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} c$")).match(stamped).hasMatch(), qPrintable(stamped));
}

void TestLogRing::noiseIsCountedNotKept()
{
    LogRing ring;
    ring.setNoiseFilter([](QStringView line) { return sy::pool::isHealthPollLine(line, u"/health"); });
    ring.beginRun(QStringLiteral("llama-server started"));
    ring.append("loading model\nsrv  log_server_r: request: GET /health 127.0.0.1 503\n"
                "request: GET /healthz 127.0.0.1 200\nGET /health?x=1 503\nready\n");
    // "/healthz" is another path, so it stays.
    QCOMPARE(ring.currentRun(10), (QStringList{QStringLiteral("loading model"), QStringLiteral("request: GET /healthz 127.0.0.1 200"),
                                               QStringLiteral("ready")}));
    QCOMPARE(ring.noiseInRun(), std::uint64_t(2));
    ring.beginRun(QStringLiteral("again"));
    QCOMPARE(ring.noiseInRun(), std::uint64_t(0));
}

void TestLogRing::failureExcerptPrefersLinesThatNameTheProblem()
{
    QStringList run{QStringLiteral("build: 4021")};
    run << QStringLiteral("error: failed to open model file 'x.gguf'");
    for (int i = 0; i < 40; ++i)
        run << QStringLiteral("llama_model_loader: - kv %1").arg(i);
    run << QString(5000, QLatin1Char('y'));
    const QString excerpt = sy::pool::failureExcerpt(run, 4, 17);
    const QStringList lines = excerpt.split(QLatin1Char('\n'));
    // The telling line first (it is older), a gap, then the newest lines, then the count.
    QCOMPARE(lines.value(0), QStringLiteral("error: failed to open model file 'x.gguf'"));
    QCOMPARE(lines.value(1), QStringLiteral("[...]"));
    QCOMPARE(lines.value(2), QStringLiteral("llama_model_loader: - kv 38"));
    QCOMPARE(lines.value(4).size(), 301); // a runaway line is cut
    QCOMPARE(lines.value(5), QStringLiteral("(17 lines about Switchyard's health checks left out)"));
    QCOMPARE(lines.size(), 6);
    QCOMPARE(sy::pool::failureExcerpt({}, 8, 0), QString());
}

QTEST_GUILESS_MAIN(TestLogRing)
#include "tst_logring.moc"
