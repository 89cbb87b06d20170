// The dashboard's actions against a running core, offscreen: "Unload all" unloads every
// loaded model (pinned ones too, after the question), and nothing that is not loaded.
#include "client/corelink.h"
#include "client/session.h"
#include "models/modeltablemodel.h"
#include "runningcore.h"
#include "simprocess.h"
#include "views/dashboardview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QToolButton>

using namespace sy;
using namespace sy::ui;

namespace {

QByteArray simModel(const char *id, bool pinned)
{
    const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                             QStringLiteral("--model-name"), QStringLiteral("${MODEL}")};
    return QByteArray(R"({"id":")") + id + R"(","backend":"local","pinned":)" + (pinned ? "true" : "false") +
           R"(,"launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) + "}}";
}

} // namespace

class TstDashboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateUserDirectories(); }

    void unloadAllUnloadsEveryLoadedModel()
    {
        const quint16 a = test::unusedPort(), b = test::unusedPort();
        const QByteArray config = R"({"version":1,"server":{"host":"127.0.0.1","port":0},"backends":[{"id":"local","protocol":"openai","managed":true}],
                                      "models":[)" + simModel("kept", true) + "," + simModel("loose", false) + "," + simModel("idle", false) +
                                  R"(],"pool":{"portRange":[)" + QByteArray::number(std::min(a, b)) + "," + QByteArray::number(std::max(a, b)) + "]}}";
        test::RunningCore core(config);
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        QTRY_COMPARE_WITH_TIMEOUT(session.models()->rowCount(), 3, 10000);
        const auto state = [&session](const char *id) {
            const int row = session.models()->rowOf(QLatin1String(id));
            return row < 0 ? QString() : session.models()->model(row).value(QLatin1String("state")).toString();
        };
        DashboardView view(session.link(), session.models());
        view.setConfirm(false);
        session.link()->loadModel(QStringLiteral("kept"));
        session.link()->loadModel(QStringLiteral("loose"));
        QTRY_COMPARE_WITH_TIMEOUT(state("kept"), QStringLiteral("hot"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(state("loose"), QStringLiteral("hot"), 15000);

        QToolButton *unloadAll = nullptr;
        for (QToolButton *button : view.findChildren<QToolButton *>())
            unloadAll = button->text() == QLatin1String("Unload all") ? button : unloadAll;
        QVERIFY(unloadAll);
        QTRY_VERIFY_WITH_TIMEOUT(unloadAll->isEnabled(), 5000);
        unloadAll->click();
        QTRY_COMPARE_WITH_TIMEOUT(state("kept"), QStringLiteral("cold"), 15000); // pinned, but "all" means all
        QTRY_COMPARE_WITH_TIMEOUT(state("loose"), QStringLiteral("cold"), 15000);
        QCOMPARE(state("idle"), QStringLiteral("cold")); // never loaded: nothing was asked of it
        QTRY_VERIFY_WITH_TIMEOUT(!unloadAll->isEnabled(), 5000); // nothing left to unload
        // A model that is not running shows no port (also after a failure).
        QVERIFY(session.models()->model(session.models()->rowOf(QStringLiteral("loose"))).value(QLatin1String("port")).isNull());
    }
};

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
