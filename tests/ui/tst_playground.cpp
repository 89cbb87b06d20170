// The playground against a running core with a real model process: the answer streams in,
// the route is explained beside it (the trace header), a second message continues the
// conversation, a policy name routes, and a refusal is shown as the core's message.
#include "client/corelink.h"
#include "client/session.h"
#include "runningcore.h"
#include "simprocess.h"
#include "views/playgroundview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace sy;
using namespace sy::ui;

namespace {

QStringList traceSteps(QTreeWidget *tree)
{
    QStringList steps;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        steps << tree->topLevelItem(i)->text(0) + QLatin1Char(' ') + tree->topLevelItem(i)->text(1);
    return steps;
}

} // namespace

class TstPlayground : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateUserDirectories(); }

    void aMessageStreamsWithItsRoute()
    {
        const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                                 QStringLiteral("--model-name"), QStringLiteral("${MODEL}"), QStringLiteral("--tokens"), QStringLiteral("12"),
                                 QStringLiteral("--tokens-per-s"), QStringLiteral("100")};
        QJsonArray slowCommand = command;
        slowCommand.replace(slowCommand.size() - 1, QStringLiteral("5")); // 5 tokens a second
        slowCommand.replace(slowCommand.size() - 3, QStringLiteral("200"));
        const quint16 a = test::unusedPort(), b = test::unusedPort();
        test::RunningCore core(R"({"version":1,"server":{"host":"127.0.0.1","port":0},
            "backends":[{"id":"local","protocol":"openai","managed":true}],
            "models":[{"id":"helper","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) + R"(}},
                      {"id":"slow","backend":"local","launch":{"command":)" + QJsonDocument(slowCommand).toJson(QJsonDocument::Compact) + R"(}}],
            "agents":{"Coder":{"models":["helper"]}},
            "pool":{"portRange":[)" + QByteArray::number(std::min(a, b)) + "," + QByteArray::number(std::max(a, b)) + "]}}");
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        PlaygroundView view(session.link());
        view.show();
        QSignalSpy finished(&view, &PlaygroundView::finished);

        view.setModel(QStringLiteral("agent:Coder"));
        view.setPrompt(QStringLiteral("Write a haiku about rails."));
        view.send();
        QVERIFY(view.isBusy());
        QVERIFY(finished.wait(20000));
        QVERIFY2(view.summary().startsWith(QStringLiteral("Served by helper (route agent)")), qPrintable(view.summary()));
        QVERIFY2(view.summary().contains(QStringLiteral("12 tokens at ")), qPrintable(view.summary())); // paced: a rate
        const QString first = view.answer();
        QVERIFY2(first.startsWith(QStringLiteral("You: Write a haiku about rails.\nagent:Coder:")), qPrintable(first));
        QVERIFY2(first.size() > QStringLiteral("You: Write a haiku about rails.\nagent:Coder:").size() + 10, qPrintable(first)); // the streamed text
        const QStringList steps = traceSteps(view.trace());
        QVERIFY2(!steps.isEmpty() && steps.join(u'|').contains(QStringLiteral("helper")), qPrintable(steps.join(u'|')));

        // The conversation goes on: the second request carries both turns.
        view.setPrompt(QStringLiteral("Another one."));
        view.send();
        QVERIFY(finished.wait(20000));
        QVERIFY2(view.answer().startsWith(first) && view.answer().contains(QStringLiteral("You: Another one.")), qPrintable(view.answer()));

        // Stopped mid-answer: what came stays, and the conversation goes on from there.
        view.newChat();
        view.setModel(QStringLiteral("slow"));
        view.setPrompt(QStringLiteral("Tell me a long story."));
        view.send();
        const int prefix = int(QStringLiteral("You: Tell me a long story.\nslow: ").size());
        QTRY_VERIFY_WITH_TIMEOUT(view.answer().size() > prefix, 20000);
        view.stop();
        QVERIFY(finished.size() == 3 || finished.wait(5000));
        QVERIFY2(view.summary().startsWith(QStringLiteral("Stopped after")), qPrintable(view.summary()));
        view.setPrompt(QStringLiteral("Go on."));
        view.send();
        view.stop(); // at once: nothing came, so the question leaves the conversation again
        QVERIFY(finished.size() == 4 || finished.wait(5000));
        view.setModel(QStringLiteral("helper"));
        view.setPrompt(QStringLiteral("Short, please."));
        view.send();
        QVERIFY(finished.wait(20000));
        QVERIFY2(view.summary().startsWith(QStringLiteral("Served by helper")), qPrintable(view.summary()));

        // A refusal: the core's own message, and the question can be sent again.
        view.newChat();
        view.setModel(QStringLiteral("no-such-model"));
        view.setPrompt(QStringLiteral("hello"));
        view.send();
        QVERIFY(finished.wait(10000));
        QVERIFY2(view.summary().startsWith(QStringLiteral("Refused: 404")), qPrintable(view.summary()));
        QVERIFY2(view.answer().contains(QStringLiteral("does not exist")), qPrintable(view.answer()));
    }
};

QTEST_MAIN(TstPlayground)
#include "tst_playground.moc"
