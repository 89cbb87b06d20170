// Ollama backends: their models show up in the pool (tags), loaded ones as hot with memory
// and a TTL from expires_at (ps), load/unload/pin through keep_alive, and requests reach them.
// The Ollama server is switchyard-sim --ollama.

#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QWebSocket>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {
QByteArray configFor(const QByteArray &ollamaUrl);
QJsonObject model(TestHttpClient &client, const RunningCore &core, const QByteArray &encodedId);
const QByteArray kLlama = "local%2Fllama3.1%3A8b"; // "local/llama3.1:8b", as a path segment
} // namespace

class TestOllama : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsAreListed();
    void loadShowsHotWithMemoryAndTtlThenUnload();
    void pinKeepsItLoaded();
    void embeddingModelsLoadThroughEmbed();
    void requestsReachOllama();
    void unreachableOllamaIsReportedNotFatal();
    void feedReportsALoad();
};

void TestOllama::initTestCase()
{
    isolateUserDirectories();
}

void TestOllama::modelsAreListed()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b,qwen2.5:7b")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QTRY_COMPARE_WITH_TIMEOUT(client.request("GET", "/api/v1/models", {}, core.auth()).json().value(QLatin1String("models")).toArray().size(), 2, 5000);
    const QJsonObject m = model(client, core, kLlama);
    QCOMPARE(m.value(QLatin1String("kind")).toString(), QStringLiteral("ollama"));
    QCOMPARE(m.value(QLatin1String("state")).toString(), QStringLiteral("cold"));
    QCOMPARE(m.value(QLatin1String("backend")).toString(), QStringLiteral("ollama"));
    QCOMPARE(m.value(QLatin1String("quantization")).toString(), QStringLiteral("Q4_K_M"));
    QVERIFY(m.value(QLatin1String("diskBytes")).toDouble() > 0);
    // IDE pickers see them too.
    QStringList ids;
    for (const QJsonValue &v : client.get("/v1/models").json().value(QLatin1String("data")).toArray())
        ids << v.toObject().value(QLatin1String("id")).toString();
    QVERIFY(ids.contains(QStringLiteral("local/llama3.1:8b")));
    QVERIFY(ids.contains(QStringLiteral("local/qwen2.5:7b")));
}

