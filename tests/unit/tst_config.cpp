// Config parsing and validation: every problem is reported with its key path.

#include "store/config.h"
#include "store/configdiff.h"
#include "store/configfile.h"
#include "store/configstore.h"

#include <QFile>
#include <QTemporaryDir>

#include <QJsonDocument>
#include <QtTest>

using namespace sy::config;

class TestConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultConfigIsValid();
    void designContractExampleIsValid();
    void invalidDocuments_data();
    void invalidDocuments();
    void reportsEveryProblemAtOnce();
    void missingFileIsCreatedFromTheDefault();
    void invalidFileIsRefusedAndKept();
    void saveKeepsThePreviousVersion();
    void changesWaitTheirTurnInABoundedQueue();
    void diffs_data();
    void diffs();
};

void TestConfig::defaultConfigIsValid()
{
    const ParseResult r = parseText(defaultConfigText());
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(r.config->server.port, 6103);
    QCOMPARE(r.config->server.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(r.config->pool.portFrom, 8051);
    QCOMPARE(r.config->pool.portTo, 8099);
    QCOMPARE(r.config->fallback.maxAttempts, 3);
    QVERIFY(r.config->backend(QStringLiteral("local"))->managed);
}

void TestConfig::designContractExampleIsValid()
{
    // The example from design.md, models adjusted to exist.
    const QByteArray json = R"({
      "version": 1,
      "server":   { "host": "127.0.0.1", "port": 6103 },
      "backends": [
        { "id": "local", "protocol": "openai", "managed": true },
        { "id": "ollama", "protocol": "ollama", "baseUrl": "http://127.0.0.1:11434", "prefix": "local/" },
        { "id": "openrouter", "protocol": "openai", "baseUrl": "https://openrouter.ai/api/v1",
          "apiKeyEnv": "OPENROUTER_API_KEY", "prefix": "openrouter/" }
      ],
      "models": [
        { "id": "qwen-coder", "backend": "local", "upstreamModel": "qwen2.5-coder-7b",
          "launch": { "command": ["llama-server", "-m", "/models/qwen.gguf", "--port", "${PORT}"],
                      "healthPath": "/health", "loadTimeoutS": 60 },
          "ttlS": 600, "capabilities": ["tools"], "contextTokens": 32768,
          "params": { "temperature": 0.7 } },
        { "id": "llama3.1", "backend": "ollama" },
        { "id": "stable-1", "backend": "ollama" }, { "id": "stable-2", "backend": "ollama" },
        { "id": "fast-1", "backend": "ollama" }
      ],
      "agents":  { "Architect": { "models": ["qwen-coder", "llama3.1"], "params": {} },
                   "default":   { "models": ["llama3.1"] } },
      "pools":   { "writer": { "default": ["stable-1", "stable-2"], "landing": ["fast-1", "stable-1"] } },
      "modes":   { "eco": { "models": ["qwen-coder"] }, "fast": { "models": ["openrouter/mistralai/mistral-nemo"] } },
      "fallback":{ "maxAttempts": 3, "timeoutS": 120, "failThreshold": 3, "cooldownS": 60 },
      "pool":    { "portRange": [8051, 8099], "defaultTtlS": 300, "memoryBudgetMiB": 0 }
    })";
    const ParseResult r = parseText(json);
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(r.config->models.size(), std::size_t(5));
    QCOMPARE(r.config->models[0].launch->command.last(), QStringLiteral("${PORT}"));
    QCOMPARE(*r.config->models[0].ttlS, 600);
    QCOMPARE(r.config->models[1].upstreamModel, QStringLiteral("llama3.1"));
    QCOMPARE(r.config->agents.at(QStringLiteral("Architect")).models.size(), 2);
    QCOMPARE(r.config->pools.at(QStringLiteral("writer")).at(QStringLiteral("landing")).first(), QStringLiteral("fast-1"));
}

