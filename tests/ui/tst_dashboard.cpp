// The dashboard's actions against a running core, offscreen: "Unload all" unloads every
// loaded model (pinned ones too, after the question), and nothing that is not loaded; a
// model that cannot start says why in plain sight, and "Load again" tries again.
#include "client/corelink.h"
#include "client/session.h"
#include "models/modeltablemodel.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"
#include "views/dashboardview.h"
#include "widgets/columnchooser.h"
#include "widgets/modelstatuspanel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QSettings>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
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

// Attaches the session to the core and waits until its models are listed.
bool attachAndList(Session &session, const test::RunningCore &core, int models)
{
    session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
    return QTest::qWaitFor([&] { return session.models()->rowCount() == models; }, 10000);
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
        QVERIFY(attachAndList(session, core, 3));
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

    void aNarrowWindowSetsColumnsAsideInsteadOfSqueezing()
    {
        QSettings().remove(QStringLiteral("dashboard/hiddenColumns"));
        const QByteArray config = R"({"version":1,"server":{"host":"127.0.0.1","port":0},"backends":[{"id":"local","protocol":"openai","managed":true}],
            "models":[)" + simModel("qwen2.5-coder-7b-instruct", false) + R"(]})";
        test::RunningCore core(config);
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        QVERIFY(attachAndList(session, core, 1));
        DashboardView view(session.link(), session.models());
        QTableView *table = view.table();
        QHeaderView *header = table->horizontalHeader();
        const auto shownWidth = [&] {
            int width = 0;
            for (int c = 0; c < header->count(); ++c)
                width += table->isColumnHidden(c) ? 0 : header->sectionSize(c);
            return width;
        };
        const auto fits = [&] { return shownWidth() <= table->viewport()->width(); };
        view.resize(1600, 700);
        view.show();
        QTRY_VERIFY(view.columns()->setAside().isEmpty()); // wide: every column
        QTRY_COMPARE(shownWidth(), table->viewport()->width()); // and the memory column takes the spare width

        view.resize(850, 700); // a 1024-wide window minus the sidebar
        QTRY_VERIFY(!view.columns()->setAside().isEmpty());
        QTRY_VERIFY2(fits(), qPrintable(QStringLiteral("%1 > %2").arg(shownWidth()).arg(table->viewport()->width())));
        const QList<int> aside = view.columns()->setAside();
        QVERIFY(aside.contains(ModelTableModel::Pid)); // the least important go first
        for (const int kept : {ModelTableModel::Name, ModelTableModel::State, ModelTableModel::Memory, ModelTableModel::Actions}) {
            QVERIFY(!table->isColumnHidden(kept));
            // ...and what stays keeps the width its content needs.
            QVERIFY2(header->sectionSize(kept) >= header->sectionSizeHint(kept), qPrintable(QString::number(kept)));
        }

        // The operator's choice: hidden stays hidden, also when wide again, and is remembered.
        view.columns()->setChosen(ModelTableModel::Backend, false);
        view.resize(1600, 700);
        QTRY_VERIFY(view.columns()->setAside().isEmpty());
        QVERIFY(table->isColumnHidden(ModelTableModel::Backend));
        QVERIFY(!table->isColumnHidden(ModelTableModel::Pid));
        QCOMPARE(QSettings().value(QStringLiteral("dashboard/hiddenColumns")).toList(), QList<QVariant>{int(ModelTableModel::Backend)});
        view.columns()->setChosen(ModelTableModel::Backend, true);
    }

    void aLoadShowsItsProgressAndCanBeCancelled()
    {
        const quint16 a = test::unusedPort(), b = test::unusedPort();
        const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                                 QStringLiteral("--startup-ms"), QStringLiteral("30000")};
        const QByteArray config = R"({"version":1,"server":{"host":"127.0.0.1","port":0},"backends":[{"id":"local","protocol":"openai","managed":true}],
            "models":[{"id":"big","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) +
                                  R"(,"loadTimeoutS":90}},)" + simModel("small", false) + R"(],"pool":{"portRange":[)" +
                                  QByteArray::number(std::min(a, b)) + "," + QByteArray::number(std::max(a, b)) + "]}}";
        test::RunningCore core(config);
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        QVERIFY(attachAndList(session, core, 2));
        DashboardView view(session.link(), session.models());
        view.show();
        // Another row is selected (a healthy one): the panel still follows the load.
        QAbstractItemModel *rows = view.table()->model();
        for (int r = 0; r < rows->rowCount(); ++r)
            if (rows->index(r, 0).data(ModelTableModel::IdRole).toString() == QLatin1String("small"))
                view.table()->selectRow(r);
        ModelStatusPanel *panel = view.statusPanel();
        session.link()->loadModel(QStringLiteral("big"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible() && panel->isShowingProgress(), 10000);
        QCOMPARE(panel->modelId(), QStringLiteral("big"));
        QVERIFY2(panel->text().contains(QStringLiteral("gives up after 1:30")), qPrintable(panel->text()));
        // The server's own lines, as they come.
        QTRY_VERIFY2_WITH_TIMEOUT(panel->text().contains(QStringLiteral("sim: loading model")), qPrintable(panel->text()), 8000);
        // The time counts on without news from the core, in the panel and in the State column.
        const auto shownSeconds = [panel] {
            const QString title = panel->text().section(QLatin1Char('\n'), 0, 0); // "big is loading: 0:03 (gives up after 1:30)"
            const QString clock = title.section(QStringLiteral("loading: "), 1).section(QLatin1Char(' '), 0, 0);
            return clock.section(QLatin1Char(':'), 0, 0).toInt() * 60 + clock.section(QLatin1Char(':'), 1, 1).toInt();
        };
        const int first = shownSeconds();
        QTRY_VERIFY2_WITH_TIMEOUT(shownSeconds() >= first + 2, qPrintable(panel->text()), 8000);
        const int bigRow = session.models()->rowOf(QStringLiteral("big"));
        const QString badge = session.models()->index(bigRow, ModelTableModel::State).data().toString();
        QVERIFY2(badge.startsWith(QStringLiteral("starting 0:")), qPrintable(badge));

        QPushButton *cancel = nullptr;
        for (QPushButton *button : panel->findChildren<QPushButton *>())
            cancel = button->text() == QLatin1String("Cancel") ? button : cancel;
        QVERIFY(cancel);
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->isHidden(), 10000);
        // The panel goes as soon as the row leaves "starting"; the row passes "unloading" until the process has exited.
        QTRY_COMPARE_WITH_TIMEOUT(session.models()->model(bigRow).value(QLatin1String("state")).toString(), QStringLiteral("cold"), 10000);
    }

    void aFailedLoadSaysWhyUnderTheTable()
    {
        const quint16 a = test::unusedPort(), b = test::unusedPort();
        const QByteArray config = R"({"version":1,"server":{"host":"127.0.0.1","port":0},"backends":[{"id":"local","protocol":"openai","managed":true}],
            "models":[{"id":"nope","backend":"local","launch":{"command":["llama-server-not-installed","--port","${PORT}"]}},)" +
                                  simModel("fine", false) + R"(],"pool":{"portRange":[)" + QByteArray::number(std::min(a, b)) + "," +
                                  QByteArray::number(std::max(a, b)) + "]}}";
        test::RunningCore core(config);
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        QVERIFY(attachAndList(session, core, 2));
        DashboardView view(session.link(), session.models());
        view.resize(1024, 700);
        view.show();
        ModelStatusPanel *panel = view.statusPanel();
        QVERIFY(panel->isHidden()); // nothing failed yet

        session.link()->loadModel(QStringLiteral("nope"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 10000); // without selecting the row
        QCOMPARE(panel->modelId(), QStringLiteral("nope"));
        QVERIFY2(panel->text().contains(QStringLiteral("\"llama-server-not-installed\" was not found in PATH")), qPrintable(panel->text()));

        // Selecting a healthy model does not hide the latest failure; a failed selected one shows its own.
        QAbstractItemModel *rows = view.table()->model();
        for (int r = 0; r < rows->rowCount(); ++r)
            if (rows->index(r, 0).data(ModelTableModel::IdRole).toString() == QLatin1String("fine"))
                view.table()->selectRow(r);
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->modelId(), QStringLiteral("nope"));
        QSignalSpy logs(&view, &DashboardView::showLogsRequested);
        QPushButton *showLogs = nullptr;
        QPushButton *again = nullptr;
        for (QPushButton *button : panel->findChildren<QPushButton *>()) {
            showLogs = button->text() == QLatin1String("Show logs") ? button : showLogs;
            again = button->text() == QLatin1String("Load again") ? button : again;
        }
        QVERIFY(showLogs && again);
        showLogs->click();
        QCOMPARE(logs.size(), 1);
        QCOMPARE(logs.first().first().toString(), QStringLiteral("nope"));

        // Fixed behind its back (a program that exists now), "Load again" loads it and the panel goes.
        const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}")};
        const QByteArray fixed = QByteArray(config).replace(R"(["llama-server-not-installed","--port","${PORT}"])",
                                                            QJsonDocument(command).toJson(QJsonDocument::Compact));
        QCOMPARE(test::TestHttpClient(core.port()).request("PUT", "/api/v1/config", fixed, core.auth()).status, 200);
        QVERIFY(again->isEnabled());
        again->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->isHidden(), 15000);
        const int row = session.models()->rowOf(QStringLiteral("nope"));
        QTRY_COMPARE_WITH_TIMEOUT(session.models()->model(row).value(QLatin1String("state")).toString(), QStringLiteral("hot"), 15000);
    }
};

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
