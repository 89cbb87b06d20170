// Managed models end to end: the core launches switchyard-sim processes on demand,
// queues requests while they start, unloads them (TTL, budget, exclusive groups),
// reports failures with their log, and restarts them.

#include "procscan.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

struct SimModel {
    QString id;
    QStringList simArgs;    // extra switchyard-sim options
    QByteArray extra;       // extra model keys, e.g. "ttlS":1
};

// A port range of `count` free ports.
QPair<int, int> freePortRange(int count);
QByteArray poolConfig(const QList<SimModel> &models, const QByteArray &poolExtra, QPair<int, int> ports,
                      const QByteArray &topExtra = {});
QByteArray chat(const QString &model, bool stream = false);
QString errorMessage(const TestResponse &r);
// The sim processes started for a model (by its unique model name).
QList<qint64> simPids(const QString &modelName);
QString unique(const QString &base);

} // namespace

class TestModelPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void coldRequestLoadsTheModel();
    void requestsWaitWhileItStarts();
    void ttlUnloadsAndTheProcessIsGone();
    void loadTimeoutFailsWithALogExcerpt();
    void crashMidRequestIsACleanErrorAndItRestarts();
    void restartAlwaysBringsItBackWithoutARequest();
    void budgetEvictsTheLeastRecentlyUsedIdleModel();
    void exclusiveGroupSwaps();
    void alternatingRequestsDoNotThrash();
    void pinnedGroupMemberIsNeverSwappedOut();
    void busyPortIsSkipped();
    void aFailureBeforeStartingQuotesNoOldOutput();
    void maxConcurrentQueuesTheRest();
    void clientLeavingWhileWaitingCancelsItsPlace();
    void clientsLeavingTogetherAsTheTurnPassesOn();
    void missingProgramFailsClearly();
    void operatorUnloadIsNotAFailure();
    void keysInTheLaunchCommandAreNotLogged();
    void modelServersDoNotGetSwitchyardsSecrets();
};

void TestModelPool::initTestCase()
{
    isolateUserDirectories();
}

void TestModelPool::coldRequestLoadsTheModel()
{
    const QString name = unique(QStringLiteral("cold"));
    const auto ports = freePortRange(3);
    RunningCore core(poolConfig({{name, {QStringLiteral("--startup-ms"), QStringLiteral("300")}, {}}}, {}, ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QVERIFY(simPids(name).isEmpty()); // nothing runs before it is needed
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), name.toUtf8());
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), name);
    QCOMPARE(simPids(name).size(), 1);
    // It listens on the first port of the range.
    QCOMPARE(TestHttpClient(quint16(ports.first)).get("/health").status, 200);
}

void TestModelPool::requestsWaitWhileItStarts()
{
    const QString name = unique(QStringLiteral("queue"));
    RunningCore core(poolConfig({{name, {QStringLiteral("--startup-ms"), QStringLiteral("600")}, {}}}, {}, freePortRange(3)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>(core.port()));
        QVERIFY(clients.back()->startRequest("POST", "/v1/chat/completions", chat(name), {}));
    }
    for (auto &client : clients) {
        TestResponse r;
        while (client->readSome(r, 20000)) {
        }
        QCOMPARE(r.status, 200);
    }
    QCOMPARE(simPids(name).size(), 1); // one load served all of them
}

