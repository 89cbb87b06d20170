// A model server's output as lines: partial lines wait for their end, the oldest lines go
// when the ring is full, and the numbering lets a follower ask only for what is new.

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

QTEST_GUILESS_MAIN(TestLogRing)
#include "tst_logring.moc"
