// The fast JSON writer: what it writes parses back to the same values (escapes, control
// characters, invalid UTF-8, numbers, nesting and commas).

#include "util/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sy;

class TestJsonWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stringsRoundTrip_data();
    void stringsRoundTrip();
    void invalidUtf8BecomesReplacementCharacters();
    void structureAndNumbers();
};

void TestJsonWriter::stringsRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringLiteral("hello");
    QTest::newRow("quotes and backslashes") << QStringLiteral("say \"hi\" \\ bye");
    QTest::newRow("control characters") << QString::fromUtf8("a\nb\tc\rd\x01\x1f");
    QTest::newRow("non-ASCII") << QStringLiteral("Grüße, 日本, 🙂");
    QTest::newRow("empty") << QString();
}

void TestJsonWriter::stringsRoundTrip()
{
    QFETCH(QString, text);
    std::string out;
    json::Writer w(out);
    w.beginObject().key("k").string(text).key(QByteArrayView("näme \"q\"")).string("v").endObject();
    const QJsonObject parsed = QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
    QCOMPARE(parsed.value(QLatin1String("k")).toString(), text);
    QCOMPARE(parsed.value(QStringLiteral("näme \"q\"")).toString(), QStringLiteral("v"));
}

void TestJsonWriter::invalidUtf8BecomesReplacementCharacters()
{
    std::string out;
    json::Writer(out).string(QByteArrayView("ok\xff\xfe" "end\xe2\x82", 9));
    const QJsonArray parsed = QJsonDocument::fromJson("[" + QByteArray::fromStdString(out) + "]").array();
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed.at(0).toString(), QStringLiteral("ok\uFFFD\uFFFDend\uFFFD\uFFFD"));
}

void TestJsonWriter::structureAndNumbers()
{
    std::string out;
    json::Writer w(out);
    w.beginObject().key("a").beginArray().integer(-3).number(0.25).number(1e308 * 10).boolean(true).null().endArray();
    w.key("b").beginObject().endObject().fieldOrNull("c", {}).field("d", "x").key("e").raw("{\"z\":1}").endObject();
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
    QVERIFY2(!o.isEmpty(), out.c_str());
    const QJsonArray a = o.value(QLatin1String("a")).toArray();
    QCOMPARE(a.size(), 5);
    QCOMPARE(a.at(0).toInt(), -3);
    QCOMPARE(a.at(1).toDouble(), 0.25);
    QVERIFY(a.at(2).isNull()); // infinity is not JSON
    QVERIFY(a.at(3).toBool());
    QVERIFY(a.at(4).isNull());
    QVERIFY(o.value(QLatin1String("b")).toObject().isEmpty());
    QVERIFY(o.value(QLatin1String("c")).isNull());
    QCOMPARE(o.value(QLatin1String("d")).toString(), QStringLiteral("x"));
    QCOMPARE(o.value(QLatin1String("e")).toObject().value(QLatin1String("z")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
