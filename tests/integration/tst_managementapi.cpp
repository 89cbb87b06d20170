// The management API and the live feed: token protection, model state, operator actions,
// logs, system stats, and the WebSocket feed's snapshot, deltas and request events.

#include "api/admintoken.h"
#include "feedclient.h"
#include "procscan.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>
#include <QWebSocket>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {
QByteArray configFor(const QString &managed, const QByteArray &remoteBaseUrl, int firstPort, const QByteArray &modelExtra = {});
int freePortBase();
QJsonObject modelState(TestHttpClient &client, const RunningCore &core, const QString &id);
} // namespace

class TestManagementApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wrongOrMissingTokenIs401AndDoesNothing();
    void tokenFileIsPrivate();
    void aTokenSomeoneSetIsCheckedNotReplaced();
    void listsManagedAndRemoteModels();
    void loadUnloadPinAndLogs();
    void systemStats();
    void feedSnapshotThenDeltasForALoad();
    void feedRefusesAWrongToken();
    void feedMessagesAreBounded();
    void feedRequestEventsAreOptIn();
    void feedStreamsCoreLogsWhenAsked();
};

void TestManagementApi::initTestCase()
{
    isolateUserDirectories();
}

void TestManagementApi::wrongOrMissingTokenIs401AndDoesNothing()
{
    const QString name = QStringLiteral("guarded-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    RunningCore core(configFor(name, {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse none = client.request("POST", "/api/v1/models/" + name.toUtf8() + "/load");
    QCOMPARE(none.status, 401);
    QCOMPARE(none.header("www-authenticate"), QByteArray("Bearer"));
    QCOMPARE(none.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
    const TestResponse wrong = client.request("POST", "/api/v1/models/" + name.toUtf8() + "/load", {},
                                              {{"Authorization", "Bearer " + core.adminToken() + "x"}});
    QCOMPARE(wrong.status, 401);
    QCOMPARE(client.request("GET", "/api/v1/models").status, 401);
    QCOMPARE(client.request("GET", "/api/v1/system", {}, {{"Authorization", "Basic abc"}}).status, 401);
    QTest::qWait(300);
    QVERIFY(findProcesses({QStringLiteral("--model-name ") + name}).isEmpty()); // nothing was loaded
}

void TestManagementApi::tokenFileIsPrivate()
{
    RunningCore core(configFor(QStringLiteral("t"), {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QFile token(QFileInfo(core.configPath()).absolutePath() + QStringLiteral("/admin-token"));
    QVERIFY(token.exists());
    QCOMPARE(token.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QVERIFY(token.open(QIODevice::ReadOnly));
    QCOMPARE(token.readAll().trimmed(), core.adminToken());
    QVERIFY(core.adminToken().size() >= 32);
}

void TestManagementApi::aTokenSomeoneSetIsCheckedNotReplaced()
{
    const QByteArray fromEnvironment = qgetenv("SWITCHYARD_ADMIN_TOKEN");
    qunsetenv("SWITCHYARD_ADMIN_TOKEN");
    const auto restore = qScopeGuard([&fromEnvironment] { qputenv("SWITCHYARD_ADMIN_TOKEN", fromEnvironment); }); // also when a check fails
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("admin-token"));
    const auto write = [&path](const QByteArray &text) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
    };
    const auto read = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QString error;
    // Too short, or with a space: refused with the reason, and the file left as it was (it
    // was replaced by a random token, silently: every client then got 401).
    for (const QByteArray &set : {QByteArray("short\n"), QByteArray("a token with spaces in it, long enough\n")}) {
        QVERIFY(write(set));
        QVERIFY(sy::api::loadOrCreateAdminToken(dir.path(), &error).isEmpty());
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("delete the file")), qPrintable(error));
        QCOMPARE(read(), set);
    }
    QVERIFY(write("0123456789abcdef0123\n"));
    QCOMPARE(sy::api::loadOrCreateAdminToken(dir.path(), &error), QByteArray("0123456789abcdef0123"));
    QVERIFY(write("\n")); // empty: as if there were none, a new one is made
    error.clear();
    QCOMPARE(sy::api::loadOrCreateAdminToken(dir.path(), &error).size(), 64);
    QVERIFY(error.isEmpty());
}

void TestManagementApi::listsManagedAndRemoteModels()
{
    SimProcess remote;
    RunningCore core(configFor(QStringLiteral("local-one"), remote.baseUrl(), freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.request("GET", "/api/v1/models", {}, core.auth());
    QCOMPARE(r.status, 200);
    const QJsonArray models = r.json().value(QLatin1String("models")).toArray();
    QCOMPARE(models.size(), 2);
    QJsonObject managed, cloud;
    for (const QJsonValue &v : models)
        (v.toObject().value(QLatin1String("kind")).toString() == QLatin1String("managed") ? managed : cloud) = v.toObject();
    QCOMPARE(managed.value(QLatin1String("id")).toString(), QStringLiteral("local-one"));
    QCOMPARE(managed.value(QLatin1String("state")).toString(), QStringLiteral("cold"));
    QVERIFY(managed.value(QLatin1String("port")).isNull());
    QCOMPARE(managed.value(QLatin1String("ttlS")).toInt(), 300);
    QCOMPARE(managed.value(QLatin1String("inFlight")).toInt(), 0);
    QCOMPARE(managed.value(QLatin1String("pinned")).toBool(), false);
    QCOMPARE(cloud.value(QLatin1String("state")).toString(), QStringLiteral("remote"));
    QCOMPARE(cloud.value(QLatin1String("backend")).toString(), QStringLiteral("cloud"));
    // A remote model cannot be loaded.
    QCOMPARE(client.request("POST", "/api/v1/models/cloud-model/load", {}, core.auth()).status, 400);
    QCOMPARE(client.request("POST", "/api/v1/models/nothing/load", {}, core.auth()).status, 404);
}

void TestManagementApi::loadUnloadPinAndLogs()
{
    const QString name = QStringLiteral("ops-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    RunningCore core(configFor(name, {}, freePortBase(), R"("ttlS": 1)"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray base = "/api/v1/models/" + name.toUtf8();
    QCOMPARE(client.request("POST", base + "/load", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(modelState(client, core, name).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 10000);
    const QJsonObject hot = modelState(client, core, name);
    QVERIFY(hot.value(QLatin1String("port")).toInt() > 0);
    const qint64 pid = qint64(hot.value(QLatin1String("pid")).toDouble());
    QVERIFY(processExists(pid));
    // Pinned: the 1 s TTL does not unload it.
    QCOMPARE(client.request("POST", base + "/pin", {}, core.auth()).status, 200);
    QCOMPARE(modelState(client, core, name).value(QLatin1String("pinned")).toBool(), true);
    // Memory is measured (the sim holds 32 MiB).
    QTRY_VERIFY_WITH_TIMEOUT(modelState(client, core, name).value(QLatin1String("rssBytes")).toDouble() > 32 * 1024 * 1024, 8000);
    QTest::qWait(1500);
    QCOMPARE(modelState(client, core, name).value(QLatin1String("state")).toString(), QStringLiteral("hot"));
    // Its output is kept.
    const TestResponse logs = client.request("GET", base + "/logs?lines=50", {}, core.auth());
    QCOMPARE(logs.status, 200);
    const QStringList lines = logs.json().value(QLatin1String("lines")).toVariant().toStringList();
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QStringLiteral("sim: listening on")), qPrintable(lines.join(QLatin1Char('\n'))));
    // A count that is no number is refused, not replaced by the default; a large one is cut.
    QCOMPARE(client.request("GET", base + "/logs?lines=abc", {}, core.auth()).status, 400);
    QCOMPARE(client.request("GET", base + "/logs?after=x", {}, core.auth()).status, 400);
    QCOMPARE(client.request("GET", base + "/logs?lines=99999999999", {}, core.auth()).status, 200);
    // Unloaded on request: the process goes away.
    QCOMPARE(client.request("POST", base + "/unload", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(modelState(client, core, name).value(QLatin1String("state")).toString(), QStringLiteral("cold"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
    // Unpinned and loaded again, the TTL applies.
    QCOMPARE(client.request("POST", base + "/unpin", {}, core.auth()).status, 200);
    QCOMPARE(client.request("POST", base + "/load", {}, core.auth()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(modelState(client, core, name).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(modelState(client, core, name).value(QLatin1String("state")).toString(), QStringLiteral("cold"), 8000);
}

void TestManagementApi::systemStats()
{
    RunningCore core(configFor(QStringLiteral("s"), {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.request("GET", "/api/v1/system", {}, core.auth());
    QCOMPARE(r.status, 200);
    QVERIFY(r.json().value(QLatin1String("portRange")).toArray().size() == 2);
    QVERIFY(r.json().contains(QLatin1String("gpu"))); // null without nvidia-smi
    QCOMPARE(r.json().value(QLatin1String("demo")).toBool(), false);
    QVERIFY(r.json().value(QLatin1String("demoPolicies")).isNull()); // no demo, no demo policies
    // RAM is known once the sampler ran (it runs while a feed or model is active; the load starts it).
    QCOMPARE(client.request("POST", "/api/v1/models/s/load", {}, core.auth()).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(client.request("GET", "/api/v1/system", {}, core.auth())
                                     .json().value(QLatin1String("memory")).toObject().value(QLatin1String("totalBytes")).toDouble() > 0,
                             8000);
    const TestResponse logs = client.request("GET", "/api/v1/logs?lines=20", {}, core.auth());
    QCOMPARE(logs.status, 200);
    QVERIFY(!logs.json().value(QLatin1String("lines")).toArray().isEmpty());
    // An integer too long for 64 bits is still cut into 1-2000, as docs/api.md says, not refused.
    const TestResponse huge = client.request("GET", "/api/v1/logs?lines=99999999999999999999", {}, core.auth());
    QCOMPARE(huge.status, 200);
    QVERIFY(huge.json().value(QLatin1String("lines")).toArray().size() > 1);
    const TestResponse hugeNegative = client.request("GET", "/api/v1/logs?lines=-99999999999999999999", {}, core.auth());
    QCOMPARE(hugeNegative.status, 200);
    QCOMPARE(hugeNegative.json().value(QLatin1String("lines")).toArray().size(), 1);
    const TestResponse notANumber = client.request("GET", "/api/v1/logs?lines=abc", {}, core.auth());
    QCOMPARE(notANumber.status, 400);
    QCOMPARE(notANumber.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_query"));
}

void TestManagementApi::feedSnapshotThenDeltasForALoad()
{
    const QString name = QStringLiteral("feed-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    RunningCore core(configFor(name, {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    FeedClient feed;
    feed.open(core.port(), core.adminToken());
    QVERIFY(feed.waitFor([](const QJsonObject &m) { return m.value(QLatin1String("type")) == QLatin1String("snapshot"); }));
    const QJsonObject snapshot = feed.messages.first();
    QCOMPARE(snapshot.value(QLatin1String("type")).toString(), QStringLiteral("snapshot"));
    const double rev0 = snapshot.value(QLatin1String("rev")).toDouble();
    QCOMPARE(snapshot.value(QLatin1String("models")).toArray().first().toObject().value(QLatin1String("state")).toString(),
             QStringLiteral("cold"));
    QVERIFY(snapshot.value(QLatin1String("system")).isObject());

    TestHttpClient client(core.port());
    QCOMPARE(client.request("POST", "/api/v1/models/" + name.toUtf8() + "/load", {}, core.auth()).status, 202);
    auto stateDelta = [&](const QString &state) {
        return [state](const QJsonObject &m) {
            return m.value(QLatin1String("type")) == QLatin1String("model") &&
                   m.value(QLatin1String("model")).toObject().value(QLatin1String("state")).toString() == state;
        };
    };
    QVERIFY(feed.waitFor(stateDelta(QStringLiteral("starting"))));
    QVERIFY(feed.waitFor(stateDelta(QStringLiteral("hot"))));
    // Revisions only go up.
    double last = rev0;
    for (const QJsonObject &m : feed.messages.mid(1)) {
        QVERIFY(m.value(QLatin1String("rev")).toDouble() > last);
        last = m.value(QLatin1String("rev")).toDouble();
    }
    // Counters (memory, in flight) follow, at most four a second.
    QVERIFY(feed.waitFor([](const QJsonObject &m) { return m.value(QLatin1String("type")) == QLatin1String("counters"); }));
}

void TestManagementApi::feedRefusesAWrongToken()
{
    RunningCore core(configFor(QStringLiteral("x"), {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QWebSocket socket;
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy failed(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=wrong").arg(core.port())));
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !connected.isEmpty(), 5000);
    QVERIFY(connected.isEmpty());
    // And the connection closes: the client does not wait for a switch that will not come
    // (a front with a node's wrong token retried only when the idle timeout closed it).
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    // The same URL with the right token works (browsers cannot set headers on WebSockets).
    QWebSocket good;
    QSignalSpy ok(&good, &QWebSocket::connected);
    good.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(core.port()).arg(QString::fromLatin1(core.adminToken()))));
    QVERIFY(ok.wait(5000));
    // And plain HTTP on /ws without the token is a 401.
    QCOMPARE(TestHttpClient(core.port()).get("/ws").status, 401);
}

void TestManagementApi::feedMessagesAreBounded()
{
    RunningCore core(configFor(QStringLiteral("x"), {}, freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(core.port()).arg(QString::fromLatin1(core.adminToken())));
    // An unknown type is named in the error, cut short.
    FeedClient feed;
    feed.socket.open(url);
    QVERIFY(feed.waitForType(QStringLiteral("snapshot")));
    feed.socket.sendTextMessage(QStringLiteral("{\"type\":\"%1\"}").arg(QString(10000, QLatin1Char('A'))));
    QVERIFY(feed.waitForType(QStringLiteral("error")));
    const QString said = std::find_if(feed.messages.begin(), feed.messages.end(), [](const QJsonObject &m) {
                             return m.value(QLatin1String("type")) == QLatin1String("error");
                         })->value(QLatin1String("message")).toString();
    QVERIFY2(said.startsWith(QStringLiteral("unknown message type \"AAAA")) && said.size() < 200, qPrintable(said.left(300)));
    // A message larger than any a client needs closes the session instead of being held.
    FeedClient big;
    big.socket.open(url);
    QVERIFY(big.waitForType(QStringLiteral("snapshot")));
    big.socket.sendTextMessage(QString(1024 * 1024, QLatin1Char(' ')));
    QTRY_COMPARE_WITH_TIMEOUT(big.socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(big.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QCOMPARE(TestHttpClient(core.port()).get("/health").status, 200);
}

void TestManagementApi::feedRequestEventsAreOptIn()
{
    SimProcess remote;
    RunningCore core(configFor(QStringLiteral("unused"), remote.baseUrl(), freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    FeedClient feed;
    feed.socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(core.port()).arg(QString::fromLatin1(core.adminToken()))));
    QVERIFY(feed.waitFor([](const QJsonObject &m) { return m.value(QLatin1String("type")) == QLatin1String("snapshot"); }));
    TestHttpClient client(core.port());
    const QByteArray chat = R"({"model":"cloud-model","messages":[{"role":"user","content":"hi"}]})";
    QCOMPARE(client.postJson("/v1/chat/completions", chat).status, 200);
    QTest::qWait(300);
    auto isRequest = [](const QJsonObject &m) { return m.value(QLatin1String("type")) == QLatin1String("request"); };
    QVERIFY(std::none_of(feed.messages.begin(), feed.messages.end(), isRequest)); // not subscribed yet
    feed.socket.sendTextMessage(QStringLiteral(R"({"type":"subscribe","topics":["requests"]})"));
    QVERIFY(feed.waitFor([](const QJsonObject &m) { return m.value(QLatin1String("type")) == QLatin1String("subscribed"); }));
    const TestResponse served = client.postJson("/v1/chat/completions", chat);
    QVERIFY(feed.waitFor(isRequest));
    const QJsonObject event = std::find_if(feed.messages.begin(), feed.messages.end(), isRequest)->value(QLatin1String("request")).toObject();
    QCOMPARE(event.value(QLatin1String("id")).toString().toUtf8(), served.header("x-request-id"));
    QCOMPARE(event.value(QLatin1String("model")).toString(), QStringLiteral("cloud-model"));
    QCOMPARE(event.value(QLatin1String("status")).toInt(), 200);
    QCOMPARE(event.value(QLatin1String("route")).toString(), QStringLiteral("model"));
    QVERIFY(event.value(QLatin1String("latencyMs")).toDouble() > 0);
}

namespace {

QByteArray configFor(const QString &managed, const QByteArray &remoteBaseUrl, int firstPort, const QByteArray &modelExtra)
{
    const QJsonArray command{SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                             QStringLiteral("--model-name"), QStringLiteral("${MODEL}"), QStringLiteral("--memory-mib"),
                             QStringLiteral("32")};
    QByteArray backends = R"({"id":"local","managed":true})";
    QByteArray models = R"({"id":")" + managed.toUtf8() + R"(","backend":"local","launch":{"command":)" +
                        QJsonDocument(command).toJson(QJsonDocument::Compact) + "}" +
                        (modelExtra.isEmpty() ? QByteArray() : "," + modelExtra) + "}";
    if (!remoteBaseUrl.isEmpty()) {
        backends += R"(,{"id":"cloud","baseUrl":")" + remoteBaseUrl + "\"}";
        models += R"(,{"id":"cloud-model","backend":"cloud"})";
    }
    return R"({"version":1,"backends":[)" + backends + R"(],"models":[)" + models + R"(],"pool":{"portRange":[)" +
           QByteArray::number(firstPort) + "," + QByteArray::number(firstPort + 4) + "]}}";
}

int freePortBase()
{
    static int next = 24000 + int(QCoreApplication::applicationPid() % 1000) * 5;
    for (;;) {
        const int first = next;
        next += 5;
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, quint16(first)))
            return first;
    }
}

QJsonObject modelState(TestHttpClient &client, const RunningCore &core, const QString &id)
{
    return client.request("GET", "/api/v1/models/" + id.toUtf8(), {}, core.auth()).json().value(QLatin1String("model")).toObject();
}

} // namespace

void TestManagementApi::feedStreamsCoreLogsWhenAsked()
{
    SimProcess remote;
    RunningCore core(configFor(QStringLiteral("unused"), remote.baseUrl(), freePortBase()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    FeedClient feed;
    feed.open(core.port(), core.adminToken());
    QVERIFY(feed.waitForType(QStringLiteral("snapshot")));
    feed.socket.sendTextMessage(QStringLiteral(R"({"type":"subscribe","topics":["logs"]})"));
    QVERIFY(feed.waitForType(QStringLiteral("subscribed")));
    // A request that fails logs a warning ("proxy" module; every request at debug); it
    // arrives in a "logs" batch.
    const TestResponse served = TestHttpClient(core.port()).postJson("/v1/chat/completions", R"({"model":"no-such-model","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(served.status, 404);
    const QByteArray id = served.header("x-request-id");
    QVERIFY(feed.waitFor([&id](const QJsonObject &m) {
        if (m.value(QLatin1String("type")) != QLatin1String("logs"))
            return false;
        for (const QJsonValue &line : m.value(QLatin1String("lines")).toArray()) {
            const QJsonObject l = line.toObject();
            if (l.value(QLatin1String("module")) == QLatin1String("proxy") && l.value(QLatin1String("message")).toString().contains(QString::fromUtf8(id)))
                return l.value(QLatin1String("level")) == QLatin1String("warning") && l.value(QLatin1String("timeMs")).toDouble() > 0;
        }
        return false;
    }));
    feed.socket.sendTextMessage(QStringLiteral(R"({"type":"unknown"})"));
    QVERIFY(feed.waitForType(QStringLiteral("error")));
}

QTEST_GUILESS_MAIN(TestManagementApi)
#include "tst_managementapi.moc"
