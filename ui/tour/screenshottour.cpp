#include "tour/screenshottour.h"

#include "client/corelink.h"
#include "client/session.h"
#include "editors/applybar.h"
#include "editors/editorpage.h"
#include "editors/settingseditor.h"
#include "mainwindow.h"
#include "models/modeltablemodel.h"
#include "models/requesttablemodel.h"
#include "views/connectview.h"
#include "views/logsview.h"
#include "views/playgroundview.h"
#include "views/requestsview.h"
#include "views/routepreviewview.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <cstdio>

namespace sy::ui {
namespace {

bool after(QElapsedTimer &clock, int ms)
{
    return clock.elapsed() >= ms;
}

} // namespace

ScreenshotTour::ScreenshotTour(MainWindow *window, Session *session, const QString &directory, QObject *parent)
    : QObject(parent), m_window(window), m_session(session), m_dir(directory), m_network(new QNetworkAccessManager(this))
{
    m_dir.mkpath(QStringLiteral("."));
    // SWITCHYARD_TOUR_SIZE=1024x700: the window size to shoot at (scripts/screenshots sets it).
    const QStringList size = qEnvironmentVariable("SWITCHYARD_TOUR_SIZE").split(QLatin1Char('x'));
    if (size.size() == 2 && size[0].toInt() > 0 && size[1].toInt() > 0)
        m_window->resize(size[0].toInt(), size[1].toInt());
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ScreenshotTour::poll);
}

QString ScreenshotTour::modelState(const QString &id) const
{
    const int row = m_session->models()->rowOf(id);
    return row < 0 ? QString() : m_session->models()->model(row).value(QLatin1String("state")).toString();
}

QString ScreenshotTour::pickModel() const
{
    // The slowest-starting cold managed model, so "starting" stays on screen long enough.
    QString best;
    double bestExpected = -1;
    const ModelTableModel *models = m_session->models();
    for (int row = 0; row < models->rowCount(); ++row) {
        const QJsonObject m = models->model(row);
        if (m.value(QLatin1String("kind")) != QLatin1String("managed") || m.value(QLatin1String("state")) != QLatin1String("cold"))
            continue;
        const double expected = m.value(QLatin1String("expectedBytes")).toDouble();
        if (expected > bestExpected) {
            best = m.value(QLatin1String("id")).toString();
            bestExpected = expected;
        }
    }
    return best;
}

void ScreenshotTour::add(const QString &what, std::function<bool()> ready, std::function<void()> action, int timeoutMs)
{
    m_steps.push_back({what, std::move(ready), std::move(action), timeoutMs});
}

void ScreenshotTour::shoot(const QString &name)
{
    const QString path = m_dir.filePath(name + QStringLiteral(".png"));
    if (m_window->grab().save(path))
        std::printf("screenshot: %s\n", qPrintable(path));
    else
        std::fprintf(stderr, "screenshot: could not save %s\n", qPrintable(path));
    std::fflush(stdout);
}

