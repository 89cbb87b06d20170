#include "mainwindow.h"

#include "client/corelink.h"
#include "client/session.h"
#include "editors/agentseditor.h"
#include "editors/catalogeditor.h"
#include "editors/poolseditor.h"
#include "editors/settingseditor.h"
#include "models/coremessages.h"
#include "models/modeltablemodel.h"
#include "views/attachdialog.h"
#include "views/chartsview.h"
#include "views/connectview.h"
#include "views/dashboardview.h"
#include "views/logsview.h"
#include "views/playgroundview.h"
#include "views/requestsview.h"
#include "views/routepreviewview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolButton>

namespace sy::ui {
namespace {

const char *const kCloseToTrayKey = "ui/closeToTray";

} // namespace

MainWindow::MainWindow(Session *session, QWidget *parent)
    : QMainWindow(parent), m_session(session), m_sidebar(new QListWidget(this)), m_stack(new QStackedWidget(this)),
      m_connection(new QLabel(this)), m_summary(new QLabel(this)), m_endpoint(new QLabel(this))
{
    setWindowTitle(tr("Switchyard"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/switchyard.svg")));
    m_closeToTray = QSettings().value(QLatin1String(kCloseToTrayKey), false).toBool();

    const QString titles[] = {tr("Dashboard"), tr("Charts"), tr("Requests"), tr("Logs"), tr("Playground"), tr("Route preview"), tr("Connect a client"),
                              tr("Agents"), tr("Pools and modes"), tr("Fallback and TTL"), tr("Model catalog")};
    for (int i = 0; i < int(Page::Count); ++i) {
        if (i == int(Page::Agents)) {
            auto *section = new QListWidgetItem(tr("Editors"), m_sidebar);
            section->setFlags(Qt::NoItemFlags);
            QFont font = section->font();
            font.setBold(true);
            section->setFont(font);
        }
        auto *item = new QListWidgetItem(titles[i], m_sidebar);
        item->setData(Qt::UserRole, i);
        if (i < 10)
            item->setToolTip(tr("Ctrl+%1").arg((i + 1) % 10)); // the tenth page is Ctrl+0
        m_stack->addWidget(new QWidget(m_stack)); // a placeholder until the page is first opened
    }
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setStyleSheet(QStringLiteral("QListWidget::item { padding: 5px 10px; }"));
    // Where the keyboard is, plainly: tables and lists draw a highlight-coloured frame while
    // they have the focus (the style's own marker is a faint line).
    setStyleSheet(QStringLiteral("QAbstractItemView:focus { border: 2px solid palette(highlight); }"));
    m_sidebar->setFixedWidth(m_sidebar->sizeHintForColumn(0) + 44);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    connect(m_sidebar, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && item->data(Qt::UserRole).isValid())
            showPage(Page(item->data(Qt::UserRole).toInt()));
    });

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy URL"));
    copy->setToolTip(tr("Copy the OpenAI-compatible base URL"));
    connect(copy, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_session->link()->base().toString() + QStringLiteral("/v1"));
        statusBar()->showMessage(tr("Copied."), 2000);
    });
    statusBar()->addWidget(m_connection);
    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_endpoint);
    statusBar()->addPermanentWidget(copy);

    buildMenus();
    buildTray();
    connect(m_session->link(), &CoreLink::stateChanged, this, &MainWindow::updateConnection);
    connect(m_session->models(), &QAbstractItemModel::modelReset, this, &MainWindow::updateSummary);
    connect(m_session->models(), &QAbstractItemModel::dataChanged, this, &MainWindow::updateSummary);
    connect(m_session->models(), &ModelTableModel::modelFailed, this, &MainWindow::notifyFailure);
    connect(m_session->link(), &CoreLink::actionFailed, this, [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    updateConnection();
    m_sidebar->setCurrentRow(0);
    resize(1180, 720);
}

void MainWindow::setLocalCore(const QUrl &base, const QByteArray &token)
{
    m_localBase = base;
    m_localToken = token;
}

MainWindow::Page MainWindow::currentPage() const
{
    for (int i = 0; i < int(Page::Count); ++i)
        if (m_pages[std::size_t(i)] && m_stack->currentWidget() == m_pages[std::size_t(i)])
            return Page(i);
    return Page::Dashboard;
}

QWidget *MainWindow::showPage(Page page)
{
    const std::size_t index = std::size_t(page);
    if (!m_pages[index]) {
        QWidget *placeholder = m_stack->widget(int(index));
        m_pages[index] = createPage(page);
        m_stack->insertWidget(int(index), m_pages[index]);
        m_stack->removeWidget(placeholder);
        placeholder->deleteLater();
    }
    m_stack->setCurrentWidget(m_pages[index]);
    for (int row = 0; row < m_sidebar->count(); ++row) {
        if (m_sidebar->item(row)->data(Qt::UserRole) == int(page) && m_sidebar->currentRow() != row) {
            const QSignalBlocker block(m_sidebar);
            m_sidebar->setCurrentRow(row);
        }
    }
    return m_pages[index];
}

QWidget *MainWindow::createPage(Page page)
{
    Session *s = m_session;
    switch (page) {
    case Page::Dashboard: {
        auto *view = new DashboardView(s->link(), s->models(), this);
        connect(view, &DashboardView::showLogsRequested, this, [this](const QString &id) {
            static_cast<LogsView *>(showPage(Page::Logs))->showSource(id);
        });
        return view;
    }
    case Page::Charts:
        return new ChartsView(s->stats(), this);
    case Page::Requests:
        return new RequestsView(s->link(), s->requests(), this);
    case Page::Logs:
        return new LogsView(s->link(), s->models(), this);
    case Page::Playground:
        return new PlaygroundView(s->link(), this);
    case Page::RoutePreview:
        return new RoutePreviewView(s->link(), this);
    case Page::Connect:
        return new ConnectView(s->link(), s->config(), this);
    case Page::Agents:
        return new AgentsEditor(s->config(), this);
    case Page::Pools:
        return new PoolsEditor(s->config(), this);
    case Page::Settings:
        return new SettingsEditor(s->config(), this);
    case Page::Catalog:
        return new CatalogEditor(s->config(), this);
    case Page::Count:
        break;
    }
    return new QWidget(this);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&Switchyard"));
    file->addAction(tr("&Attach to…"), QKeySequence(QStringLiteral("Ctrl+Shift+A")), this, &MainWindow::attachDialog);
    QAction *local = file->addAction(tr("Attach to this &computer's core"), this, [this] {
        if (!m_localBase.isEmpty())
            m_session->attach(m_localBase, m_localToken);
    });
    connect(file, &QMenu::aboutToShow, this, [this, local] {
        local->setEnabled(!m_localBase.isEmpty() && m_session->link()->base() != m_localBase);
    });
    file->addSeparator();
    QAction *closeToTray = file->addAction(tr("&Close to tray"));
    closeToTray->setCheckable(true);
    closeToTray->setChecked(m_closeToTray);
    closeToTray->setToolTip(tr("Closing the window keeps Switchyard running in the tray"));
    connect(closeToTray, &QAction::toggled, this, [this](bool on) {
        m_closeToTray = on;
        QSettings().setValue(QLatin1String(kCloseToTrayKey), on);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, [this] {
        m_quitting = true;
        QApplication::quit();
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int row = 0; row < m_sidebar->count(); ++row) {
        const QVariant page = m_sidebar->item(row)->data(Qt::UserRole);
        if (!page.isValid())
            continue;
        view->addAction(m_sidebar->item(row)->text(),
                        page.toInt() < 10 ? QKeySequence(QStringLiteral("Ctrl+%1").arg((page.toInt() + 1) % 10)) : QKeySequence(), this,
                        [this, page] { showPage(Page(page.toInt())); });
    }
    QMenu *language = view->addMenu(tr("&Language"));
    const QString chosen = QSettings().value(QStringLiteral("ui/language")).toString();
    const std::pair<QString, QString> languages[] = {{QString(), tr("System default")}, {QStringLiteral("en"), QStringLiteral("English")},
                                                     {QStringLiteral("de"), QStringLiteral("Deutsch")}};
    auto *group = new QActionGroup(language);
    for (const auto &[code, name] : languages) {
        QAction *action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == chosen);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("ui/language"), code);
            QMessageBox::information(this, tr("Language"), tr("The language changes the next time Switchyard starts."));
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchyard"), this, [this] {
        QMessageBox::about(this, tr("About Switchyard"),
                           tr("<h3>Switchyard %1</h3><p>A local LLM control center: one endpoint for every client, "
                              "routing with fallbacks, and the pool of local model servers.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return; // no tray on this desktop: notices go to the status bar
    m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/tray-offline.svg")), this);
    m_trayMenu = new QMenu(this);
    connect(m_trayMenu, &QMenu::aboutToShow, this, &MainWindow::fillTrayMenu);
    m_tray->setContextMenu(m_trayMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            setVisible(!isVisible() || isMinimized());
            if (isVisible()) {
                showNormal();
                activateWindow();
            }
        }
    });
    m_tray->show();
}

void MainWindow::fillTrayMenu()
{
    m_trayMenu->clear();
    QAction *status = m_trayMenu->addAction(m_summary->text().isEmpty() ? m_connection->text() : m_summary->text());
    status->setEnabled(false);
    m_trayMenu->addAction(tr("Show Switchyard"), this, [this] {
        showNormal();
        activateWindow();
    });
    QMenu *load = m_trayMenu->addMenu(tr("Load"));
    QMenu *unload = m_trayMenu->addMenu(tr("Unload"));
    const ModelTableModel *models = m_session->models();
    for (int row = 0; row < models->rowCount(); ++row) {
        const QJsonObject m = models->model(row);
        if (m.value(QLatin1String("kind")).toString() == QLatin1String("remote"))
            continue;
        const QString id = m.value(QLatin1String("id")).toString();
        const QString state = m.value(QLatin1String("state")).toString();
        const bool loaded = state == QLatin1String("hot") || state == QLatin1String("busy") || state == QLatin1String("starting");
        (loaded ? unload : load)->addAction(id, this, [this, id, loaded] {
            if (loaded)
                m_session->link()->unloadModel(id);
            else
                m_session->link()->loadModel(id);
        });
    }
    load->setEnabled(!load->isEmpty());
    unload->setEnabled(!unload->isEmpty());
    m_trayMenu->addSeparator();
    m_trayMenu->addAction(tr("Quit"), this, [this] {
        m_quitting = true;
        QApplication::quit();
    });
}

void MainWindow::updateConnection()
{
    const CoreLink *link = m_session->link();
    const QString where = link->base().toString();
    QString text;
    QString color;
    switch (link->state()) {
    case CoreLink::State::Connected:
        text = tr("Connected to %1").arg(where);
        color = QStringLiteral("#2e9d5a");
        break;
    case CoreLink::State::Connecting:
        text = link->lastError().isEmpty() ? tr("Connecting to %1…").arg(where) : tr("Reconnecting to %1 (%2)…").arg(where, link->lastError());
        color = QStringLiteral("#d08a1c");
        break;
    case CoreLink::State::Disconnected:
        text = link->lastError().isEmpty() ? tr("Not connected") : tr("Not connected: %1").arg(link->lastError());
        color = QStringLiteral("#c83232");
        break;
    }
    m_connection->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color, text.toHtmlEscaped()));
    m_connection->setToolTip(text);
    m_endpoint->setText(where.isEmpty() ? QString() : tr("OpenAI base URL: %1/v1").arg(where));
    setWindowTitle(link->state() == CoreLink::State::Connected ? tr("Switchyard — %1").arg(where) : tr("Switchyard (not connected)"));
    if (m_tray)
        m_tray->setToolTip(text);
    updateSummary();
}

