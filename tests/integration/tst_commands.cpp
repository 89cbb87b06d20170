// `switchyard COMMAND` against a really started headless Switchyard: each command is the
// executable run as a child process, which finds the running one the way a user's shell
// would (the default config in XDG_CONFIG_HOME and the admin token beside it), and the
// models are real switchyard-sim processes.

#include "appprocess.h"
#include "procscan.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sy::test;

namespace {

QJsonObject jsonOf(const CommandResult &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

QString writeFile(QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return path;
}

} // namespace

class TestCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void helpListsTheCommands();
    void usageErrors();
    void notRunningSaysSo();
    void wrongTokenIsRefused();
    void status();
    void urlAndTokenFromTheEnvironment();
    void ps();
    void clientKeys();
    void loadPinUnpinUnload();
    void logsAndFollow();
    void unknownModel();
    void requests();
    void route();
    void configCheck();

private:
    CommandResult run(const QStringList &args, int timeoutMs = 30000) const { return runCommand(args, m_app->environment(), timeoutMs); }
    QJsonObject model(const QString &id) const;

    std::unique_ptr<SimProcess> m_remote; // the backend of the remote model "r"
    std::unique_ptr<AppProcess> m_app;
    quint16 m_port = 0;
    QString m_simName; // the managed model's --model-name, to find its process
};

void TestCommands::initTestCase()
{
    m_remote = std::make_unique<SimProcess>();
    QVERIFY(m_remote->isRunning());
    m_simName = QStringLiteral("cli-%1").arg(QCoreApplication::applicationPid());
    const quint16 port = unusedPort();
    const quint16 poolPort = unusedPort();
    const QByteArray config = R"({"server":{"port":)" + QByteArray::number(port) + R"(},
        "backends":[{"id":"local","managed":true},{"id":"sim","baseUrl":")" + m_remote->baseUrl() + R"("}],
        "models":[{"id":"m","backend":"local","upstreamModel":")" + m_simName.toUtf8() + R"(","launch":{"command":[")" +
                              SimProcess::binaryPath().toUtf8() + R"(","--port","${PORT}","--model-name","${MODEL}"]}},
                  {"id":"r","backend":"sim"}],
        "pool":{"portRange":[)" + QByteArray::number(poolPort) + "," + QByteArray::number(poolPort + 3) + "]}}";
    m_app = std::make_unique<AppProcess>(QStringList{QStringLiteral("--headless"), QStringLiteral("--no-demo")}, config);
    m_port = m_app->waitUntilListening();
    QVERIFY2(m_port == port, m_app->output.constData());
}

void TestCommands::cleanupTestCase()
{
    if (m_app) {
        m_app->process.terminate();
        QCOMPARE(m_app->finish(), 0);
    }
}

QJsonObject TestCommands::model(const QString &id) const
{
    for (const QJsonValue &v : jsonOf(run({QStringLiteral("ps"), QStringLiteral("--json")})).value(QLatin1String("models")).toArray()) {
        if (v.toObject().value(QLatin1String("id")).toString() == id)
            return v.toObject();
    }
    return {};
}

