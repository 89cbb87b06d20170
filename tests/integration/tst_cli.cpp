// The switchyard executable as a user runs it: options, config errors, automatic
// headless mode, logging, and an orderly stop on SIGTERM.

#include "appprocess.h"
#include "procscan.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace sy::test;

namespace {

QString writeConfig(QTemporaryDir &dir, const QByteArray &json)
{
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(json);
    return path;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version();
    void help();
    void badPort();
    void invalidConfigNamesTheKey();
    void firstRunCreatesTheDefaultConfigAndRunsHeadless();
    void sigtermLetsAStreamFinish();
    void sigtermStopsModelServers();
    void kill9LeavesNoOrphans();
    void kill9LeavesNoOrphansOfWrappersOrForks();
    void unloadStopsTheWholeGroup();
    void shortAdminTokenIsRefused();
    void filesArePrivate();
    void demoPoolOnAFirstRun();
    void aPortInUseEndsCleanlyWhileModelsLoad();
};

void TestCli::version()
{
    AppProcess app({QStringLiteral("--version")});
    QCOMPARE(app.finish(), 0);
    QVERIFY(app.output.contains(SWITCHYARD_VERSION));
}

void TestCli::help()
{
    AppProcess app({QStringLiteral("--help")});
    QCOMPARE(app.finish(), 0);
    for (const char *option : {"--config", "--host", "--port", "--headless", "--demo", "--log-level", "--version", "--backend"})
        QVERIFY2(app.output.contains(option), option);
}

void TestCli::badPort()
{
    AppProcess app({QStringLiteral("--port"), QStringLiteral("http")});
    QCOMPARE(app.finish(), 2);
    QVERIFY(app.output.contains("--port must be a number"));
    // Every usage error is status 2 (an unknown option and a missing value were 1).
    AppProcess unknown({QStringLiteral("--bogus")});
    QCOMPARE(unknown.finish(), 2);
    QVERIFY2(unknown.output.contains("Unknown option 'bogus'"), unknown.output.constData());
    AppProcess missing({QStringLiteral("--port")});
    QCOMPARE(missing.finish(), 2);
}

void TestCli::invalidConfigNamesTheKey()
{
    QTemporaryDir dir;
    const QString path = writeConfig(dir, R"({"server": {"port": 6103, "hostt": "x"}, "fallback": {"maxAttempts": 0}})");
    AppProcess app({QStringLiteral("--config"), path});
    QCOMPARE(app.finish(), 1);
    QVERIFY2(app.output.contains("server.hostt: unknown key (did you mean \"host\"?)"), app.output.constData());
    QVERIFY2(app.output.contains("fallback.maxAttempts: must be between 1 and 20"), app.output.constData());
    QVERIFY(app.output.contains(path.toUtf8()));
}

void TestCli::firstRunCreatesTheDefaultConfigAndRunsHeadless()
{
    AppProcess app({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--log-level"), QStringLiteral("debug")});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData()); // no display, so no window: it runs headless
    TestHttpClient client(port);
    QCOMPARE(client.get("/health").status, 200);
    QVERIFY(QFile::exists(app.home.filePath(QStringLiteral("config/switchyard/config.json"))));
    app.process.terminate();
    QCOMPARE(app.finish(), 0);
    QFile log(app.home.filePath(QStringLiteral("state/switchyard/switchyard.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("listening on"));
}

void TestCli::sigtermLetsAStreamFinish()
{
    SimProcess sim({QStringLiteral("--tokens-per-s"), QStringLiteral("10"), QStringLiteral("--tokens"), QStringLiteral("10")});
    QTemporaryDir dir;
    const QString path = writeConfig(dir, R"({"backends":[{"id":"sim","baseUrl":")" + sim.baseUrl() +
                                              R"("}],"models":[{"id":"m","backend":"sim"}]})");
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"), path});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData());
    TestHttpClient client(port);
    QVERIFY(client.startRequest("POST", "/v1/chat/completions",
                                R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})", {}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 5000));
    ::kill(pid_t(app.process.processId()), SIGTERM);
    while (client.readSome(r, 5000)) {
    }
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.sseData().last(), QByteArray("[DONE]"));
    QCOMPARE(app.finish(), 0);
}

namespace {

// A config whose one managed model is a sim named `name`, on free ports.
// `command` (a JSON array; default: the sim itself) launches model "m" named `name`.
QString managedConfig(QTemporaryDir &dir, const QString &name, QByteArray command = {})
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const int port = probe.serverPort();
    probe.close();
    if (command.isEmpty())
        command = R"([")" + SimProcess::binaryPath().toUtf8() + R"(","--port","${PORT}","--model-name","${MODEL}"])";
    return writeConfig(dir, R"({"backends":[{"id":"local","managed":true}],"models":[{"id":"m","backend":"local","upstreamModel":")" +
                                name.toUtf8() + R"(","launch":{"command":)" + command + R"(}}],"pool":{"portRange":[)" +
                                QByteArray::number(port) + "," + QByteArray::number(port + 3) + "]}}");
}

