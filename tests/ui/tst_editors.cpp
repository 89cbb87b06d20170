// The control center against a real core on its own thread, over real sockets: the feed
// fills the models table, each editor changes the running config through the config API
// (dry run, then PUT with If-Match), the core's refusals land next to the field without
// anything being saved, revert restores the running config, and the route preview asks
// the router without calling a model.

#include "client/corelink.h"
#include "client/session.h"
#include "editors/agentseditor.h"
#include "editors/applybar.h"
#include "editors/catalogeditor.h"
#include "editors/configdocument.h"
#include "editors/catalognames.h"
#include "editors/orderedlist.h"
#include "editors/poolseditor.h"
#include "editors/settingseditor.h"
#include "mainwindow.h"
#include "models/coremessages.h"
#include "models/modeltablemodel.h"
#include "runningcore.h"
#include "testhttpclient.h"
#include "views/dashboardview.h"
#include "views/routepreviewview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <memory>

using namespace sy;
using namespace sy::ui;

namespace {

// Remote models only: nothing has to start, and nothing is called by these tests.
const QByteArray kConfig =
    "{\n"
    "  \"version\": 1,\n"
    "  \"server\": { \"host\": \"127.0.0.1\", \"port\": 0 },\n"
    "  \"backends\": [ { \"id\": \"cloud\", \"protocol\": \"openai\", \"baseUrl\": \"http://127.0.0.1:9/v1\" } ],\n"
    "  \"models\": [ { \"id\": \"alpha\", \"backend\": \"cloud\" }, { \"id\": \"beta\", \"backend\": \"cloud\" },\n"
    "              { \"id\": \"gamma\", \"backend\": \"cloud\", \"capabilities\": [\"tools\"] } ],\n"
    "  \"agents\": { \"Coder\": { \"models\": [\"alpha\", \"beta\", \"gamma\"] } },\n"
    "  \"pools\": {},\n"
    "  \"fallback\": { \"maxAttempts\": 3, \"timeoutS\": 120, \"failThreshold\": 3, \"cooldownS\": 60 },\n"
    "  \"pool\": { \"portRange\": [8051, 8099], \"defaultTtlS\": 300, \"memoryBudgetMiB\": 0 }\n"
    "}\n";

// Apply without the confirmation dialog; true when the core took the change.
bool applyAndWait(ApplyBar *bar)
{
    QSignalSpy applied(bar, &ApplyBar::applied);
    bar->setConfirm(false);
    bar->apply();
    return QTest::qWaitFor([&] { return applied.count() == 1; }, 5000);
}

// Apply, expecting the core to refuse: the problems it named.
QList<ConfigIssue> applyExpectingIssues(ApplyBar *bar, ConfigDocument *document)
{
    QSignalSpy issues(document, &ConfigDocument::issuesChanged);
    bar->setConfirm(false);
    bar->apply();
    if (!QTest::qWaitFor([&] { return issues.count() == 1; }, 5000))
        return {};
    return issues.first().first().value<QList<ConfigIssue>>();
}

} // namespace