void TestModelPool::ttlUnloadsAndTheProcessIsGone()
{
    const QString name = unique(QStringLiteral("ttl"));
    RunningCore core(poolConfig({{name, {}, R"("ttlS": 1)"}}, {}, freePortRange(3)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    const QList<qint64> pids = simPids(name);
    QCOMPARE(pids.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pids.first()), 6000);
    // And it comes back on demand.
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    QCOMPARE(simPids(name).size(), 1);
}

void TestModelPool::loadTimeoutFailsWithALogExcerpt()
{
    const QString name = unique(QStringLiteral("slow"));
    RunningCore core(poolConfig({{name, {QStringLiteral("--startup-ms"), QStringLiteral("30000")}, R"("launch_timeout": 1)"}}, {},
                                freePortRange(3)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(r.status, 503);
    const QString message = errorMessage(r);
    QVERIFY2(message.contains(QStringLiteral("did not become healthy within 1 s")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("sim: loading model")), qPrintable(message)); // the log excerpt
    QVERIFY2(message.contains(QStringLiteral("Loading model")), qPrintable(message));      // what /health said
    // The sim logs each health poll, as llama-server does; those lines are left out, so the
    // first line of the run is still there after a second of polls.
    QVERIFY2(!message.contains(QStringLiteral("GET /health")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("lines about Switchyard's health checks left out")), qPrintable(message));
    QVERIFY(!r.header("retry-after").isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(simPids(name).isEmpty(), 5000); // and the stuck process was killed
}

void TestModelPool::crashMidRequestIsACleanErrorAndItRestarts()
{
    const QString name = unique(QStringLiteral("crash"));
    RunningCore core(poolConfig({{name, {QStringLiteral("--crash-after"), QStringLiteral("1")}, {}}}, {}, freePortRange(3)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    const TestResponse crashed = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(crashed.status, 502);
    // The crash closes the connection before any response; depending on timing the one retry
    // a reused connection gets finds the port closed. Either way the message says what happened.
    const QString message = errorMessage(crashed);
    QVERIFY2(message.startsWith(QStringLiteral("backend \"local\"")) &&
                 (message.contains(QStringLiteral("before responding")) || message.contains(QStringLiteral("refused"))),
             qPrintable(message));
    // Restarted on the next request (after a one-second back-off): a fresh process serves it.
    const TestResponse again = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(again.status, 200);
    QCOMPARE(simPids(name).size(), 1);
}

void TestModelPool::restartAlwaysBringsItBackWithoutARequest()
{
    const QString always = unique(QStringLiteral("always")), lazy = unique(QStringLiteral("lazy"));
    const QStringList dies{QStringLiteral("--exit-after-ms"), QStringLiteral("400")};
    RunningCore core(poolConfig({{always, dies, R"("restart": "always", "preload": true)"},
                                 {lazy, dies, R"("preload": true)"}},
                                {}, freePortRange(4)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient api(core.port());
    auto get = [&](const QString &id) {
        return api.request("GET", "/api/v1/models/" + id.toUtf8(), {}, core.auth()).json().value(QLatin1String("model")).toObject();
    };
    // Both die on their own; "always" is back (after a 1 s back-off), "on-demand" waits for a request.
    QTRY_VERIFY_WITH_TIMEOUT(get(always).value(QLatin1String("loads")).toInt() >= 2, 8000);
    QCOMPARE(get(lazy).value(QLatin1String("state")).toString(), QStringLiteral("failed"));
    QVERIFY(get(lazy).value(QLatin1String("lastError")).toString().contains(QStringLiteral("exited with code 7 unexpectedly")));
    QVERIFY(get(lazy).value(QLatin1String("lastError")).toString().contains(QStringLiteral("exiting on purpose")));
    QCOMPARE(get(lazy).value(QLatin1String("loads")).toInt(), 1);
}

void TestModelPool::budgetEvictsTheLeastRecentlyUsedIdleModel()
{
    const QString a = unique(QStringLiteral("a")), b = unique(QStringLiteral("b")), c = unique(QStringLiteral("c"));
    const QStringList mem{QStringLiteral("--memory-mib"), QStringLiteral("60")};
    RunningCore core(poolConfig({{a, mem, R"("memoryMiB": 60)"}, {b, mem, R"("memoryMiB": 60)"}, {c, mem, R"("memoryMiB": 60)"}},
                                R"("memoryBudgetMiB": 150)", freePortRange(5)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(a), {}, 20000).status, 200);
    QCOMPARE(client.postJson("/v1/chat/completions", chat(b), {}, 20000).status, 200);
    QCOMPARE(client.postJson("/v1/chat/completions", chat(a), {}, 20000).status, 200); // a is now the most recent
    const qint64 bPid = simPids(b).value(0);
    QVERIFY(bPid > 0);
    QCOMPARE(client.postJson("/v1/chat/completions", chat(c), {}, 20000).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(bPid), 6000); // b, least recently used, made room
    QCOMPARE(simPids(a).size(), 1);
    QCOMPARE(simPids(c).size(), 1);
}

void TestModelPool::exclusiveGroupSwaps()
{
    const QString a = unique(QStringLiteral("ga")), b = unique(QStringLiteral("gb"));
    RunningCore core(poolConfig({{a, {}, R"("group": "gpu")"}, {b, {}, R"("group": "gpu")"}}, {}, freePortRange(4)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(a), {}, 20000).status, 200);
    const qint64 aPid = simPids(a).value(0);
    QCOMPARE(client.postJson("/v1/chat/completions", chat(b), {}, 20000).status, 200);
    QVERIFY(!processExists(aPid)); // a was stopped before b started
    QCOMPARE(simPids(b).size(), 1);
}

void TestModelPool::alternatingRequestsDoNotThrash()
{
    const QString a = unique(QStringLiteral("xa")), b = unique(QStringLiteral("xb"));
    const QStringList slow{QStringLiteral("--tokens-per-s"), QStringLiteral("20"), QStringLiteral("--tokens"), QStringLiteral("8"),
                           QStringLiteral("--startup-ms"), QStringLiteral("300")};
    RunningCore core(poolConfig({{a, slow, R"("group": "gpu")"}, {b, slow, R"("group": "gpu")"}}, {}, freePortRange(4)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    // A, B, A, B, A, B, all at once: served as two batches, not six swaps.
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 6; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>(core.port()));
        QVERIFY(clients.back()->startRequest("POST", "/v1/chat/completions", chat(i % 2 ? b : a, true), {}));
        QTest::qWait(20);
    }
    for (auto &client : clients) {
        TestResponse r;
        while (client->readSome(r, 30000)) {
        }
        QCOMPARE(r.status, 200);
        QCOMPARE(r.sseData().last(), QByteArray("[DONE]"));
    }
    TestHttpClient api(core.port());
    for (const QString &id : {a, b}) {
        const QJsonObject model = api.request("GET", "/api/v1/models/" + id.toUtf8(), {}, core.auth())
                                      .json().value(QLatin1String("model")).toObject();
        QCOMPARE(model.value(QLatin1String("loads")).toInt(), 1);
    }
}

void TestModelPool::pinnedGroupMemberIsNeverSwappedOut()
{
    // A pinned, loaded member holds its group: a request for another member fails at once with
    // the reason (rather than wait for a swap that will not come) or falls back; an operator
    // load is refused. Unpinned, the members swap again.
    const QString a = unique(QStringLiteral("pa")), b = unique(QStringLiteral("pb")), c = unique(QStringLiteral("pc"));
    RunningCore core(poolConfig({{a, {}, R"("group": "gpu")"}, {b, {}, R"("group": "gpu")"}, {c, {}, {}}}, {}, freePortRange(6),
                                R"("agents":{"B":{"models":[")" + b.toUtf8() + R"(",")" + c.toUtf8() + R"("]}})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(a), {}, 20000).status, 200);
    const qint64 aPid = simPids(a).value(0);
    QCOMPARE(client.request("POST", "/api/v1/models/" + a.toUtf8() + "/pin", {}, core.auth()).status, 200);

    const TestResponse refused = client.postJson("/v1/chat/completions", chat(b), {}, 20000);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("group_pinned"));
    QVERIFY2(errorMessage(refused).contains(QStringLiteral("\"%1\" holds its group \"gpu\" and is pinned").arg(a)), refused.body.constData());
    const TestResponse fellBack = client.postJson("/v1/chat/completions", chat(QStringLiteral("agent:B")), {}, 20000);
    QCOMPARE(fellBack.status, 200);
    QCOMPARE(fellBack.header("x-switchyard-model"), c.toUtf8());
    const TestResponse load = client.request("POST", "/api/v1/models/" + b.toUtf8() + "/load", {}, core.auth());
    QVERIFY2(load.status >= 400 && load.body.contains("is pinned"), load.body.constData());
    QVERIFY(processExists(aPid));
    QVERIFY(simPids(b).isEmpty());

    QCOMPARE(client.request("POST", "/api/v1/models/" + a.toUtf8() + "/unpin", {}, core.auth()).status, 200);
    QCOMPARE(client.postJson("/v1/chat/completions", chat(b), {}, 20000).status, 200);
    QVERIFY(!processExists(aPid));
}

void TestModelPool::busyPortIsSkipped()
{
    const QString name = unique(QStringLiteral("port"));
    const auto ports = freePortRange(3);
    QTcpServer squatter; // another program holds the first port
    QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(ports.first)));
    RunningCore core(poolConfig({{name, {}, {}}}, {}, ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    QCOMPARE(TestHttpClient(quint16(ports.first + 1)).get("/health").status, 200);
}

void TestModelPool::aFailureBeforeStartingQuotesNoOldOutput()
{
    // Loaded, unloaded, then its only port is taken: the error says so, without the last
    // run's output ("signal 15, shutting down"), which would say it was killed.
    const QString name = unique(QStringLiteral("oneport"));
    const auto ports = freePortRange(1);
    RunningCore core(poolConfig({{name, {}, {}}}, {}, ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    QVERIFY(client.request("POST", "/api/v1/models/" + name.toUtf8() + "/unload", {}, core.auth()).status < 300);
    QTRY_VERIFY_WITH_TIMEOUT(simPids(name).isEmpty(), 10000);
    QTcpServer squatter; // another program takes the port (once the server has let it go)
    for (int i = 0; i < 50 && !squatter.listen(QHostAddress::LocalHost, quint16(ports.first)); ++i)
        QTest::qWait(100);
    QVERIFY(squatter.isListening());
    const TestResponse r = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(r.status, 503);
    QVERIFY2(errorMessage(r).contains(QStringLiteral("no free port")), qPrintable(errorMessage(r)));
    QVERIFY2(!errorMessage(r).contains(QStringLiteral("last output")), qPrintable(errorMessage(r)));
}

void TestModelPool::maxConcurrentQueuesTheRest()
{
    const QString name = unique(QStringLiteral("one"));
    const auto ports = freePortRange(3);
    RunningCore core(poolConfig({{name, {QStringLiteral("--tokens-per-s"), QStringLiteral("40")}, R"("maxConcurrent": 1)"}}, {},
                                ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>(core.port()));
        QVERIFY(clients.back()->startRequest("POST", "/v1/chat/completions", chat(name, true), {}));
    }
    for (auto &client : clients) {
        TestResponse r;
        while (client->readSome(r, 20000)) {
        }
        QCOMPARE(r.status, 200);
        QCOMPARE(r.sseData().last(), QByteArray("[DONE]"));
    }
    // The sim never had more than one stream open at a time.
    QCOMPARE(TestHttpClient(quint16(ports.first)).get("/sim/stats").json().value(QLatin1String("maxActive")).toInt(), 1);
}

void TestModelPool::clientLeavingWhileWaitingCancelsItsPlace()
{
    const QString name = unique(QStringLiteral("leave"));
    const auto ports = freePortRange(3);
    RunningCore core(poolConfig({{name, {QStringLiteral("--startup-ms"), QStringLiteral("1500")}, {}}}, {}, ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    {
        TestHttpClient impatient(core.port());
        QVERIFY(impatient.startRequest("POST", "/v1/chat/completions", chat(name), {}));
        QTest::qWait(200);
        impatient.disconnect(); // gone while the model loads
    }
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    // Only the request still there reached the model.
    QCOMPARE(TestHttpClient(quint16(ports.first)).get("/sim/stats").json().value(QLatin1String("requests")).toInt(), 1);
}

void TestModelPool::clientsLeavingTogetherAsTheTurnPassesOn()
{
    // One slot: A is served, six more wait. All leave one after another within a moment (as
    // an editor cancelling its requests does): A's leaving hands the slot to the first one
    // still waiting, whose own leaving comes after its wait was over but before it resumed.
    // It then went on with no client: the core crashed (an attempt without an exchange) or
    // sent the model a request for nobody.
    const QString name = unique(QStringLiteral("turn"));
    const auto ports = freePortRange(3);
    RunningCore core(poolConfig({{name, {QStringLiteral("--first-byte-delay-ms"), QStringLiteral("3000")}, R"("maxConcurrent": 1)"}}, {},
                                ports));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray body = chat(name);
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    auto send = [&] {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, core.port());
        if (socket->waitForConnected(5000)) {
            socket->write(request);
            socket->waitForBytesWritten(5000);
        }
        return socket;
    };
    TestHttpClient sim(quint16(ports.first)); // the model's port: the first request loads it
    auto requestsSeen = [&] { return sim.get("/sim/stats").json().value(QLatin1String("requests")).toInt(); };
    for (int round = 0; round < 4; ++round) {
        const int before = round == 0 ? 0 : requestsSeen();
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        clients.push_back(send());
        QTRY_VERIFY_WITH_TIMEOUT(requestsSeen() > before, 15000); // A is with the model
        for (int i = 0; i < 6; ++i)
            clients.push_back(send());
        QTest::qWait(200); // they are queued
        for (auto &client : clients) { // closed (FIN), A first, a little apart
            client->disconnectFromHost();
            QThread::usleep(100);
        }
        QTest::qWait(300);
        QCOMPARE(TestHttpClient(core.port()).get("/health").status, 200);
    }
}

void TestModelPool::missingProgramFailsClearly()
{
    const QString name = unique(QStringLiteral("missing"));
    const auto ports = freePortRange(3);
    const QByteArray config = R"({"version":1,"backends":[{"id":"local","managed":true}],"models":[{"id":")" + name.toUtf8() +
                              R"(","backend":"local","launch":{"command":["no-such-llama-server","--port","${PORT}"]}}],
                              "pool":{"portRange":[)" + QByteArray::number(ports.first) + "," + QByteArray::number(ports.second) + "]}}";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat(name), {}, 20000);
    QCOMPARE(r.status, 503);
    QVERIFY2(errorMessage(r).contains(QStringLiteral("\"no-such-llama-server\" was not found in PATH")), qPrintable(errorMessage(r)));
}

void TestModelPool::operatorUnloadIsNotAFailure()
{
    // Requests waiting for a model the operator unloads are told so; that is not the model
    // failing, so it does not cool down (three such requests used to make it refuse every
    // request for the cooldown, 60 s, even after it was loaded again).
    const QString name = unique(QStringLiteral("unloaded"));
    RunningCore core(poolConfig({{name, {QStringLiteral("--startup-ms"), QStringLiteral("8000")}, {}}}, {}, freePortRange(3)));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    std::vector<std::unique_ptr<TestHttpClient>> waiting;
    const QByteArray body = chat(name);
    for (int i = 0; i < 3; ++i) {
        waiting.push_back(std::make_unique<TestHttpClient>(core.port()));
        QCOMPARE(waiting.back()->get("/health").status, 200); // connected
        waiting.back()->socket().write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
                                       QByteArray::number(body.size()) + "\r\n\r\n" + body);
        waiting.back()->socket().flush();
    }
    TestHttpClient admin(core.port());
    QTRY_COMPARE_WITH_TIMEOUT(
        admin.request("GET", "/api/v1/models/" + name.toUtf8(), {}, core.auth()).json().value(QLatin1String("model")).toObject().value(QLatin1String("queued")).toInt(),
        3, 5000);
    QCOMPARE(admin.request("POST", "/api/v1/models/" + name.toUtf8() + "/unload", {}, core.auth()).status, 202);
    for (auto &client : waiting) {
        const TestResponse r = client->next(10000);
        QCOMPARE(r.status, 503);
        QVERIFY2(r.body.contains("model_unloaded"), r.body.constData());
    }
    const TestResponse after = admin.postJson("/v1/chat/completions", body, {}, 20000);
    QVERIFY2(after.status == 200, after.body.constData());
}

void TestModelPool::keysInTheLaunchCommandAreNotLogged()
{
    // A server's key on its command line (llama-server --api-key, --hf-token) or in a shell's
    // variables: the log (shown in the window and the API) says the command without them.
    const QString name = unique(QStringLiteral("keyed"));
    const auto ports = freePortRange(3);
    const QString script = QStringLiteral("API_KEY=sk-live-SECRET41 exec '%1' --port \"$1\" --model-name %2").arg(SimProcess::binaryPath(), name);
    const QJsonArray command{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), QStringLiteral("${PORT}"),
                             QStringLiteral("--api-key"), QStringLiteral("sk-live-SECRET42"), QStringLiteral("--hf-token=hf_SECRET43"),
                             QStringLiteral("-H"), QStringLiteral("Authorization: Bearer sk-live-SECRET44"), QStringLiteral("http://user:SECRET45@host/"),
                             QStringLiteral("--skip-tokenizer-init"), QStringLiteral("--tokens"), QStringLiteral("4")};
    const QByteArray config = R"({"version":1,"backends":[{"id":"local","managed":true}],"models":[{"id":")" + name.toUtf8() +
                              R"(","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) +
                              R"(}}],"pool":{"portRange":[)" + QByteArray::number(ports.first) + "," + QByteArray::number(ports.second) + "]}}";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    const QByteArray logs = client.request("GET", "/api/v1/logs?lines=200", {}, core.auth()).body;
    QVERIFY2(logs.contains("loading " + name.toUtf8()) && logs.contains("[redacted]"), logs.constData());
    QVERIFY2(!logs.contains("SECRET4"), logs.constData());
    QVERIFY2(logs.contains("--skip-tokenizer-init --tokens 4"), logs.constData()); // what is no secret stays

}

void TestModelPool::modelServersDoNotGetSwitchyardsSecrets()
{
    // A model server is someone else's program: it gets the environment without the keys
    // Switchyard sends elsewhere, but keeps its own backend's key and what launch.env sets.
    qputenv("SY_TEST_REMOTE_KEY", "sk-remote-SECRET51");
    qputenv("SY_TEST_LOCAL_KEY", "sk-local-52");
    qputenv("SY_TEST_NODE_TOKEN", "node-token-SECRET53");
    const QString name = unique(QStringLiteral("env"));
    const auto ports = freePortRange(3);
    const QJsonArray command{SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"), QStringLiteral("--model-name"),
                             QStringLiteral("${MODEL}")};
    const QByteArray config =
        R"({"version":1,"backends":[{"id":"local","managed":true,"apiKeyEnv":"SY_TEST_LOCAL_KEY"},)"
        R"({"id":"cloud","baseUrl":"http://127.0.0.1:9/v1","apiKeyEnv":"SY_TEST_REMOTE_KEY"}],)"
        R"("nodes":[{"id":"other","url":"http://127.0.0.1:9","tokenEnv":"SY_TEST_NODE_TOKEN"}],)"
        R"("models":[{"id":")" + name.toUtf8() + R"(","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) +
        R"(,"env":{"SY_TEST_NODE_TOKEN":"given-on-purpose"}}}],"pool":{"portRange":[)" + QByteArray::number(ports.first) + "," +
        QByteArray::number(ports.second) + "]}}";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", chat(name), {}, 20000).status, 200);
    const QList<qint64> pids = simPids(name);
    QCOMPARE(pids.size(), 1);
    QFile file(QStringLiteral("/proc/%1/environ").arg(pids.first()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArrayList environment = file.readAll().split('\0');
    QVERIFY(!environment.contains("SY_TEST_REMOTE_KEY=sk-remote-SECRET51"));
    QVERIFY(environment.contains("SY_TEST_LOCAL_KEY=sk-local-52"));
    QVERIFY(environment.contains("SY_TEST_NODE_TOKEN=given-on-purpose"));
    QVERIFY(std::any_of(environment.begin(), environment.end(), [](const QByteArray &v) { return v.startsWith("PATH="); }));
    qunsetenv("SY_TEST_REMOTE_KEY");
    qunsetenv("SY_TEST_LOCAL_KEY");
    qunsetenv("SY_TEST_NODE_TOKEN");
}

namespace {

QPair<int, int> freePortRange(int count)
{
    // Ports far from the default range, found free now (a race with other programs is harmless:
    // a busy port is skipped, as busyPortIsSkipped() shows).
    static int next = 21000 + int(QCoreApplication::applicationPid() % 2000) * 5;
    for (;;) {
        const int first = next;
        next += std::max(count, 1);
        bool allFree = true;
        for (int p = first; p < first + count && allFree; ++p) {
            QTcpServer probe;
            allFree = probe.listen(QHostAddress::LocalHost, quint16(p));
        }
        if (allFree)
            return {first, first + std::max(count, 1) - 1};
    }
}

QByteArray poolConfig(const QList<SimModel> &models, const QByteArray &poolExtra, QPair<int, int> ports,
                      const QByteArray &topExtra)
{
    QByteArray list;
    for (const SimModel &m : models) {
        QJsonArray command{SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                           QStringLiteral("--model-name"), QStringLiteral("${MODEL}")};
        for (const QString &arg : m.simArgs)
            command.append(arg);
        QByteArray extra = m.extra;
        QByteArray launchExtra;
        if (extra.contains("launch_timeout")) { // "launch_timeout": N goes into the launch block
            launchExtra = ",\"loadTimeoutS\":" + extra.mid(extra.indexOf(':') + 1).trimmed();
            extra.clear();
        }
        list += (list.isEmpty() ? "" : ",") + QByteArray(R"({"id":")") + m.id.toUtf8() +
                R"(","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) +
                launchExtra + "}" + (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
    }
    QByteArray pool = "\"portRange\":[" + QByteArray::number(ports.first) + "," + QByteArray::number(ports.second) + "]";
    if (!poolExtra.isEmpty())
        pool += "," + poolExtra;
    return R"({"version":1,"backends":[{"id":"local","managed":true}],"models":[)" + list + R"(],"pool":{)" + pool + "}" +
           (topExtra.isEmpty() ? QByteArray() : "," + topExtra) + "}";
}

QByteArray chat(const QString &model, bool stream)
{
    return R"({"model":")" + model.toUtf8() + R"(",)" + (stream ? QByteArray(R"("stream":true,)") : QByteArray()) +
           R"("messages":[{"role":"user","content":"hello"}]})";
}

QString errorMessage(const TestResponse &r)
{
    return r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

QList<qint64> simPids(const QString &modelName)
{
    QList<qint64> alive;
    for (qint64 pid : findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + modelName + QLatin1Char(' ')}))
        if (processExists(pid))
            alive << pid;
    for (qint64 pid : findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + modelName}))
        if (processExists(pid) && !alive.contains(pid))
            alive << pid;
    return alive;
}

QString unique(const QString &base)
{
    return base + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

} // namespace

QTEST_GUILESS_MAIN(TestModelPool)
#include "tst_modelpool.moc"