// A launch command through /bin/sh that starts the serving sim in the background and a
// second, idle sim beside it (a server that forks a helper), then waits: the shell is the
// process Switchyard knows; the sims are its children, which the parent-death signal
// does not reach.
QByteArray wrapperCommand()
{
    const QByteArray sim = SimProcess::binaryPath().toUtf8();
    return R"(["/bin/sh","-c","\"$0\" --port \"$1\" --model-name \"$2\" & \"$0\" --port 0 --model-name \"$2-helper\" & wait",")" + sim +
           R"(","${PORT}","${MODEL}"])";
}

// Starts switchyard with a managed sim and loads it with a request; returns the sim's pid.
qint64 startWithLoadedModel(AppProcess &app, const QString &name)
{
    const quint16 port = app.waitUntilListening();
    if (!port)
        return 0;
    TestHttpClient client(port);
    if (client.postJson("/v1/chat/completions", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", {}, 20000).status != 200)
        return 0;
    const QList<qint64> pids = findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + name});
    return pids.size() == 1 ? pids.first() : 0;
}

} // namespace

void TestCli::sigtermStopsModelServers()
{
    QTemporaryDir dir;
    const QString name = QStringLiteral("term-%1").arg(QCoreApplication::applicationPid());
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
             managedConfig(dir, name)});
    const qint64 sim = startWithLoadedModel(app, name);
    QVERIFY2(sim > 0, app.output.constData());
    app.process.terminate();
    QCOMPARE(app.finish(), 0);
    QVERIFY(!processExists(sim)); // stopped before switchyard exited
    QVERIFY(app.output.contains("stopping 1 model server"));
}

void TestCli::kill9LeavesNoOrphans()
{
    QTemporaryDir dir;
    const QString name = QStringLiteral("orphan-%1").arg(QCoreApplication::applicationPid());
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
             managedConfig(dir, name)});
    const qint64 sim = startWithLoadedModel(app, name);
    QVERIFY2(sim > 0, app.output.constData());
    app.process.kill(); // SIGKILL: no chance to clean up
    app.finish();
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(sim), 3000); // the kernel killed it with us
}

void TestCli::kill9LeavesNoOrphansOfWrappersOrForks()
{
    QTemporaryDir dir;
    const QString name = QStringLiteral("wrapped-%1").arg(QCoreApplication::applicationPid());
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
             managedConfig(dir, name, wrapperCommand())});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData());
    QCOMPARE(TestHttpClient(port).postJson("/v1/chat/completions", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", {}, 20000)
                 .status,
             200);
    const QList<qint64> sims = findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + name});
    QCOMPARE(sims.size(), 2); // the server and its helper
    app.process.kill(); // SIGKILL: Switchyard cannot clean up; its watcher does
    app.finish();
    QTRY_VERIFY_WITH_TIMEOUT(findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + name}).isEmpty(), 8000);
}

void TestCli::unloadStopsTheWholeGroup()
{
    QTemporaryDir dir;
    const QString name = QStringLiteral("group-%1").arg(QCoreApplication::applicationPid());
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
             managedConfig(dir, name, wrapperCommand())});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData());
    TestHttpClient client(port);
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", {}, 20000).status, 200);
    QCOMPARE(findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + name}).size(), 2);
    QFile tokenFile(dir.filePath(QStringLiteral("admin-token"))); // beside the config file
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    const sy::http::Headers auth{{"Authorization", "Bearer " + tokenFile.readAll().trimmed()}};
    QCOMPARE(client.request("POST", "/api/v1/models/m/unload", {}, auth).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + name}).isEmpty(), 8000);
    app.process.terminate();
    QCOMPARE(app.finish(), 0);
}

void TestCli::shortAdminTokenIsRefused()
{
    QTemporaryDir dir;
    qputenv("SWITCHYARD_ADMIN_TOKEN", "abc");
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-demo"),
             QStringLiteral("--config"), writeConfig(dir, R"({"version":1})")});
    qunsetenv("SWITCHYARD_ADMIN_TOKEN");
    QVERIFY(app.finish() != 0);
    QVERIFY2(app.output.contains("SWITCHYARD_ADMIN_TOKEN is 3 characters long"), app.output.constData());
}