void TestConfig::invalidDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("syntax") << QByteArray("{\n  \"version\": 1,\n  \"server\": {\"port\": }\n}") << QString()
                            << "line 3";
    QTest::newRow("not an object") << QByteArray("[1]") << QString() << "must be a JSON object";
    // A second "server" at the end would replace the first without a word (QJsonDocument
    // keeps the last): the client keys above it gone, the host changed.
    QTest::newRow("duplicate key")
        << QByteArray(R"({"version": 1, "server": {"host": "127.0.0.1", "clientKeys": []}, "server": {"host": "0.0.0.0"}})") << "server"
        << "more than once";
    QTest::newRow("duplicate nested key")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "id": "b"}]})") << "backends[0].id" << "more than once";
    QTest::newRow("version") << QByteArray(R"({"version": 2})") << "version" << "between 1 and 1";
    QTest::newRow("port type") << QByteArray(R"({"server": {"port": "x"}})") << "server.port" << "whole number";
    QTest::newRow("port range") << QByteArray(R"({"server": {"port": 70000}})") << "server.port" << "between 0 and 65535";
    QTest::newRow("typo") << QByteArray(R"({"server": {"prot": 1}})") << "server.prot" << "did you mean \"port\"";
    QTest::newRow("unknown section") << QByteArray(R"({"backnds": []})") << "backnds" << "did you mean \"backends\"";
    QTest::newRow("client key without a key")
        << QByteArray(R"({"server": {"clientKeys": [{"name": "ci"}]}})") << "server.clientKeys[0]" << "either keyEnv";
    QTest::newRow("client key in the file")
        << QByteArray(R"({"server": {"clientKeys": [{"name": "ci", "keyEnv": "K", "key": "sy-1"}]}})") << "server.clientKeys[0].key"
        << "do not belong in the config file";
    QTest::newRow("client key hash") << QByteArray(R"({"server": {"clientKeys": [{"name": "ci", "keyHash": "md5:00"}]}})")
                                     << "server.clientKeys[0].keyHash" << "64 lowercase hex";
    QTest::newRow("client key names")
        << QByteArray(R"({"server": {"clientKeys": [{"name": "a", "keyEnv": "K"}, {"name": "a", "keyEnv": "L"}]}})")
        << "server.clientKeys[1]" << "already named \"a\"";
    QTest::newRow("client key rpm") << QByteArray(R"({"server": {"clientKeys": [{"name": "a", "keyEnv": "K", "rpm": -1}]}})")
                                    << "server.clientKeys[0].rpm" << "between 0 and";
    // Model names clients must be able to send and see as they are, and not the router's own.
    QTest::newRow("model id too long")
        << QByteArray(R"({"backends": [{"id": "b", "baseUrl": "http://x"}], "models": [{"id": ")" + QByteArray(300, 'L') + R"(", "backend": "b"}]})")
        << "models[0].id" << "at most 256 bytes";
    QTest::newRow("model id with a bidi override")
        << QByteArray("{\"backends\": [{\"id\": \"b\", \"baseUrl\": \"http://x\"}], \"models\": [{\"id\": \"bad\\u202eid\", \"backend\": \"b\"}]}")
        << "models[0].id" << "formatting characters";
    QTest::newRow("model id with a lone surrogate")
        << QByteArray("{\"backends\": [{\"id\": \"b\", \"baseUrl\": \"http://x\"}], \"models\": [{\"id\": \"r\\ud800\", \"backend\": \"b\"}]}")
        << "models[0].id" << "formatting characters";
    QTest::newRow("upstream model with a line break")
        << QByteArray(R"({"backends": [{"id": "b", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "b", "upstreamModel": "a\r\nb"}]})")
        << "models[0].upstreamModel" << "control characters";
    QTest::newRow("upstream model too long")
        << QByteArray(R"({"backends": [{"id": "b", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "b", "upstreamModel": ")" + QByteArray(1100, 'u') + R"("}]})")
        << "models[0].upstreamModel" << "at most 1024 bytes";
    QTest::newRow("health path with a line break")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}], "models": [{"id": "m", "backend": "local", "launch": {"command": ["s", "${PORT}"], "healthPath": "/health\r\nX: 1"}}]})")
        << "models[0].launch.healthPath" << "control or formatting characters";
    QTest::newRow("model alias auto")
        << QByteArray(R"({"backends": [{"id": "b", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "b", "aliases": ["auto"]}]})")
        << "models[0].aliases" << "keeps for itself";
    QTest::newRow("model id agent:")
        << QByteArray(R"({"backends": [{"id": "b", "baseUrl": "http://x"}], "models": [{"id": "agent:Coder", "backend": "b"}]})")
        << "models[0].id" << "keeps for itself";
    QTest::newRow("backend id") << QByteArray(R"({"backends": [{"baseUrl": "http://x"}]})") << "backends[0].id" << "is required";
    QTest::newRow("backend url") << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "ftp://x"}]})")
                                 << "backends[0].baseUrl" << "http:// or https://";
    QTest::newRow("backend url missing") << QByteArray(R"({"backends": [{"id": "a"}]})") << "backends[0].baseUrl"
                                         << "is required unless";
    QTest::newRow("protocol") << QByteArray(R"({"backends": [{"id": "a", "protocol": "grpc", "baseUrl": "http://x"}]})")
                              << "backends[0].protocol" << "must be one of";
    QTest::newRow("managed with url")
        << QByteArray(R"({"backends": [{"id": "a", "managed": true, "baseUrl": "http://x"}]})") << "backends[0].baseUrl"
        << "managed backend";
    QTest::newRow("prefix slash") << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "prefix": "or"}]})")
                                  << "backends[0].prefix" << "must end with \"/\"";
    QTest::newRow("secret header")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"Authorization": "Bearer k"}}]})")
        << "backends[0].headers.Authorization" << "apiKeyEnv";
    // A line break in a header or URL would put lines of its own into every upstream request
    // (a second Authorization, a smuggled request).
    QTest::newRow("header value with a line break")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"X-Note": "a\r\nAuthorization: Bearer k"}}]})")
        << "backends[0].headers.X-Note" << "line breaks";
    QTest::newRow("header name with a line break")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"X-Note\r\nAuthorization: Bearer k\r\nX": "1"}}]})")
        << "backends[0].headers" << "not a header name";
    // Framing fields would give the backend two framings (a desync through a proxy).
    QTest::newRow("framing header")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"Content-Length": "5"}}]})")
        << "backends[0].headers.Content-Length" << "cannot be configured";
    QTest::newRow("host header")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"host": "evil.example"}}]})")
        << "backends[0].headers.host" << "cannot be configured";
    QTest::newRow("header name with a colon")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x", "headers": {"X-A: b": "1"}}]})")
        << "backends[0].headers" << "not a header name";
    QTest::newRow("base url with a line break")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x/v1\r\nX-Injected: 1"}]})") << "backends[0].baseUrl"
        << "must be an http";
    QTest::newRow("base url with a password") // refused without quoting it
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "https://user:s3cret@x/v1"}]})") << "backends[0].baseUrl"
        << "may not hold a user name or password";
    QTest::newRow("node url with a password")
        << QByteArray(R"({"nodes": [{"id": "n", "url": "http://u:s3cret@gpu1:6103", "tokenEnv": "T"}]})") << "nodes[0].url"
        << "may not hold a user name or password";
    QTest::newRow("invalid base url with a password") // not quoted either
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "https://u:s3cret@x:99999/v1"}]})") << "backends[0].baseUrl"
        << "may not hold a user name or password";
    QTest::newRow("launch env name with =")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}],
                         "models": [{"id": "m", "backend": "local", "launch": {"command": ["s", "${PORT}"], "env": {"A=B": "1"}}}]})")
        << "models[0].launch.env" << "variable name";
    QTest::newRow("launch env name empty")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}],
                         "models": [{"id": "m", "backend": "local", "launch": {"command": ["s", "${PORT}"], "env": {"": "1"}}}]})")
        << "models[0].launch.env" << "variable name";
    QTest::newRow("duplicate backend")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}, {"id": "a", "baseUrl": "http://y"}]})")
        << "backends[1].id" << "duplicate";
    QTest::newRow("model backend") << QByteArray(R"({"models": [{"id": "m", "backend": "nope"}]})")
                                   << "models[0].backend" << "no backend has the id \"nope\"";
    QTest::newRow("managed needs launch")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}], "models": [{"id": "m", "backend": "local"}]})")
        << "models[0].launch" << "is required";
    QTest::newRow("launch needs port")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}],
                         "models": [{"id": "m", "backend": "local", "launch": {"command": ["llama-server"]}}]})")
        << "models[0].launch.command" << "${PORT}";
    QTest::newRow("launch empty")
        << QByteArray(R"({"backends": [{"id": "local", "managed": true}],
                         "models": [{"id": "m", "backend": "local", "launch": {"command": []}}]})")
        << "models[0].launch.command" << "must not be empty";
    QTest::newRow("auto classifier unknown")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a"}],
                         "routing": {"autoClassifier": "nope"}})")
        << "routing.autoClassifier" << "\"nope\" is not a model id or alias";
    QTest::newRow("auto classifier embeds")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "e", "backend": "a", "aliases": ["vec"], "capabilities": ["embeddings"]}],
                         "routing": {"autoClassifier": "vec"}})")
        << "routing.autoClassifier" << "an embedding or rerank model";
    QTest::newRow("auto classifier reranks")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "e", "backend": "a", "aliases": ["vec"], "capabilities": ["rerank"]}],
                         "routing": {"autoClassifier": "vec"}})")
        << "routing.autoClassifier" << "an embedding or rerank model";
    QTest::newRow("auto classifier timeout") << QByteArray(R"({"routing": {"autoClassifierTimeoutMs": 20000}})")
                                             << "routing.autoClassifierTimeoutMs" << "between 50 and 10000";
    QTest::newRow("duplicate model")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "m", "backend": "a"}, {"id": "m", "backend": "a"}]})")
        << "models[1].id" << "already a model id";
    QTest::newRow("alias clash")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "m", "backend": "a"}, {"id": "n", "backend": "a", "aliases": ["m"]}]})")
        << "models[1].aliases" << "already a model id";
    QTest::newRow("capability")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "m", "backend": "a", "capabilities": ["telepathy"]}]})")
        << "models[0].capabilities" << "unknown capability \"telepathy\"";
    QTest::newRow("strip a request field")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}],
                         "models": [{"id": "m", "backend": "a", "stripParams": ["temperature", "messages"]}]})")
        << "models[0].stripParams" << "\"messages\" is part of the request";
    QTest::newRow("strip the answer's format")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a", "stripParams": ["response_format"]}]})")
        << "models[0].stripParams" << "\"response_format\" is part of the request";
    QTest::newRow("strip a name with a space")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a", "stripParams": ["top p"]}]})")
        << "models[0].stripParams" << "may hold only letters";
    QTest::newRow("strip not a list")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a", "stripParams": "temperature"}]})")
        << "models[0].stripParams" << "must be";
    QTest::newRow("ttl negative")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a", "ttlS": -1}]})")
        << "models[0].ttlS" << "between 0";
    QTest::newRow("agent ref")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a"}],
                         "agents": {"Architect": {"models": ["m", "ghost"]}}})")
        << "agents.Architect.models[1]" << "\"ghost\" is not a model id";
    QTest::newRow("agent models required") << QByteArray(R"({"agents": {"Coder": {}}})") << "agents.Coder.models"
                                           << "is required";
    QTest::newRow("pool default")
        << QByteArray(R"({"backends": [{"id": "a", "baseUrl": "http://x"}], "models": [{"id": "m", "backend": "a"}],
                         "pools": {"writer": {"landing": ["m"]}}})")
        << "pools.writer" << "\"default\"";
    QTest::newRow("mode ref")
        << QByteArray(R"({"modes": {"eco": {"models": ["nothing"]}}})") << "modes.eco.models[0]" << "is not a model id";
    QTest::newRow("max attempts") << QByteArray(R"({"fallback": {"maxAttempts": 0}})") << "fallback.maxAttempts"
                                  << "between 1 and 20";
    QTest::newRow("port range") << QByteArray(R"({"pool": {"portRange": [9000, 8000]}})") << "pool.portRange"
                                << "first <= last";
    QTest::newRow("default backend") << QByteArray(R"({"server": {"defaultBackend": "nope"}})") << "server.defaultBackend"
                                     << "no backend";
}

