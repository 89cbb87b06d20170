#pragma once
// The control center: a sidebar of views and editors (each built the first time it is
// opened), the connection state always in the status bar, "Attach to…" a remote core, and
// a tray icon with quick load/unload and a notice when a model fails. It talks to the core
// only over HTTP and the feed, exactly as it would to a headless Switchyard elsewhere.

#include <QMainWindow>
#include <QUrl>
#include <array>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;
class QSystemTrayIcon;

namespace sy::ui {

class Session;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Page { Dashboard, Charts, Requests, Logs, Playground, RoutePreview, Connect, Agents, Pools, Settings, Catalog, Count };

    // `session` is attached (or will be) by the caller; the window does not own it.
    explicit MainWindow(Session *session, QWidget *parent = nullptr);

    // The core started by this process, offered as "Attach to this computer's core".
    void setLocalCore(const QUrl &base, const QByteArray &token);
    QWidget *showPage(Page page);
    QWidget *page(Page page) const { return m_pages[std::size_t(page)]; }
    Page currentPage() const;
    QLabel *connectionLabel() const { return m_connection; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *createPage(Page page);
    void buildMenus();
    void buildTray();
    void fillTrayMenu();
    void updateConnection();
    void updateSummary();
    void attachDialog();
    void notifyFailure(const QString &id, const QString &error);

    Session *m_session;
    QListWidget *m_sidebar;
    QStackedWidget *m_stack;
    std::array<QWidget *, std::size_t(Page::Count)> m_pages{};
    QLabel *m_connection;
    QLabel *m_summary;
    QLabel *m_endpoint;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_trayMenu = nullptr;
    QUrl m_localBase;
    QByteArray m_localToken;
    bool m_closeToTray = false;
    bool m_quitting = false;
};

} // namespace sy::ui
