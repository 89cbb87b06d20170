// Editing request bodies by splicing bytes: the result is valid JSON with the change.

#include "protocol/jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sy::protocol;

class TestJsonSplice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nothingToDoSharesTheBody();
    void replaceAndInsert();
    void insertIntoEmptyObject();
    void escaping();
};

void TestJsonSplice::nothingToDoSharesTheBody()
{
    const QByteArray body = R"({"a":1})";
    const QByteArray out = applySplice(body, Splice{});
    QCOMPARE(out, body);
    QCOMPARE(out.constData(), body.constData());
}

void TestJsonSplice::replaceAndInsert()
{
    const QByteArray body = R"({ "messages": [], "model": "coder", "temperature": 0.1 })";
    Splice s;
    s.objectOpen = 0;
    s.replaceOffset = body.indexOf("\"coder\"");
    s.replaceLength = 7;
    s.replacement = jsonString("qwen2.5 \"coder\"");
    s.insert = {{"top_p", "0.9"}, {"stop", R"(["\n"])"}};
    const QByteArray out = applySplice(body, s);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(out));
    QCOMPARE(o.value(QLatin1String("model")).toString(), QStringLiteral("qwen2.5 \"coder\""));
    QCOMPARE(o.value(QLatin1String("top_p")).toDouble(), 0.9);
    QCOMPARE(o.value(QLatin1String("stop")).toArray().first().toString(), QStringLiteral("\n"));
    QCOMPARE(o.value(QLatin1String("temperature")).toDouble(), 0.1);
    QVERIFY(out.capacity() >= out.size() + 64);
}

void TestJsonSplice::insertIntoEmptyObject()
{
    Splice s;
    s.objectOpen = 1;
    s.insert = {{"a", "1"}, {"b", "true"}};
    const QByteArray out = applySplice(" { } ", s);
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    QCOMPARE(o.size(), 2);
    QVERIFY(o.value(QLatin1String("b")).toBool());
}

void TestJsonSplice::escaping()
{
    QCOMPARE(jsonString("a\"b\\c\n\x01"), QByteArray(R"("a\"b\\c\n\u0001")"));
    QCOMPARE(rawJson(QJsonValue(0.5)), QByteArray("0.5"));
    QCOMPARE(rawJson(QJsonValue(QStringLiteral("x"))), QByteArray("\"x\""));
    QCOMPARE(rawJson(QJsonObject{{QStringLiteral("k"), 1}}), QByteArray(R"({"k":1})"));
}


QTEST_GUILESS_MAIN(TestJsonSplice)
#include "tst_jsonsplice.moc"