void TestConfig::invalidDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const ParseResult r = parseText(json);
    QVERIFY(!r.ok());
    const bool found = std::any_of(r.errors.begin(), r.errors.end(), [&](const Issue &issue) {
        return issue.path == path && issue.message.contains(message);
    });
    QVERIFY2(found, qPrintable(QStringLiteral("expected %1: ...%2... in:\n%3").arg(path, message, r.errorText())));
    QVERIFY2(!r.errorText().contains(QLatin1String("s3cret")), qPrintable(r.errorText())); // secrets are never quoted back
}

void TestConfig::reportsEveryProblemAtOnce()
{
    const ParseResult r = parseText(R"({"server": {"port": "x", "host": 5}, "fallback": {"cooldownS": -5}})");
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), std::size_t(3));
}

void TestConfig::missingFileIsCreatedFromTheDefault()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/config.json"));
    const LoadedFile loaded = loadOrCreate(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText(path)));
    QVERIFY(loaded.created);
    QVERIFY(QFile::exists(path));
    QCOMPARE(loaded.text, defaultConfigText());
    // The second load reads it back.
    const LoadedFile again = loadOrCreate(path);
    QVERIFY(again.ok());
    QVERIFY(!again.created);
}

void TestConfig::invalidFileIsRefusedAndKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"server": {"port": -1}})");
    file.close();
    const LoadedFile loaded = loadOrCreate(path);
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.errorText(path).contains(path));
    QVERIFY(loaded.errorText(path).contains(QStringLiteral("server.port")));
    QFile again(path);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), QByteArray(R"({"server": {"port": -1}})"));
}

