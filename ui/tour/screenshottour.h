#pragma once
// `switchyard --screenshot-tour DIR`: walks the window as a person would — waits for the
// models, loads one, sends it a few requests, opens every view and editor, tries an
// invalid setting, unloads the model — and saves a PNG of the window at each step, then
// quits. scripts/screenshots runs it under Xvfb.

#include <QDir>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <vector>

class QNetworkAccessManager;

namespace sy::ui {

class MainWindow;
class Session;

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, Session *session, const QString &directory, QObject *parent = nullptr);
    void start();

private:
    struct Step {
        QString what;
        std::function<bool()> ready; // polled until true
        std::function<void()> action;
        int timeoutMs = 20000;
    };
    void add(const QString &what, std::function<bool()> ready, std::function<void()> action, int timeoutMs = 20000);
    void poll();
    void shoot(const QString &name);
    void sendRequests(const QString &model, int count);
    QString modelState(const QString &id) const;
    QString pickModel() const;

    MainWindow *m_window;
    Session *m_session;
    QDir m_dir;
    QNetworkAccessManager *m_network;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    QTimer m_timer;
    QElapsedTimer m_stepClock;
    QString m_model;
    bool m_previewed = false;
    bool m_played = false;
    int m_failures = 0;
};

} // namespace sy::ui
