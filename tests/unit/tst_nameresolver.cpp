// Name resolution order: model id or alias, backend modelMapping, prefix, default backend.

#include "routing/nameresolver.h"

#include <QtTest>

using namespace sy::routing;

namespace {
RouteTable makeTable(bool withDefault);
}

class TestNameResolver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resolves_data();
    void resolves();
    void bareprefixIsNotAName();
    void unknownModelIsNotFound();
    void defaultBackendIsTheLastResort();
    void apiKeyComesFromTheEnvironment();
};

namespace {

RouteTable makeTable(bool withDefault)
{
    QByteArray json = R"({
      "server": { DEFAULT },
      "backends": [
        { "id": "sim", "protocol": "openai", "baseUrl": "http://127.0.0.1:9/v1",
          "modelMapping": { "gpt-4o": "qwen-coder", "gpt-4o-mini": "tiny-upstream" } },
        { "id": "ollama", "protocol": "ollama", "baseUrl": "http://127.0.0.1:11434", "prefix": "local/" },
        { "id": "openrouter", "protocol": "openai", "baseUrl": "https://openrouter.ai/api/v1", "prefix": "openrouter/",
          "modelMapping": { "gpt-4o": "openai/gpt-4o" } },
        { "id": "or-long", "protocol": "openai", "baseUrl": "https://example.com/v1", "prefix": "openrouter/special/" }
      ],
      "models": [
        { "id": "qwen-coder", "backend": "sim", "upstreamModel": "qwen2.5-coder-7b", "aliases": ["coder"] },
        { "id": "llama", "backend": "ollama", "upstreamModel": "llama3.1:8b" }
      ]
    })";
    json.replace("DEFAULT", withDefault ? R"("defaultBackend": "openrouter")" : "");
    const auto parsed = sy::config::parseText(json);
    if (!parsed.ok())
        qFatal("%s", qPrintable(parsed.errorText()));
    return RouteTable(*parsed.config);
}

} // namespace

void TestNameResolver::resolves_data()
{
    QTest::addColumn<QByteArray>("requested");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QByteArrayList>("labels");
    QTest::addColumn<QByteArrayList>("upstream");

    QTest::newRow("model id") << QByteArray("qwen-coder") << "model" << QByteArrayList{"qwen-coder"}
                              << QByteArrayList{"qwen2.5-coder-7b"};
    QTest::newRow("alias") << QByteArray("coder") << "model" << QByteArrayList{"qwen-coder"}
                           << QByteArrayList{"qwen2.5-coder-7b"};
    QTest::newRow("model on ollama") << QByteArray("llama") << "model" << QByteArrayList{"llama"}
                                     << QByteArrayList{"llama3.1:8b"};
    // gpt-4o is mapped by two backends: onto a configured model of "sim", and a name on openrouter.
    QTest::newRow("mapping") << QByteArray("gpt-4o") << "model_mapping"
                             << QByteArrayList{"qwen-coder", "openrouter:openai/gpt-4o"}
                             << QByteArrayList{"qwen2.5-coder-7b", "openai/gpt-4o"};
    QTest::newRow("mapping to a plain name") << QByteArray("gpt-4o-mini") << "model_mapping"
                                             << QByteArrayList{"sim:tiny-upstream"} << QByteArrayList{"tiny-upstream"};
    QTest::newRow("prefix") << QByteArray("local/mistral:7b") << "prefix" << QByteArrayList{"ollama:mistral:7b"}
                            << QByteArrayList{"mistral:7b"};
    QTest::newRow("longest prefix") << QByteArray("openrouter/special/x") << "prefix"
                                    << QByteArrayList{"or-long:x"} << QByteArrayList{"x"};
    QTest::newRow("prefix with slashes") << QByteArray("openrouter/mistralai/mistral-nemo") << "prefix"
                                         << QByteArrayList{"openrouter:mistralai/mistral-nemo"}
                                         << QByteArrayList{"mistralai/mistral-nemo"};
}

void TestNameResolver::resolves()
{
    QFETCH(QByteArray, requested);
    QFETCH(QString, mode);
    QFETCH(QByteArrayList, labels);
    QFETCH(QByteArrayList, upstream);
    const RouteTable table = makeTable(false);
    const RouteDecision d = resolveName(table, requested);
    QVERIFY(d.ok());
    QCOMPARE(QString::fromLatin1(routeModeName(d.mode)), mode);
    QCOMPARE(d.chain.size(), std::size_t(labels.size()));
    for (qsizetype i = 0; i < labels.size(); ++i) {
        QCOMPARE(d.chain[std::size_t(i)].label, labels[i]);
        QCOMPARE(d.chain[std::size_t(i)].upstreamModel, upstream[i]);
    }
    QVERIFY(!d.trace.empty());
}

void TestNameResolver::bareprefixIsNotAName()
{
    const RouteTable table = makeTable(false);
    QVERIFY(!resolveName(table, "local/").ok());
}

void TestNameResolver::unknownModelIsNotFound()
{
    const RouteTable table = makeTable(false);
    const RouteDecision d = resolveName(table, "gpt-5-ultra");
    QVERIFY(!d.ok());
    QCOMPARE(d.mode, RouteMode::Failed);
    QCOMPARE(d.error.status(), 404);
    QCOMPARE(d.error.code, QByteArray("model_not_found"));
    QVERIFY(d.error.message.contains(QStringLiteral("gpt-5-ultra")));
}

void TestNameResolver::defaultBackendIsTheLastResort()
{
    const RouteTable table = makeTable(true);
    const RouteDecision d = resolveName(table, "gpt-5-ultra");
    QVERIFY(d.ok());
    QCOMPARE(d.mode, RouteMode::Default);
    QCOMPARE(d.chain.front().label, QByteArray("openrouter:gpt-5-ultra"));
    // Names that match something else still go there first.
    QCOMPARE(resolveName(table, "coder").mode, RouteMode::Model);
    QCOMPARE(resolveName(table, "local/x").mode, RouteMode::Prefix);
}

void TestNameResolver::apiKeyComesFromTheEnvironment()
{
    qputenv("TEST_ROUTER_KEY", "sk-test-123");
    const auto parsed = sy::config::parseText(
        R"({"backends": [{"id": "cloud", "baseUrl": "https://example.com/v1", "apiKeyEnv": "TEST_ROUTER_KEY"}]})");
    QVERIFY(parsed.ok());
    const RouteTable table(*parsed.config);
    QCOMPARE(table.backends()[0].apiKey, QByteArray("sk-test-123"));
    QCOMPARE(table.backends()[0].basePath, QByteArray("/v1"));
    QCOMPARE(table.backends()[0].origin.key(), QByteArray("https://example.com:443"));
}


QTEST_GUILESS_MAIN(TestNameResolver)
#include "tst_nameresolver.moc"