void TestConfig::saveKeepsThePreviousVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QString error;
    QVERIFY(save(path, "first", &error));
    QVERIFY(save(path, "second", &error));
    QFile current(path), backup(path + QStringLiteral(".bak"));
    QVERIFY(current.open(QIODevice::ReadOnly) && backup.open(QIODevice::ReadOnly));
    QCOMPARE(current.readAll(), QByteArray("second"));
    QCOMPARE(backup.readAll(), QByteArray("first"));
}


void TestConfig::diffs_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QByteArray>("expected"); // "change path" entries, one a line, in order

    QTest::newRow("same") << QByteArray(R"({"a":1,"b":{"c":[1,2]}})") << QByteArray(R"({"b":{"c":[1,2]},"a":1})") << QByteArray();
    QTest::newRow("scalar") << QByteArray(R"({"server":{"port":1}})") << QByteArray(R"({"server":{"port":2}})")
                            << QByteArray("changed server.port");
    QTest::newRow("added and removed members") << QByteArray(R"({"a":1,"b":2})") << QByteArray(R"({"b":2,"c":3})")
                                               << QByteArray("removed a\nadded c");
    QTest::newRow("plain array") << QByteArray(R"({"l":["x","y"]})") << QByteArray(R"({"l":["y","x"]})") << QByteArray("changed l");
    QTest::newRow("by id") << QByteArray(R"({"models":[{"id":"a","ttlS":1},{"id":"b"}]})")
                           << QByteArray(R"({"models":[{"id":"a","ttlS":2},{"id":"c"}]})")
                           << QByteArray("changed models[a].ttlS\nremoved models[b]\nadded models[c]");
    QTest::newRow("reordered by id") << QByteArray(R"({"models":[{"id":"a"},{"id":"b"}]})")
                                     << QByteArray(R"({"models":[{"id":"b"},{"id":"a"}]})") << QByteArray("reordered models");
    QTest::newRow("first model") << QByteArray(R"({"models":[]})") << QByteArray(R"({"models":[{"id":"a"}]})")
                                 << QByteArray("added models[a]");
    QTest::newRow("type change") << QByteArray(R"({"p":{"x":1}})") << QByteArray(R"({"p":5})") << QByteArray("changed p");
}