void ScreenshotTour::sendRequests(const QString &model, int count)
{
    for (int i = 0; i < count; ++i) {
        QNetworkRequest request(m_session->link()->base().resolved(QUrl(QStringLiteral("/v1/chat/completions"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("User-Agent", "screenshot-tour");
        const QJsonObject body{{QStringLiteral("model"), model},
                               {QStringLiteral("stream"), i % 2 == 0},
                               {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                                   {QStringLiteral("content"), QStringLiteral("Write a haiku about trains, take %1").arg(i)}}}}};
        QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
}

void ScreenshotTour::start()
{
    Session *s = m_session;
    MainWindow *w = m_window;
    const auto page = [w](MainWindow::Page p) { return w->showPage(p); };
    const auto pause = [this](int ms) { return [this, ms] { return after(m_stepClock, ms); }; };

    add(QStringLiteral("models listed"), [s] { return s->link()->state() == CoreLink::State::Connected && s->models()->rowCount() > 0; },
        [this] { shoot(QStringLiteral("01-dashboard")); });
    add(QStringLiteral("a model starts"), pause(300), [this, s] {
        m_model = pickModel();
        if (!m_model.isEmpty())
            s->link()->loadModel(m_model);
    });
    add(QStringLiteral("it is starting"), [this] { return modelState(m_model) == QLatin1String("starting") || modelState(m_model) == QLatin1String("hot"); },
        [this] { shoot(QStringLiteral("02-dashboard-starting")); });
    add(QStringLiteral("it is loaded"), [this] { return modelState(m_model) == QLatin1String("hot"); }, [this] {
        sendRequests(m_model, 6);
        sendRequests(QStringLiteral("auto"), 2);
        sendRequests(QStringLiteral("no-such-model"), 1);
    });
    add(QStringLiteral("requests answered"), [s] { return s->requests()->rowCount() >= 9; }, [this] { shoot(QStringLiteral("03-dashboard-loaded")); }, 30000);
    add(QStringLiteral("requests view"), pause(200), [page] {
        static_cast<RequestsView *>(page(MainWindow::Page::Requests))->selectRow(0);
    });
    add(QStringLiteral("request detail"), pause(600), [this] { shoot(QStringLiteral("04-requests")); });
    add(QStringLiteral("charts"), pause(100), [page] { page(MainWindow::Page::Charts); });
    add(QStringLiteral("charts drawn"), pause(1500), [this] { shoot(QStringLiteral("05-charts")); });
    add(QStringLiteral("model log"), pause(100), [this, page] { static_cast<LogsView *>(page(MainWindow::Page::Logs))->showSource(m_model); });
    add(QStringLiteral("model log read"), pause(800), [this] { shoot(QStringLiteral("06-logs-model")); });
    add(QStringLiteral("core log"), pause(100), [page] { static_cast<LogsView *>(page(MainWindow::Page::Logs))->showSource({}); });
    add(QStringLiteral("core log read"), pause(800), [this] { shoot(QStringLiteral("07-logs-core")); });
    add(QStringLiteral("route preview"), pause(100), [this, page] {
        auto *view = static_cast<RoutePreviewView *>(page(MainWindow::Page::RoutePreview));
        connect(view, &RoutePreviewView::previewed, this, [this] { m_previewed = true; });
        QTimer::singleShot(400, view, [view] {
            view->modelBox()->setCurrentText(QStringLiteral("auto"));
            view->promptBox()->setPlainText(QStringLiteral("Write a Python function that parses a CSV file and sums a column."));
            view->preview();
        });
    });
    add(QStringLiteral("route previewed"), [this] { return m_previewed; }, [this] { shoot(QStringLiteral("08-route-preview")); });
    const std::pair<MainWindow::Page, const char *> editors[] = {{MainWindow::Page::Agents, "09-agents"},
                                                                 {MainWindow::Page::Pools, "10-pools"},
                                                                 {MainWindow::Page::Settings, "11-settings"},
                                                                 {MainWindow::Page::Catalog, "12-catalog"}};
    for (const auto &[editor, name] : editors) {
        add(QString::fromLatin1(name), pause(100), [page, editor] { page(editor); });
        add(QString::fromLatin1(name) + QStringLiteral(" shown"), pause(700), [this, name] { shoot(QString::fromLatin1(name)); });
    }
    add(QStringLiteral("an invalid setting"), pause(100), [page] {
        auto *settings = static_cast<SettingsEditor *>(page(MainWindow::Page::Settings));
        settings->spinBox(QStringLiteral("pool.portRange[0]"))->setValue(9000);
        settings->spinBox(QStringLiteral("pool.portRange[1]"))->setValue(8000);
        settings->applyBar()->setConfirm(false);
        settings->applyBar()->apply();
    });
    add(QStringLiteral("the core refused it"), pause(1200), [this, page, s] {
        shoot(QStringLiteral("13-settings-refused"));
        s->config()->revert();
        page(MainWindow::Page::Dashboard);
        s->link()->unloadModel(m_model);
    });
    add(QStringLiteral("model unloaded"), [this] { return modelState(m_model) == QLatin1String("cold"); }, [this, s] {
        shoot(QStringLiteral("14-dashboard-unloaded"));
        s->link()->loadModel(QStringLiteral("mistral-nemo-12b")); // the sample config's model whose server is not installed
    });
    add(QStringLiteral("a load failed"), [this] { return modelState(QStringLiteral("mistral-nemo-12b")) == QLatin1String("failed"); },
        [this] { shoot(QStringLiteral("15-dashboard-failed")); });
    add(QStringLiteral("playground"), pause(100), [this, page] {
        auto *view = static_cast<PlaygroundView *>(page(MainWindow::Page::Playground));
        connect(view, &PlaygroundView::finished, this, [this] { m_played = true; });
        view->setModel(QStringLiteral("auto"));
        view->setPrompt(QStringLiteral("Write a Python function that checks whether a string is a palindrome."));
        view->send();
    });
    add(QStringLiteral("playground answered"), [this] { return m_played; }, [this] { shoot(QStringLiteral("17-playground")); }, 30000);
    add(QStringLiteral("connect a client"), pause(100), [page] {
        auto *view = static_cast<ConnectView *>(page(MainWindow::Page::Connect));
        view->setModel(QStringLiteral("agent:Coder"));
        view->showClient(QStringLiteral("Claude Code"));
    });
    add(QStringLiteral("connect shown"), pause(800), [this] { shoot(QStringLiteral("16-connect")); });
    add(QStringLiteral("done"), pause(100), [this] {
        std::printf("screenshot tour: done, %d step(s) timed out\n", m_failures);
        std::fflush(stdout);
        QApplication::exit(m_failures == 0 ? 0 : 3);
    });
    m_stepClock.start();
    m_timer.start();
}

void ScreenshotTour::poll()
{
    if (m_next >= m_steps.size()) {
        m_timer.stop();
        return;
    }
    Step &step = m_steps[m_next];
    const bool timedOut = m_stepClock.elapsed() > step.timeoutMs;
    if (!step.ready() && !timedOut)
        return;
    if (timedOut) {
        ++m_failures;
        std::fprintf(stderr, "screenshot tour: \"%s\" did not happen in %d ms; going on\n", qPrintable(step.what), step.timeoutMs);
    }
    ++m_next;
    step.action();
    m_stepClock.restart();
}

} // namespace sy::ui