void MainWindow::updateSummary()
{
    const ModelTableModel *models = m_session->models();
    int loaded = 0;
    int failed = 0;
    for (int row = 0; row < models->rowCount(); ++row) {
        const QString state = models->model(row).value(QLatin1String("state")).toString();
        loaded += state == QLatin1String("hot") || state == QLatin1String("busy");
        failed += state == QLatin1String("failed");
    }
    QString text = tr("%n model(s)", nullptr, models->rowCount()) + QStringLiteral(" · ") + tr("%n loaded", nullptr, loaded);
    if (failed > 0)
        text += QStringLiteral(" · ") + tr("%n failed", nullptr, failed);
    if (m_summary->text() != text)
        m_summary->setText(text);
    if (m_tray) {
        const bool connected = m_session->link()->state() == CoreLink::State::Connected;
        m_tray->setIcon(QIcon(!connected ? QStringLiteral(":/icons/tray-offline.svg")
                              : failed > 0 ? QStringLiteral(":/icons/tray-error.svg") : QStringLiteral(":/icons/tray-ok.svg")));
    }
}

void MainWindow::notifyFailure(const QString &id, const QString &error)
{
    const QString title = tr("Model %1 failed").arg(id);
    const QString firstLine = localizedFailureCause(error.section(QLatin1String("; last output:"), 0, 0).section(QLatin1Char('\n'), 0, 0));
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, firstLine, QSystemTrayIcon::Warning, 10000);
    statusBar()->showMessage(title + QStringLiteral(": ") + firstLine, 15000);
}

void MainWindow::attachDialog()
{
    AttachDialog dialog(m_session->link()->base(), this);
    if (dialog.exec() == QDialog::Accepted)
        m_session->attach(dialog.url(), dialog.token());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeToTray && m_tray && m_tray->isVisible() && !m_quitting) {
        hide();
        m_tray->showMessage(tr("Switchyard keeps running"), tr("The router and your models stay up; quit from this icon's menu."),
                            QSystemTrayIcon::Information, 4000);
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

} // namespace sy::ui