void TestConfig::diffs()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QByteArray, expected);
    const QJsonArray diff = diffDocuments(QJsonDocument::fromJson(before).object(), QJsonDocument::fromJson(after).object());
    QByteArrayList lines;
    for (const QJsonValue &d : diff)
        lines << (d.toObject().value(QLatin1String("change")).toString() + QLatin1Char(' ') + d.toObject().value(QLatin1String("path")).toString()).toUtf8();
    QCOMPARE(lines.join('\n'), expected);
    for (const QJsonValue &d : diff) { // old and new values ride along where they exist
        const QString change = d.toObject().value(QLatin1String("change")).toString();
        QCOMPARE(d.toObject().contains(QLatin1String("old")), change != QLatin1String("added"));
        QCOMPARE(d.toObject().contains(QLatin1String("new")), change != QLatin1String("removed"));
    }
}

void TestConfig::changesWaitTheirTurnInABoundedQueue()
{
    QTemporaryDir dir;
    ConfigStore store(dir.filePath(QStringLiteral("config.json")), [](Config &, QString *) { return true; }, {});
    QString error;
    bool created = false;
    QVERIFY2(store.load(&error, &created), qPrintable(error));
    // Ten changes in one go: one is checked, eight wait, the tenth is refused at once (each
    // waiting change holds a whole document).
    std::vector<int> statuses(10, 0);
    for (int i = 0; i < 10; ++i) {
        QByteArray text = defaultConfigText();
        text.replace("6103", QByteArray::number(7000 + i));
        store.replace(text, {}, true, [&statuses, i](const ConfigChange &change) { statuses[std::size_t(i)] = change.status; });
    }
    QCOMPARE(statuses[9], 503);
    QVERIFY(std::all_of(statuses.begin(), statuses.begin() + 9, [](int s) { return s == 0; })); // answered from the event loop
    QTRY_VERIFY(std::all_of(statuses.begin(), statuses.begin() + 9, [](int s) { return s == 200; }));

    // Two changes against the same ETag, sent before either is checked: the first is applied,
    // the second is checked against what the first left, and is stale.
    const QByteArray etag = store.etag();
    int first = 0, second = 0;
    QByteArray text = defaultConfigText();
    store.replace(text.replace("6103", "7100"), etag, false, [&first](const ConfigChange &change) { first = change.status; });
    text = defaultConfigText();
    store.replace(text.replace("6103", "7200"), etag, false, [&second](const ConfigChange &change) { second = change.status; });
    QTRY_VERIFY(first != 0 && second != 0);
    QCOMPARE(first, 200);
    QCOMPARE(second, 412);
    QVERIFY(store.document().value(QLatin1String("server")).toObject().value(QLatin1String("port")).toInt() == 7100);
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