class TstEditors : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<test::RunningCore> m_core;
    std::unique_ptr<Session> m_session;

    QJsonObject runningConfig() const
    {
        test::TestHttpClient client(m_core->port());
        return client.request("GET", "/api/v1/config", {}, m_core->auth()).json();
    }
    QByteArray configFile() const
    {
        QFile file(m_core->configPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    void waitLoaded()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_session->config()->isLoaded(), 10000);
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUserDirectories(); }

    void init()
    {
        m_core = std::make_unique<test::RunningCore>(kConfig);
        QVERIFY2(m_core->ok(), qPrintable(m_core->error()));
        m_session = std::make_unique<Session>();
        m_session->attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_core->port())), m_core->adminToken());
        QTRY_COMPARE_WITH_TIMEOUT(m_session->link()->state(), CoreLink::State::Connected, 10000);
        waitLoaded();
    }

    void cleanup()
    {
        m_session.reset();
        m_core.reset();
    }

    void feedFillsTheModelsTable()
    {
        QTRY_COMPARE_WITH_TIMEOUT(m_session->models()->rowCount(), 3, 5000);
        QVERIFY(m_session->models()->rowOf(QStringLiteral("gamma")) >= 0);
        QCOMPARE(m_session->models()->model(m_session->models()->rowOf(QStringLiteral("beta"))).value(QLatin1String("kind")).toString(),
                 QStringLiteral("remote"));
    }

    void wrongTokenIsReported()
    {
        Session other;
        other.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_core->port())), "not-the-token");
        MainWindow window(&other);
        QTRY_COMPARE_WITH_TIMEOUT(other.link()->state(), CoreLink::State::Disconnected, 5000);
        QVERIFY2(other.link()->lastError().contains(QStringLiteral("401")), qPrintable(other.link()->lastError()));
        QVERIFY(window.connectionLabel()->text().contains(QStringLiteral("admin token")));
    }

    void draggingAFallbackToTheTopAppliesTheNewOrder()
    {
        AgentsEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.agentList()->count(), 1, 3000);
        editor.selectAgent(QStringLiteral("Coder"));
        QCOMPARE(editor.modelList()->items(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")}));
        // What a drop in an InternalMove list does: the list's model moves the row.
        QListWidget *list = editor.modelList()->list();
        QVERIFY(list->model()->moveRow({}, 2, {}, 0));
        QCOMPARE(editor.modelList()->items(), (QStringList{QStringLiteral("gamma"), QStringLiteral("alpha"), QStringLiteral("beta")}));
        QVERIFY(m_session->config()->isDirty());
        QCOMPARE(toStringList(runningConfig().value(QLatin1String("agents")).toObject().value(QLatin1String("Coder")).toObject().value(QLatin1String("models"))).first(),
                 QStringLiteral("alpha")); // nothing sent before Apply

        QVERIFY(applyAndWait(editor.applyBar()));
        const QJsonObject running = runningConfig();
        QCOMPARE(toStringList(running.value(QLatin1String("agents")).toObject().value(QLatin1String("Coder")).toObject().value(QLatin1String("models"))),
                 (QStringList{QStringLiteral("gamma"), QStringLiteral("alpha"), QStringLiteral("beta")}));
        QVERIFY(configFile().contains("\"gamma\""));
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->config()->isDirty(), 3000);

        // The router uses it at once: agent:Coder now starts with gamma.
        RoutePreviewView preview(m_session->link());
        QSignalSpy previewed(&preview, &RoutePreviewView::previewed);
        preview.modelBox()->setEditText(QStringLiteral("agent:Coder"));
        preview.preview();
        QTRY_COMPARE_WITH_TIMEOUT(previewed.count(), 1, 5000);
        QCOMPARE(preview.chain()->topLevelItemCount(), 3);
        QCOMPARE(preview.chain()->topLevelItem(0)->text(1), QStringLiteral("gamma"));
        QVERIFY(preview.outcome()->text().contains(QStringLiteral("gamma")));
    }

    // While the demo pool runs, its models (not in the file) are offered beside the file's.
    void demoModelsAreOfferedToPick()
    {
        m_session->config()->setDemo(true, {QStringLiteral("demo-chat"), QStringLiteral("alpha")});
        AgentsEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.agentList()->count(), 1, 3000);
        editor.selectAgent(QStringLiteral("Coder"));
        auto *picker = editor.modelList()->findChild<QComboBox *>();
        QVERIFY(picker);
        QStringList offered;
        for (int i = 0; i < picker->count(); ++i)
            offered << picker->itemText(i);
        QVERIFY2(offered.contains(QStringLiteral("demo-chat")), qPrintable(offered.join(QLatin1Char(','))));
        QCOMPARE(offered.count(QStringLiteral("alpha")), 1); // a name in both is offered once

        // The config's own "Coder" replaces the demo's agent of that name: the editor says so.
        QVERIFY(editor.replacesDemoNote()->isHidden()); // the demo's policy names are not known yet
        m_session->config()->setDemo(true, {QStringLiteral("demo-chat")},
                                     QJsonObject{{QStringLiteral("agents"), QJsonArray{QStringLiteral("Coder"), QStringLiteral("default")}},
                                                 {QStringLiteral("modes"), QJsonArray{QStringLiteral("eco")}}});
        QVERIFY(!editor.replacesDemoNote()->isHidden());
        QVERIFY2(editor.replacesDemoNote()->text().contains(QStringLiteral("agent Coder")), qPrintable(editor.replacesDemoNote()->text()));
        QVERIFY(!editor.replacesDemoNote()->text().contains(QStringLiteral("default"))); // not in the file: the demo's stays
        m_session->config()->setDemo(true, {QStringLiteral("demo-chat"), QStringLiteral("alpha")});
        QVERIFY(editor.replacesDemoNote()->isHidden());
    }

    void upButtonReordersFromTheKeyboard()
    {
        AgentsEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.agentList()->count(), 1, 3000);
        editor.selectAgent(QStringLiteral("Coder"));
        editor.modelList()->list()->setCurrentRow(1);
        const auto buttons = editor.modelList()->findChildren<QPushButton *>();
        QPushButton *up = nullptr;
        for (QPushButton *b : buttons)
            if (b->text() == QStringLiteral("Up"))
                up = b;
        QVERIFY(up);
        QTest::mouseClick(up, Qt::LeftButton);
        QCOMPARE(toStringList(m_session->config()->working().value(QLatin1String("agents")).toObject().value(QLatin1String("Coder")).toObject().value(QLatin1String("models"))),
                 (QStringList{QStringLiteral("beta"), QStringLiteral("alpha"), QStringLiteral("gamma")}));
    }

    void invalidValueShowsTheCoresMessageAndSendsNothing()
    {
        SettingsEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.spinBox(QStringLiteral("pool.portRange[0]"))->value(), 8051, 3000);
        const QByteArray before = configFile();
        editor.spinBox(QStringLiteral("pool.portRange[0]"))->setValue(9000);
        editor.spinBox(QStringLiteral("pool.portRange[1]"))->setValue(8000);
        const QList<ConfigIssue> reported = applyExpectingIssues(editor.applyBar(), m_session->config());
        QVERIFY(!reported.isEmpty());
        QCOMPARE(reported.first().path, QStringLiteral("pool.portRange"));

        // The message sits next to the port field, in the core's words.
        QLabel *shown = nullptr;
        for (QLabel *label : editor.findChildren<QLabel *>())
            if (label->isVisibleTo(&editor) && label->text().contains(QStringLiteral("1024 <= first")))
                shown = label;
        QVERIFY2(shown, "the core's message is not shown");
        QVERIFY(shown != editor.generalErrors());
        QTest::qWait(300);
        QCOMPARE(configFile(), before); // refused in the dry run: nothing saved
        QCOMPARE(runningConfig().value(QLatin1String("pool")).toObject().value(QLatin1String("portRange")).toArray().at(0).toInt(), 8051);

        // Revert restores the running config in the fields.
        m_session->config()->revert();
        QCOMPARE(editor.spinBox(QStringLiteral("pool.portRange[0]"))->value(), 8051);
        QCOMPARE(editor.spinBox(QStringLiteral("pool.portRange[1]"))->value(), 8099);
        QVERIFY(!m_session->config()->isDirty());
    }

    void settingsChangeTheRunningConfig()
    {
        SettingsEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.spinBox(QStringLiteral("fallback.maxAttempts"))->value(), 3, 3000);
        editor.spinBox(QStringLiteral("fallback.maxAttempts"))->setValue(5);
        editor.spinBox(QStringLiteral("pool.defaultTtlS"))->setValue(900);
        QVERIFY(applyAndWait(editor.applyBar()));
        const QJsonObject running = runningConfig();
        QCOMPARE(running.value(QLatin1String("fallback")).toObject().value(QLatin1String("maxAttempts")).toInt(), 5);
        QCOMPARE(running.value(QLatin1String("pool")).toObject().value(QLatin1String("defaultTtlS")).toInt(), 900);
    }

    void poolCellsAndModesAreApplied()
    {
        PoolsEditor editor(m_session->config());
        QTRY_VERIFY_WITH_TIMEOUT(editor.grid()->rowCount() >= 5, 3000);
        editor.setCell(QStringLiteral("writer"), QStringLiteral("default"), {QStringLiteral("beta"), QStringLiteral("alpha")});
        editor.modeList(QStringLiteral("eco"))->list()->addItem(QStringLiteral("gamma"));
        QVERIFY(applyAndWait(editor.applyBar()));
        const QJsonObject running = runningConfig();
        QCOMPARE(toStringList(running.value(QLatin1String("pools")).toObject().value(QLatin1String("writer")).toObject().value(QLatin1String("default"))),
                 (QStringList{QStringLiteral("beta"), QStringLiteral("alpha")}));
        QCOMPARE(toStringList(running.value(QLatin1String("modes")).toObject().value(QLatin1String("eco")).toObject().value(QLatin1String("models"))),
                 QStringList{QStringLiteral("gamma")});
    }

    void unknownModelInAPoolIsRefusedByName()
    {
        PoolsEditor editor(m_session->config());
        QTRY_VERIFY_WITH_TIMEOUT(editor.grid()->rowCount() >= 5, 3000);
        editor.setCell(QStringLiteral("writer"), QStringLiteral("default"), {QStringLiteral("ghost")});
        const QList<ConfigIssue> reported = applyExpectingIssues(editor.applyBar(), m_session->config());
        QVERIFY(!reported.isEmpty());
        QVERIFY2(reported.first().path.startsWith(QStringLiteral("pools.writer")), qPrintable(reported.first().path));
        QVERIFY(reported.first().message.contains(QStringLiteral("ghost")));
        QVERIFY(runningConfig().value(QLatin1String("pools")).toObject().isEmpty());
    }

    void coreMessagesAreShownInTheWindowsLanguage()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/switchyard_de.qm")));
        QCoreApplication::installTranslator(&german);
        const auto english = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); }); // also when a check fails

        // The core answers in English (with the message's form and arguments); the editor
        // shows it in German next to the field.
        PoolsEditor editor(m_session->config());
        QTRY_VERIFY_WITH_TIMEOUT(editor.grid()->rowCount() >= 5, 3000);
        editor.setCell(QStringLiteral("writer"), QStringLiteral("default"), {QStringLiteral("ghost")});
        const QList<ConfigIssue> reported = applyExpectingIssues(editor.applyBar(), m_session->config());
        QVERIFY(!reported.isEmpty());
        const QString german1 = QStringLiteral("„ghost“ ist weder Modell-ID noch Alias, zugeordneter oder Präfix-Name");
        QCOMPARE(reported.first().message, german1);
        bool shown = false;
        for (QLabel *label : editor.findChildren<QLabel *>())
            shown = shown || (label->isVisibleTo(&editor) && label->text().contains(german1));
        QVERIFY2(shown, "the German message is not next to the field");
        QVERIFY(editor.applyBar()->statusText().startsWith(QStringLiteral("Nicht angewendet")));

        // Type names inside a message are translated; the user's own text is not, even when
        // it holds a placeholder; a form the window does not know is shown as the core wrote it.
        QCOMPARE(localizedConfigIssue(QStringLiteral("must be a whole number, not %1"), {QStringLiteral("a string")}, {}),
                 QStringLiteral("muss eine ganze Zahl sein, nicht eine Zeichenkette"));
        QCOMPARE(localizedConfigIssue(QStringLiteral("must be one of %1 (is \"%2\")"), {QStringLiteral("\"x\""), QStringLiteral("%1")}, {}),
                 QStringLiteral("muss eins von \"x\" sein (ist „%1“)"));
        QCOMPARE(localizedConfigIssue(QStringLiteral("\"%1\" is not a model id or alias"), {QStringLiteral("unknown")}, {}),
                 QStringLiteral("„unknown“ ist keine Modell-ID und kein Alias"));
        QCOMPARE(localizedConfigIssue(QStringLiteral("a form from a newer core"), {}, QStringLiteral("a form from a newer core")),
                 QStringLiteral("a form from a newer core"));
        QCOMPARE(localizedConfigIssue({}, {}, QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(localizedCoreError(QStringLiteral("model_not_found"), QStringLiteral("no model \"x\"")), QStringLiteral("Es gibt kein Modell „x“."));
        QCOMPARE(localizedCoreError(QStringLiteral("load_refused"), QStringLiteral("\"llama-server\" was not found in PATH")),
                 QStringLiteral("„llama-server“ wurde im PATH nicht gefunden"));
        QCOMPARE(localizedCoreError(QStringLiteral("something_new"), QStringLiteral("as written")), QStringLiteral("as written"));
    }

    void catalogEditsAModel()
    {
        CatalogEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.modelList()->count(), 3, 3000);
        editor.selectModel(QStringLiteral("beta"));
        QCheckBox *declared = nullptr;
        for (QCheckBox *box : editor.findChildren<QCheckBox *>())
            if (box->text().startsWith(QStringLiteral("Declared")))
                declared = box;
        QVERIFY(declared);
        QVERIFY(!declared->isChecked()); // beta declares nothing: its abilities are unknown
        declared->setChecked(true);
        editor.capability(QStringLiteral("vision"))->setChecked(true);
        QLineEdit *strip = nullptr; // the parameters taken out of clients' requests
        for (QLineEdit *edit : editor.findChildren<QLineEdit *>())
            if (edit->placeholderText().startsWith(QStringLiteral("none; e.g. temperature")))
                strip = edit;
        QVERIFY(strip);
        strip->setText(QStringLiteral("temperature, top_k"));
        Q_EMIT strip->editingFinished();
        QVERIFY(applyAndWait(editor.applyBar()));
        const QJsonObject beta = runningConfig().value(QLatin1String("models")).toArray().at(1).toObject();
        QCOMPARE(beta.value(QLatin1String("id")).toString(), QStringLiteral("beta"));
        QCOMPARE(toStringList(beta.value(QLatin1String("capabilities"))), QStringList{QStringLiteral("vision")});
        QCOMPARE(toStringList(beta.value(QLatin1String("stripParams"))), (QStringList{QStringLiteral("temperature"), QStringLiteral("top_k")}));
    }

    void catalogLaunchCommandWithoutPortIsRefused()
    {
        CatalogEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.modelList()->count(), 3, 3000);
        editor.selectModel(QStringLiteral("alpha"));
        editor.launchCommand()->setText(QStringLiteral("llama-server -m /models/a.gguf"));
        Q_EMIT editor.launchCommand()->editingFinished();
        const QList<ConfigIssue> reported = applyExpectingIssues(editor.applyBar(), m_session->config());
        QVERIFY(!reported.isEmpty());
        QVERIFY2(reported.first().path.startsWith(QStringLiteral("models[0]")), qPrintable(reported.first().path));
        QVERIFY(!runningConfig().value(QLatin1String("models")).toArray().at(0).toObject().contains(QLatin1String("launch")));
    }

    void catalogFieldsWriteTheLaunchCommand()
    {
        const QJsonObject before = m_session->config()->working();
        QJsonObject document = before;
        QJsonArray backends = document.value(QLatin1String("backends")).toArray();
        backends.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("local")}, {QStringLiteral("protocol"), QStringLiteral("openai")},
                                    {QStringLiteral("managed"), true}});
        QJsonArray models = document.value(QLatin1String("models")).toArray();
        models.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("delta")}, {QStringLiteral("backend"), QStringLiteral("local")}});
        document.insert(QStringLiteral("backends"), backends);
        document.insert(QStringLiteral("models"), models);
        m_session->config()->setWorking(document);
        CatalogEditor editor(m_session->config());
        QTRY_COMPARE_WITH_TIMEOUT(editor.modelList()->count(), 4, 3000);
        editor.selectModel(QStringLiteral("delta"));
        const auto command = [this] {
            QStringList argv;
            for (const QJsonValue &a : m_session->config()->working().value(QLatin1String("models")).toArray().at(3)[QLatin1String("launch")][QLatin1String("command")].toArray())
                argv << a.toString();
            return argv.join(u' ');
        };
        // A model file chosen for a model without a command: the usual llama-server command.
        editor.chooseModelFile(QStringLiteral("/nonexistent/models/delta-q4.gguf"));
        QCOMPARE(command(), QStringLiteral("llama-server --port ${PORT} -m /nonexistent/models/delta-q4.gguf"));
        editor.gpuLayers()->setValue(99);
        editor.contextSize()->setValue(8192);
        QCOMPARE(command(), QStringLiteral("llama-server --port ${PORT} -m /nonexistent/models/delta-q4.gguf -ngl 99 -c 8192"));
        QCOMPARE(m_session->config()->working().value(QLatin1String("models")).toArray().at(3)[QLatin1String("contextTokens")].toInt(), 8192);
        editor.gpuLayers()->setValue(-1); // "not set" removes it
        QCOMPARE(command(), QStringLiteral("llama-server --port ${PORT} -m /nonexistent/models/delta-q4.gguf -c 8192"));
        // Written by hand, the fields follow the command.
        editor.launchCommand()->setText(QStringLiteral("llama-server --model=/nonexistent/b.gguf --n-gpu-layers 20 --port ${PORT}"));
        Q_EMIT editor.launchCommand()->editingFinished();
        QCOMPARE(editor.modelFile()->text(), QStringLiteral("/nonexistent/b.gguf"));
        QCOMPARE(editor.gpuLayers()->value(), 20);
        // Another server's -m means something else: the llama-server fields step back.
        editor.launchCommand()->setText(QStringLiteral("python3 -m vllm.entrypoints.openai.api_server --port ${PORT}"));
        Q_EMIT editor.launchCommand()->editingFinished();
        QVERIFY(!editor.modelFile()->isEnabled() && !editor.gpuLayers()->isEnabled());
        editor.launchCommand()->setText(QStringLiteral("llama-server --model=/nonexistent/b.gguf --n-gpu-layers 20 --port ${PORT}"));
        Q_EMIT editor.launchCommand()->editingFinished();
        QVERIFY(editor.modelFile()->isEnabled());

        // Taken, but the core says the file is not there (and the program, if not installed).
        QSignalSpy reloaded(m_session->config(), &ConfigDocument::loaded);
        QVERIFY(applyAndWait(editor.applyBar()));
        QVERIFY2(editor.applyBar()->statusText().contains(QStringLiteral("the model file \"/nonexistent/b.gguf\" does not exist")),
                 qPrintable(editor.applyBar()->statusText()));
        QTRY_VERIFY(reloaded.count() >= 1); // the document reloads the running config (and its ETag) after an apply
        m_session->config()->setWorking(before);
        QVERIFY(applyAndWait(editor.applyBar()));
        QCOMPARE(runningConfig().value(QLatin1String("models")).toArray().size(), 3);
    }

    void windowShowsTheConnectionAndOpensEveryPage()
    {
        MainWindow window(m_session.get());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionLabel()->text().contains(QStringLiteral("Connected")), 5000);
        for (int page = 0; page < int(MainWindow::Page::Count); ++page) {
            QWidget *shown = window.showPage(MainWindow::Page(page));
            QVERIFY(shown);
            QCOMPARE(window.currentPage(), MainWindow::Page(page));
        }
    }

    // Keyboard only: from the sidebar, Tab walks every page's controls (each table is one
    // stop, not one per cell) and comes back to the sidebar; every enabled control on the
    // page is on the way, the editors' Apply too once there is something to apply.
    void keyboardWalkReachesEveryControlOfEveryPage()
    {
        MainWindow window(m_session.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->models()->rowCount(), 3, 5000);
        auto *sidebar = window.findChild<QWidget *>(QStringLiteral("sidebar"));
        QVERIFY(sidebar);
        for (int page = 0; page < int(MainWindow::Page::Count); ++page) {
            QWidget *shown = window.showPage(MainWindow::Page(page));
            if (auto *settings = qobject_cast<SettingsEditor *>(shown)) {
                QSpinBox *spin = settings->spinBox(QStringLiteral("fallback.maxAttempts"));
                spin->setValue(spin->value() + 1); // something to apply: Apply and Revert take focus
            }
            QVERIFY(page != int(MainWindow::Page::Dashboard) || qobject_cast<DashboardView *>(shown));
            if (auto *dashboard = qobject_cast<DashboardView *>(shown)) {
                // A row chosen with the arrow keys: its Load / Unload / Pin buttons join the walk.
                dashboard->table()->setFocus(Qt::TabFocusReason);
                QTest::keyClick(dashboard->table(), Qt::Key_Down);
                QTRY_VERIFY_WITH_TIMEOUT(dashboard->table()->selectionModel()->hasSelection(), 2000);
            }
            QApplication::processEvents();
            sidebar->setFocus(Qt::TabFocusReason);
            QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), sidebar, 2000);
            QSet<QWidget *> visited;
            int presses = 0;
            do {
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
                visited.insert(QApplication::focusWidget());
            } while (QApplication::focusWidget() != sidebar && ++presses < 200);
            QVERIFY2(presses < 60, qPrintable(QStringLiteral("page %1: %2 presses to come back to the sidebar").arg(page).arg(presses)));
            for (QWidget *w : shown->findChildren<QWidget *>()) {
                if (!w->isVisibleTo(&window) || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus) || w->focusProxy())
                    continue;
                QVERIFY2(visited.contains(w), qPrintable(QStringLiteral("page %1: %2 \"%3\" is never reached by Tab")
                                                             .arg(page)
                                                             .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())));
            }
        }
    }

    void lostCoreIsShownAndRetried()
    {
        MainWindow window(m_session.get());
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionLabel()->text().contains(QStringLiteral("Connected")), 5000);
        m_core->stop();
        QTRY_COMPARE_WITH_TIMEOUT(m_session->link()->state(), CoreLink::State::Connecting, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionLabel()->text().contains(QStringLiteral("Reconnecting")), 5000);
    }
};

QTEST_MAIN(TstEditors)
#include "tst_editors.moc"