void TestCommands::helpListsTheCommands()
{
    const CommandResult r = run({QStringLiteral("help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *command : {"status", "ps", "load", "unload", "pin", "unpin", "logs", "requests", "route", "config check"})
        QVERIFY2(r.out.contains(QByteArray("\n  ") + command), command);
    QVERIFY(r.out.contains("3 no Switchyard answers"));
    const CommandResult load = run({QStringLiteral("load"), QStringLiteral("--help")});
    QCOMPARE(load.exitCode, 0);
    QVERIFY2(load.out.contains("--no-wait") && load.out.contains("--timeout"), qPrintable(load.text()));
}

void TestCommands::usageErrors()
{
    // Exit status 2, and a message that says what is wrong, before anything is sent.
    const struct {
        QStringList args;
        const char *message;
    } cases[] = {
        {{QStringLiteral("load")}, "load takes one MODEL"},
        {{QStringLiteral("unload")}, "unload takes one MODEL, or --all"},
        {{QStringLiteral("unload"), QStringLiteral("m"), QStringLiteral("--all")}, "unload takes one MODEL, or --all"},
        {{QStringLiteral("requests"), QStringLiteral("-n"), QStringLiteral("0")}, "-n must be a number from 1 to 500"},
        {{QStringLiteral("ps"), QStringLiteral("--bogus")}, "Unknown option 'bogus'"},
        {{QStringLiteral("config"), QStringLiteral("lint"), QStringLiteral("x")}, "switchyard config check FILE"},
        {{QStringLiteral("help"), QStringLiteral("frobnicate")}, "there is no command \"frobnicate\""},
        {{QStringLiteral("status"), QStringLiteral("--url"), QStringLiteral("ftp://x")}, "is not an http:// or https:// URL"},
        {{QStringLiteral("status"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:99999")}, "is not an http:// or https:// URL"},
        {{QStringLiteral("--config"), QStringLiteral("/nonexistent/config.json"), QStringLiteral("load"), QStringLiteral("m")},
         "the command goes first: switchyard load"},
        {{QStringLiteral("status"), QStringLiteral("extra")}, "switchyard status takes no arguments"},
        {{QStringLiteral("ps"), QStringLiteral("-q"), QStringLiteral("extra")}, "switchyard ps takes no arguments"},
    };
    for (const auto &c : cases) {
        const CommandResult r = run(c.args);
        QVERIFY2(r.exitCode == 2 && r.err.contains(c.message), qPrintable(c.args.join(QLatin1Char(' ')) + QLatin1Char('\n') + r.text()));
    }
}

void TestCommands::notRunningSaysSo()
{
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(unusedPort());
    for (const QString &command : {QStringLiteral("status"), QStringLiteral("ps"), QStringLiteral("requests")}) {
        const CommandResult r = run({command, QStringLiteral("--url"), url});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("no Switchyard answers at " + url.toUtf8()), qPrintable(r.text()));
        QVERIFY(r.err.contains("switchyard --headless"));
        QVERIFY(r.out.isEmpty());
    }
    // A server that answers, but is not a Switchyard (here llama-server's /health, {"status":"ok"}).
    SimProcess other;
    const CommandResult r = run({QStringLiteral("status"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(other.port())});
    QVERIFY2(r.exitCode == 3 && r.err.contains("but not a Switchyard"), qPrintable(r.text()));
}

void TestCommands::wrongTokenIsRefused()
{
    QProcessEnvironment env = m_app->environment();
    env.insert(QStringLiteral("SWITCHYARD_ADMIN_TOKEN"), QStringLiteral("not-the-token-of-this-switchyard"));
    const CommandResult r = runCommand({QStringLiteral("ps")}, env);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("refused the admin token from SWITCHYARD_ADMIN_TOKEN"), qPrintable(r.text()));
}

void TestCommands::status()
{
    const CommandResult human = run({QStringLiteral("status")});
    QCOMPARE(human.exitCode, 0);
    const QByteArray endpoint = "http://127.0.0.1:" + QByteArray::number(m_port);
    QVERIFY2(human.out.contains(endpoint + " (OpenAI base URL " + endpoint + "/v1)"), qPrintable(human.text()));
    QVERIFY(human.out.contains(SWITCHYARD_VERSION));
    QVERIFY2(human.out.contains("0 hot of 2 (1 remote)"), qPrintable(human.text()));
    QVERIFY(human.out.contains("Uptime"));
    QVERIFY(human.out.contains("Memory"));

    const CommandResult json = run({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = jsonOf(json);
    QCOMPARE(o.value(QLatin1String("endpoint")).toString(), QString::fromUtf8(endpoint));
    QCOMPARE(o.value(QLatin1String("version")).toString(), QStringLiteral(SWITCHYARD_VERSION));
    QCOMPARE(o.value(QLatin1String("models")).toObject().value(QLatin1String("total")).toInt(), 2);
    QVERIFY(o.value(QLatin1String("uptimeS")).isDouble());
    QVERIFY(o.value(QLatin1String("system")).toObject().value(QLatin1String("memory")).toObject().value(QLatin1String("totalBytes")).isDouble());
}

void TestCommands::urlAndTokenFromTheEnvironment()
{
    // From another user's shell: nothing in its config dir, the address and token given.
    QTemporaryDir elsewhere;
    QFile token(m_app->home.filePath(QStringLiteral("config/switchyard/admin-token")));
    QVERIFY(token.open(QIODevice::ReadOnly));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), elsewhere.path());
    env.insert(QStringLiteral("SWITCHYARD_URL"), QStringLiteral("http://127.0.0.1:%1/").arg(m_port));
    const CommandResult noToken = runCommand({QStringLiteral("ps"), QStringLiteral("-q")}, env);
    QCOMPARE(noToken.exitCode, 4);
    QVERIFY2(noToken.err.contains("there is no admin token"), qPrintable(noToken.text()));
    env.insert(QStringLiteral("SWITCHYARD_ADMIN_TOKEN"), QString::fromUtf8(token.readAll().trimmed()));
    const CommandResult r = runCommand({QStringLiteral("ps"), QStringLiteral("-q")}, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("m\nr\n"));
    // --url wins over SWITCHYARD_URL.
    const CommandResult overridden = runCommand({QStringLiteral("ps"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(unusedPort())}, env);
    QCOMPARE(overridden.exitCode, 3);
}

void TestCommands::ps()
{
    const CommandResult r = run({QStringLiteral("ps")});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith("MODEL") && lines[0].contains("STATE") && lines[0].contains("IDLE TTL"), qPrintable(r.text()));
    QVERIFY2(lines[1].simplified().startsWith("m cold local"), qPrintable(r.text()));
    QVERIFY2(lines[2].simplified().startsWith("r remote sim"), qPrintable(r.text()));
    QCOMPARE(model(QStringLiteral("m")).value(QLatin1String("state")).toString(), QStringLiteral("cold"));
}

void TestCommands::loadPinUnpinUnload()
{
    const CommandResult load = run({QStringLiteral("load"), QStringLiteral("m")});
    QCOMPARE(load.exitCode, 0);
    QVERIFY2(load.out.startsWith("m is hot on port "), qPrintable(load.text()));
    // It waited: the model is hot when the command returns, its server runs.
    QCOMPARE(model(QStringLiteral("m")).value(QLatin1String("state")).toString(), QStringLiteral("hot"));
    const QList<qint64> pids = findProcesses({QStringLiteral("switchyard-sim"), QStringLiteral("--model-name ") + m_simName});
    QCOMPARE(pids.size(), 1);
    QVERIFY2(run({QStringLiteral("status")}).out.contains("1 hot of 2"), "status counts it");

    const CommandResult pin = run({QStringLiteral("pin"), QStringLiteral("m"), QStringLiteral("--json")});
    QCOMPARE(pin.exitCode, 0);
    QVERIFY(jsonOf(pin).value(QLatin1String("model")).toObject().value(QLatin1String("pinned")).toBool());
    QVERIFY(model(QStringLiteral("m")).value(QLatin1String("pinned")).toBool());
    QVERIFY(run({QStringLiteral("ps")}).out.contains("pinned"));
    const CommandResult unpin = run({QStringLiteral("unpin"), QStringLiteral("m")});
    QCOMPARE(unpin.exitCode, 0);
    QVERIFY2(unpin.out.contains("m is no longer pinned"), qPrintable(unpin.text()));
    QVERIFY(!model(QStringLiteral("m")).value(QLatin1String("pinned")).toBool());

    const CommandResult unload = run({QStringLiteral("unload"), QStringLiteral("m")});
    QCOMPARE(unload.exitCode, 0);
    QVERIFY2(unload.out.startsWith("m unloaded, after "), qPrintable(unload.text()));
    QCOMPARE(model(QStringLiteral("m")).value(QLatin1String("state")).toString(), QStringLiteral("cold"));
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pids.first()), 3000);

    // --all with nothing loaded, and a remote model, which only Switchyard's own models can be.
    const CommandResult none = run({QStringLiteral("unload"), QStringLiteral("--all")});
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QByteArray("No model is loaded.\n"));
    const CommandResult remote = run({QStringLiteral("load"), QStringLiteral("r")});
    QCOMPARE(remote.exitCode, 1);
    QVERIFY2(!remote.err.isEmpty(), qPrintable(remote.text()));
}

void TestCommands::logsAndFollow()
{
    QCOMPARE(run({QStringLiteral("load"), QStringLiteral("m"), QStringLiteral("--json")}).exitCode, 0);
    const CommandResult logs = run({QStringLiteral("logs"), QStringLiteral("m")});
    QCOMPARE(logs.exitCode, 0);
    QVERIFY2(logs.out.contains("sim: loading model " + m_simName.toUtf8()), qPrintable(logs.text()));
    QVERIFY(logs.out.contains("sim: listening on"));
    const CommandResult two = run({QStringLiteral("logs"), QStringLiteral("m"), QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(two.exitCode, 0);
    QCOMPARE(jsonOf(two).value(QLatin1String("lines")).toArray().size(), 2);

    // -f prints what the server prints from then on: here, the request that follows.
    QProcess follower;
    follower.setProcessEnvironment(m_app->environment());
    follower.start(QStringLiteral(SWITCHYARD_APP_PATH), {QStringLiteral("logs"), QStringLiteral("m"), QStringLiteral("-f"), QStringLiteral("-n"), QStringLiteral("1")});
    QVERIFY(follower.waitForStarted(5000));
    QByteArray followed;
    QTRY_VERIFY_WITH_TIMEOUT((followed += follower.readAllStandardOutput()).contains('\n'), 5000); // the last line so far
    QVERIFY2(!followed.contains("POST /v1/chat/completions"), followed.constData());
    TestHttpClient client(m_port);
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", {}, 20000).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT((followed += follower.readAllStandardOutput()).contains("sim: POST /v1/chat/completions"), 5000);
    QCOMPARE(followed.count("sim: listening on"), 0); // nothing twice: only what came after
    follower.terminate();
    QVERIFY(follower.waitForFinished(3000));

    // A remote model has no logs here.
    const CommandResult remote = run({QStringLiteral("logs"), QStringLiteral("r")});
    QCOMPARE(remote.exitCode, 1);
    QVERIFY2(remote.err.contains("is not a process Switchyard runs"), qPrintable(remote.text()));
    QCOMPARE(run({QStringLiteral("unload"), QStringLiteral("--all")}).exitCode, 0);
}

void TestCommands::unknownModel()
{
    for (const QString &command : {QStringLiteral("load"), QStringLiteral("unload"), QStringLiteral("pin"), QStringLiteral("logs")}) {
        const CommandResult r = run({command, QStringLiteral("no-such-model")});
        QVERIFY2(r.exitCode == 5, qPrintable(command + QLatin1Char('\n') + r.text()));
        QVERIFY2(r.err.contains("no-such-model"), qPrintable(r.text()));
    }
}

void TestCommands::requests()
{
    TestHttpClient client(m_port);
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model":"r","messages":[{"role":"user","content":"hello"}]})", {}, 20000).status, 200);
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model":"nope","messages":[{"role":"user","content":"hello"}]})").status, 404);
    // History is written in batches: wait for both.
    QTRY_VERIFY_WITH_TIMEOUT(run({QStringLiteral("requests"), QStringLiteral("--failed"), QStringLiteral("--json")}).out.contains("\"nope\""), 5000);

    const CommandResult all = run({QStringLiteral("requests"), QStringLiteral("--json"), QStringLiteral("-n"), QStringLiteral("2")});
    QCOMPARE(all.exitCode, 0);
    const QJsonArray list = jsonOf(all).value(QLatin1String("requests")).toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].toObject().value(QLatin1String("requested")).toString(), QStringLiteral("nope")); // newest first
    QCOMPARE(list[1].toObject().value(QLatin1String("model")).toString(), QStringLiteral("r"));

    const CommandResult failed = run({QStringLiteral("requests"), QStringLiteral("--failed"), QStringLiteral("--json")});
    for (const QJsonValue &v : jsonOf(failed).value(QLatin1String("requests")).toArray())
        QVERIFY2(v.toObject().value(QLatin1String("status")).toInt() >= 400, failed.out.constData());

    const CommandResult human = run({QStringLiteral("requests"), QStringLiteral("-n"), QStringLiteral("1")});
    QCOMPARE(human.exitCode, 0);
    const QList<QByteArray> lines = human.out.trimmed().split('\n');
    QVERIFY2(lines.size() == 3 && lines[0].startsWith("TIME") && lines[1].contains("nope") && lines[1].contains("404"), qPrintable(human.text()));
    QVERIFY(lines[2].startsWith("(1 of "));
}

