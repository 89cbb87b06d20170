#pragma once
// The window's only way to the core: the management REST API and the /ws feed, over the
// network even when the core runs in the same process, so the same window can attach to
// a headless Switchyard elsewhere. Reconnects on its own, and asks for a fresh snapshot
// when the feed's revisions skip.

#include "restclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <functional>

class QWebSocket;

namespace sy::ui {

using RestReply = client::RestReply;

class CoreLink : public QObject {
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)

    explicit CoreLink(QObject *parent = nullptr);
    ~CoreLink() override;

    // Connects (again) to a core: `base` like http://127.0.0.1:6103, the admin token.
    void connectTo(const QUrl &base, const QByteArray &token);
    void disconnectFromCore();
    QUrl base() const { return m_base; }
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }

    using Done = std::function<void(const RestReply &)>;
    void get(const QString &path, Done done);
    void send(const QByteArray &method, const QString &path, const QByteArray &body, Done done,
              const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // The path of a model server's output: its newest `lines`, only those after line `after`
    // when given, each with its time when `withTimes`.
    static QString modelLogsPath(const QString &model, int lines, qint64 after = 0, bool withTimes = false);

    // The names a client's model picker shows (/v1/models: ids, aliases and the policies).
    void listModelNames(std::function<void(const QStringList &names)> done);

    // Feed topics beyond the default messages ("requests", "logs"); kept across reconnects.
    void subscribe(const QStringList &topics);

    // Operator actions on a model (answers through modelChanged, or actionFailed).
    void loadModel(const QString &id);
    void unloadModel(const QString &id);
    void pinModel(const QString &id, bool pinned);
    void resetCooldown(const QString &id);

Q_SIGNALS:
    void stateChanged(sy::ui::CoreLink::State state);
    void snapshot(const QJsonArray &models, const QJsonObject &system);
    void modelChanged(const QJsonObject &model);
    void counters(const QJsonArray &models, const QJsonObject &system);
    void requestFinished(const QJsonObject &record);
    void configChanged(const QJsonArray &diff, const QString &source);
    void logLines(const QJsonArray &lines);
    void actionFailed(const QString &message);

private:
    void setState(State state, const QString &error = {});
    void openFeed();
    void scheduleReconnect();
    void onFeedMessage(const QString &text);
    void action(const QString &path);

    client::RestClient *m_rest;
    QWebSocket *m_feed;
    QTimer m_reconnect;
    int m_backoffMs = 0;
    QUrl m_base;
    QByteArray m_token;
    State m_state = State::Disconnected;
    QString m_lastError;
    QStringList m_topics;
    double m_rev = -1;
    bool m_wanted = false; // connectTo was called and not undone
};

} // namespace sy::ui