void TestOllama::loadShowsHotWithMemoryAndTtlThenUnload()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QTRY_VERIFY_WITH_TIMEOUT(!model(client, core, kLlama).isEmpty(), 5000);
    QCOMPARE(client.request("POST", "/api/v1/models/" + kLlama + "/load", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(model(client, core, kLlama).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 5000);
    const QJsonObject hot = model(client, core, kLlama);
    const double ttl = hot.value(QLatin1String("ttlRemainingS")).toDouble();
    QVERIFY2(ttl > 100 && ttl <= 120, qPrintable(QString::number(ttl))); // pool.defaultTtlS 120 -> keep_alive 120s
    QVERIFY(hot.value(QLatin1String("rssBytes")).toDouble() > 0);
    QVERIFY(hot.value(QLatin1String("gpuBytes")).toDouble() > 0);
    QCOMPARE(hot.value(QLatin1String("pinned")).toBool(), false);
    // What Ollama itself now says.
    const QJsonArray ps = TestHttpClient(ollama.port()).get("/api/ps").json().value(QLatin1String("models")).toArray();
    QCOMPARE(ps.size(), 1);
    QCOMPARE(client.request("POST", "/api/v1/models/" + kLlama + "/unload", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(model(client, core, kLlama).value(QLatin1String("state")).toString(), QStringLiteral("cold"), 5000);
    QCOMPARE(TestHttpClient(ollama.port()).get("/api/ps").json().value(QLatin1String("models")).toArray().size(), 0);
}

void TestOllama::pinKeepsItLoaded()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QTRY_VERIFY_WITH_TIMEOUT(!model(client, core, kLlama).isEmpty(), 5000);
    QCOMPARE(client.request("POST", "/api/v1/models/" + kLlama + "/pin", {}, core.auth()).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(model(client, core, kLlama).value(QLatin1String("pinned")).toBool(), 5000);
    QCOMPARE(model(client, core, kLlama).value(QLatin1String("state")).toString(), QStringLiteral("hot"));
    QVERIFY(model(client, core, kLlama).value(QLatin1String("ttlRemainingS")).isNull()); // no expiry
}

// Ollama refuses an empty generate for an embedding model, except to unload it: it is loaded
// and pinned with an empty embed instead, also when an Ollama client asks Switchyard to load it.
void TestOllama::embeddingModelsLoadThroughEmbed()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b"), QStringLiteral("--ollama-embedding"), QStringLiteral("nomic-embed-text")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray nomic = "local%2Fnomic-embed-text";
    QTRY_VERIFY_WITH_TIMEOUT(!model(client, core, nomic).isEmpty(), 5000);
    QCOMPARE(client.request("POST", "/api/v1/models/" + nomic + "/load", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(model(client, core, nomic).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 5000);
    QVERIFY(model(client, core, nomic).value(QLatin1String("lastError")).toString().isEmpty());
    QCOMPARE(client.request("POST", "/api/v1/models/" + nomic + "/pin", {}, core.auth()).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(model(client, core, nomic).value(QLatin1String("pinned")).toBool(), 5000);
    QCOMPARE(client.request("POST", "/api/v1/models/" + nomic + "/unpin", {}, core.auth()).status, 202);
    QCOMPARE(client.request("POST", "/api/v1/models/" + nomic + "/unload", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(model(client, core, nomic).value(QLatin1String("state")).toString(), QStringLiteral("cold"), 5000);
    // An Ollama client's empty embed, through Switchyard.
    const TestResponse empty = client.postJson("/api/embed", R"({"model":"local/nomic-embed-text","input":[]})");
    QCOMPARE(empty.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(model(client, core, nomic).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 5000);
    // And its vectors, from the Ollama server's OpenAI-compatible /v1/embeddings.
    const TestResponse vectors = client.postJson("/api/embed", R"({"model":"local/nomic-embed-text","input":["a","b"]})");
    QVERIFY2(vectors.status == 200, vectors.body.constData());
    QCOMPARE(vectors.json().value(QLatin1String("embeddings")).toArray().size(), 2);
}

void TestOllama::requestsReachOllama()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", R"({"model":"local/llama3.1:8b","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("prefix"));
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("llama3.1:8b"));
    QCOMPARE(ollama.lastRequest().value(QLatin1String("path")).toString(), QStringLiteral("/v1/chat/completions"));
}

void TestOllama::unreachableOllamaIsReportedNotFatal()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 closed = probe.serverPort();
    probe.close();
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(closed)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QTRY_VERIFY_WITH_TIMEOUT(!client.request("GET", "/api/v1/system", {}, core.auth())
                                  .json().value(QLatin1String("ollama")).toArray().first().toObject().value(QLatin1String("error")).isNull(),
                             5000);
    const QJsonObject status =
        client.request("GET", "/api/v1/system", {}, core.auth()).json().value(QLatin1String("ollama")).toArray().first().toObject();
    QCOMPARE(status.value(QLatin1String("reachable")).toBool(), false);
    QVERIFY(status.value(QLatin1String("error")).toString().contains(QStringLiteral("refused")));
    QCOMPARE(client.request("GET", "/api/v1/models", {}, core.auth()).status, 200);
    QCOMPARE(client.get("/health").status, 200);
}

void TestOllama::feedReportsALoad()
{
    SimProcess ollama({QStringLiteral("--ollama"), QStringLiteral("llama3.1:8b")});
    RunningCore core(configFor("http://127.0.0.1:" + QByteArray::number(ollama.port())));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QTRY_VERIFY_WITH_TIMEOUT(!model(client, core, kLlama).isEmpty(), 5000);
    QWebSocket feed;
    QList<QJsonObject> messages;
    connect(&feed, &QWebSocket::textMessageReceived, this,
            [&](const QString &t) { messages << QJsonDocument::fromJson(t.toUtf8()).object(); });
    feed.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(core.port()).arg(QString::fromLatin1(core.adminToken()))));
    QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 5000);
    // Ollama loads outside Switchyard show up too: load it directly, the watched monitor notices.
    TestHttpClient(ollama.port()).postJson("/api/generate", R"({"model":"llama3.1:8b","keep_alive":"1m"})");
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(messages.begin(), messages.end(),
                                         [](const QJsonObject &m) {
                                             return m.value(QLatin1String("type")) == QLatin1String("model") &&
                                                    m.value(QLatin1String("model")).toObject().value(QLatin1String("state")) == QLatin1String("hot");
                                         }),
                             6000);
}

namespace {

QByteArray configFor(const QByteArray &ollamaUrl)
{
    return R"({"version":1,"backends":[{"id":"ollama","protocol":"ollama","baseUrl":")" + ollamaUrl +
           R"(","prefix":"local/"}],"pool":{"defaultTtlS":120}})";
}

QJsonObject model(TestHttpClient &client, const RunningCore &core, const QByteArray &encodedId)
{
    return client.request("GET", "/api/v1/models/" + encodedId, {}, core.auth()).json().value(QLatin1String("model")).toObject();
}

} // namespace

QTEST_GUILESS_MAIN(TestOllama)
#include "tst_ollama.moc"