void TestCommands::route()
{
    const CommandResult r = run({QStringLiteral("route"), QStringLiteral("r"), QStringLiteral("--prompt"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("r: route model, up to 1 attempt\n"), qPrintable(r.text()));
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY2(lines.size() > 4 && lines[2].simplified() == "1 r sim r - 0 -", qPrintable(r.text())); // the chain
    QCOMPARE(lines[3], QByteArray("Why:"));
    QVERIFY2(r.out.contains("candidate"), qPrintable(r.text())); // the trace

    const CommandResult json = run({QStringLiteral("route"), QStringLiteral("m"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray chain = jsonOf(json).value(QLatin1String("chain")).toArray();
    QCOMPARE(chain.size(), 1);
    QCOMPARE(chain[0].toObject().value(QLatin1String("model")).toString(), QStringLiteral("m"));

    const CommandResult none = run({QStringLiteral("route"), QStringLiteral("nope")});
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains("nothing would serve nope"), qPrintable(none.text()));
}

void TestCommands::clientKeys()
{
    // key new: a random key and the config entry with its hash; key hash: the same hash from
    // standard input; the entry passes config check. No Switchyard needed.
    const CommandResult made = run({QStringLiteral("key"), QStringLiteral("new"), QStringLiteral("vscode"), QStringLiteral("--json")});
    QCOMPARE(made.exitCode, 0);
    const QJsonObject entry = jsonOf(made);
    const QByteArray key = entry.value(QLatin1String("key")).toString().toLatin1();
    QVERIFY2(key.startsWith("sy-") && key.size() >= 40, made.out.constData());
    const QByteArray expected = "sha256:" + QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
    QCOMPARE(entry.value(QLatin1String("keyHash")).toString().toLatin1(), expected);
    QCOMPARE(entry.value(QLatin1String("name")).toString(), QStringLiteral("vscode"));
    QVERIFY(jsonOf(run({QStringLiteral("key"), QStringLiteral("new"), QStringLiteral("vscode"), QStringLiteral("--json")}))
                .value(QLatin1String("key")) != entry.value(QLatin1String("key")));

    const CommandResult hashed = runCommand({QStringLiteral("key"), QStringLiteral("hash")}, m_app->environment(), 30000, key + '\n');
    QCOMPARE(hashed.exitCode, 0);
    QCOMPARE(hashed.out.trimmed(), expected);
    QCOMPARE(runCommand({QStringLiteral("key"), QStringLiteral("hash")}, m_app->environment()).exitCode, 2); // nothing on stdin
    QCOMPARE(run({QStringLiteral("key"), QStringLiteral("new"), QStringLiteral("two words")}).exitCode, 2);

    QTemporaryDir dir;
    QJsonObject configEntry = entry; // as printed, without the key, it goes into server.clientKeys
    configEntry.remove(QLatin1String("key"));
    const QString config = writeFile(dir, QStringLiteral("keys.json"),
                                     R"({"server":{"clientKeys":[)" + QJsonDocument(configEntry).toJson(QJsonDocument::Compact) + "]}}");
    QCOMPARE(run({QStringLiteral("config"), QStringLiteral("check"), config}).exitCode, 0);
}

void TestCommands::configCheck()
{
    QTemporaryDir dir;
    const QString good = writeFile(dir, QStringLiteral("good.json"), R"({"backends":[{"id":"b","baseUrl":"http://127.0.0.1:1/v1"}],"models":[{"id":"x","backend":"b"}]})");
    const QString bad = writeFile(dir, QStringLiteral("bad.json"), R"({"server":{"hostt":"x"},"fallback":{"maxAttempts":0}})");
    // No Switchyard needed: the address given goes nowhere.
    const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(unusedPort());

    const CommandResult ok = run({QStringLiteral("config"), QStringLiteral("check"), good, QStringLiteral("--url"), nowhere});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY2(ok.out.contains(": valid (1 backends, 1 models"), qPrintable(ok.text()));

    const CommandResult invalid = run({QStringLiteral("config"), QStringLiteral("check"), bad});
    QCOMPARE(invalid.exitCode, 1);
    QVERIFY2(invalid.out.contains("invalid, 2 problems"), qPrintable(invalid.text()));
    QVERIFY(invalid.out.contains("server.hostt: unknown key (did you mean \"host\"?)"));
    QVERIFY(invalid.out.contains("fallback.maxAttempts: must be between 1 and 20"));

    const CommandResult json = run({QStringLiteral("config"), QStringLiteral("check"), bad, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(jsonOf(json).value(QLatin1String("valid")), QJsonValue(false));
    QCOMPARE(jsonOf(json).value(QLatin1String("issues")).toArray().size(), 2);

    QCOMPARE(run({QStringLiteral("config"), QStringLiteral("check"), dir.filePath(QStringLiteral("missing.json"))}).exitCode, 1);
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