void TestCli::filesArePrivate()
{
    // A first run writes the default config, the admin token, the log and the history: all
    // readable by the user alone.
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-demo")});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData());
    QCOMPARE(TestHttpClient(port).postJson("/v1/chat/completions", R"({"model":"none","messages":[{"role":"user","content":"hi"}]})").status, 404);
    for (const char *file : {"config/switchyard/config.json", "config/switchyard/admin-token", "state/switchyard/switchyard.log",
                             "data/switchyard/history.sqlite"}) {
        const QString path = app.home.filePath(QLatin1String(file));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 3000);
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::Permissions());
    }
}

void TestCli::aPortInUseEndsCleanlyWhileModelsLoad()
{
    // The demo pool starts loading its models before the endpoint listens; when the port is
    // taken the program must say so and exit, not crash on the way out (it did: a loading
    // model's process reported its end into the half-destroyed pool).
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    AppProcess app({QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(taken.serverPort())});
    QCOMPARE(app.finish(), 1);
    QVERIFY2(app.output.contains("cannot listen"), app.output.constData());
}

void TestCli::demoPoolOnAFirstRun()
{
    // Nothing configured: the demo pool of simulated models, some loading at once.
    AppProcess app({QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = app.waitUntilListening();
    QVERIFY2(port != 0, app.output.constData());
    QVERIFY(app.output.contains("built-in demo pool"));
    QFile tokenFile(app.home.filePath(QStringLiteral("config/switchyard/admin-token")));
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    const sy::http::Headers auth{{"Authorization", "Bearer " + tokenFile.readAll().trimmed()}};
    TestHttpClient client(port);
    const TestResponse models = client.request("GET", "/api/v1/models", {}, auth);
    QCOMPARE(models.status, 200);
    const QJsonArray list = models.json().value(QLatin1String("models")).toArray();
    QVERIFY(list.size() >= 4 && list.size() <= 6);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            int hot = 0;
            for (const QJsonValue &m : client.request("GET", "/api/v1/models", {}, auth).json().value(QLatin1String("models")).toArray())
                hot += m.toObject().value(QLatin1String("state")).toString() == QLatin1String("hot");
            return hot >= 2;
        }(),
        15000);
    QVERIFY(client.request("GET", "/api/v1/system", {}, auth).json().value(QLatin1String("demo")).toBool());
    // And a demo model answers like any model, loading it first.
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model":"demo-chat","messages":[{"role":"user","content":"hi"}]})", {}, 30000)
                 .status,
             200);
    // A new user's first edit may name the demo's models: an agent of their own is saved,
    // applied and routes to the demo model, and the system object lists the names to pick.
    const QJsonArray demoModels = client.request("GET", "/api/v1/system", {}, auth).json().value(QLatin1String("demoModels")).toArray();
    QVERIFY2(demoModels.contains(QStringLiteral("demo-chat")), QJsonDocument(demoModels).toJson().constData());
    // ...and the names of its agents, modes and pools, so the editors can say when one of yours replaces one of them.
    const QJsonObject demoPolicies = client.request("GET", "/api/v1/system", {}, auth).json().value(QLatin1String("demoPolicies")).toObject();
    QVERIFY(demoPolicies.value(QLatin1String("agents")).toArray().contains(QStringLiteral("Coder")));
    QVERIFY(demoPolicies.value(QLatin1String("pools")).toArray().contains(QStringLiteral("writer")));
    const QByteArray edit = R"({"version":1,"agents":{"Mine":{"models":["demo-chat","demo-tiny"]}},"modes":{"quick":{"models":["demo-tiny"]}}})";
    const TestResponse applied = client.request("PUT", "/api/v1/config", edit, auth);
    QVERIFY2(applied.status == 200, applied.body.constData());
    const TestResponse routed = client.postJson("/v1/chat/completions", R"({"model":"agent:Mine","messages":[{"role":"user","content":"hi"}]})", {}, 30000);
    QCOMPARE(routed.status, 200);
    QCOMPARE(routed.header("x-switchyard-model"), QByteArray("demo-chat"));
    // Once the file has models of its own the demo leaves, so naming its models is an error.
    const TestResponse refused = client.request(
        "PUT", "/api/v1/config",
        R"({"version":1,"backends":[{"id":"x","protocol":"openai","baseUrl":"http://127.0.0.1:9/v1"}],"models":[{"id":"mine","backend":"x"}],"agents":{"Mine":{"models":["demo-chat"]}}})",
        auth);
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.body.contains("demo-chat"), refused.body.constData());
    app.process.terminate();
    QCOMPARE(app.finish(15000), 0);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
