// "Connect a client": the snippets shown are run as a user would paste them (bash + curl)
// against a running core, for the OpenAI, Anthropic and Ollama APIs; with client keys they
// read the key from $SWITCHYARD_KEY and never contain it.
#include "client/corelink.h"
#include "client/session.h"
#include "editors/configdocument.h"
#include "runningcore.h"
#include "simprocess.h"
#include "views/connectview.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace sy;
using namespace sy::ui;

namespace {

QByteArray configWith(const QByteArray &server)
{
    const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                             QStringLiteral("--model-name"), QStringLiteral("${MODEL}")};
    const quint16 port = test::unusedPort();
    return R"({"version":1,"server":{"host":"127.0.0.1","port":0)" + server + R"(},
        "backends":[{"id":"local","protocol":"openai","managed":true}],
        "models":[{"id":"helper","backend":"local","launch":{"command":)" +
           QJsonDocument(command).toJson(QJsonDocument::Compact) + R"(}}],
        "pool":{"portRange":[)" + QByteArray::number(port) + "," + QByteArray::number(port) + "]}}";
}

struct Run {
    int exitCode = -1;
    QByteArray out;
};

// The snippet as a user runs it: pasted into bash.
Run runInBash(const QString &snippet, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess bash;
    bash.setProcessEnvironment(env);
    bash.setProcessChannelMode(QProcess::MergedChannels);
    bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), snippet});
    if (!bash.waitForFinished(30000))
        bash.kill();
    return {bash.exitCode(), bash.readAll()};
}

} // namespace

class TstConnect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateUserDirectories(); }

    void pastedSnippetsReachTheModel()
    {
        test::RunningCore core(configWith({}));
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        ConnectView view(session.link(), session.config());
        view.show();
        QCOMPARE(view.baseUrl(0), QStringLiteral("http://127.0.0.1:%1/v1").arg(core.port())); // OpenAI's ends in /v1
        QCOMPARE(view.baseUrl(1), QStringLiteral("http://127.0.0.1:%1").arg(core.port()));
        view.setModel(QStringLiteral("helper"));

        view.showClient(QStringLiteral("curl (OpenAI chat)"));
        QVERIFY2(view.snippet().contains(QStringLiteral("Bearer unused")), qPrintable(view.snippet()));
        Run run = runInBash(view.snippet());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(R"("object":"chat.completion")"), run.out.constData());

        view.showClient(QStringLiteral("curl (Anthropic messages)"));
        run = runInBash(view.snippet());
        QVERIFY2(run.out.contains(R"("type":"message")"), run.out.constData());

        view.showClient(QStringLiteral("Ollama clients (Open WebUI, ...)"));
        run = runInBash(view.snippet());
        QVERIFY2(run.out.contains(R"("done":true)"), run.out.constData());

        // A name that needs quoting in the shell and in JSON still makes a working command.
        view.setModel(QStringLiteral("it's \"helper\""));
        view.showClient(QStringLiteral("curl (OpenAI chat)"));
        run = runInBash(view.snippet());
        QVERIFY2(run.out.contains(R"(it's \"helper\")"), run.out.constData()); // the 404 names exactly what was sent
    }

    void withClientKeysTheKeyComesFromTheEnvironment()
    {
        const QByteArray hash = QCryptographicHash::hash("s3cret-key", QCryptographicHash::Sha256).toHex();
        test::RunningCore core(configWith(R"(,"clientKeys":[{"name":"me","keyHash":"sha256:)" + hash + R"("}])"));
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        ConnectView view(session.link(), session.config());
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(session.config()->isLoaded(), 10000);
        view.setModel(QStringLiteral("helper"));
        view.showClient(QStringLiteral("curl (OpenAI chat)"));
        QTRY_VERIFY2(view.snippet().contains(QStringLiteral("$SWITCHYARD_KEY")), qPrintable(view.snippet()));
        QVERIFY(!view.snippet().contains(QStringLiteral("unused")));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SWITCHYARD_KEY"), QStringLiteral("s3cret-key"));
        Run run = runInBash(view.snippet(), env);
        QVERIFY2(run.out.contains(R"("object":"chat.completion")"), run.out.constData());
        env.insert(QStringLiteral("SWITCHYARD_KEY"), QStringLiteral("wrong"));
        run = runInBash(view.snippet(), env);
        QVERIFY2(run.out.contains(R"("type":"authentication_error")") || run.out.contains("invalid_api_key"), run.out.constData());
    }
};

QTEST_MAIN(TstConnect)
#include "tst_connect.moc"
