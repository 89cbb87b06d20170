#pragma once
// The live feed on /ws (same port and token as the REST API): a snapshot on connect, then
// revision-numbered deltas: "model" on every state change, "counters" (TTL, memory, in
// flight, queued) at most four times a second, "models" when the set of models changes,
// "config" when the config changed, and, for sessions that subscribed to them, "request"
// events and batches of the core's "logs". Each message is serialised
// once per broadcast. Protocol: docs/api.md.

#include "api/admintoken.h"
#include "http/message.h"
#include "routing/proxyservices.h"
#include "record/requestrecord.h"
#include "util/log.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <vector>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace sy::api {

class Feed : public QObject, public record::RequestSink {
    Q_OBJECT
public:
    Feed(const routing::ProxyServices &services, QByteArray token, TokenGuard &guard, QObject *parent = nullptr);
    ~Feed() override;

    // The HTTP server's upgrade handler: accepts /ws upgrades that carry the token, and
    // takes their sockets (the handshake unread in them).
    bool acceptsUpgrade(const http::RequestHead &head, const QHostAddress &peer) const;
    void takeUpgrade(QTcpSocket *socket);
    int sessionCount() const { return int(m_sessions.size()); }
    quint64 revision() const { return m_rev; }

    void requestFinished(const record::RequestRecord &record) override;
    // The set of models changed (config reload): sessions get a fresh "models" list.
    void modelsReconfigured();
    // The config was changed (source "api" or "file"): a "config" event with the diff,
    // then the models list.
    void configChanged(const QJsonArray &diff, const QString &source);
    // Says goodbye to every watcher (close code 1001), so windows show the core is gone
    // at once instead of waiting for a dead socket to time out.
    void closeAll();

private:
    struct Session {
        QWebSocket *socket;
        QSet<QString> topics;
    };

    void onNewConnection();
    void onMessage(QWebSocket *socket, const QString &text);
    void onModelChanged(const QString &id);
    void flushCounters();
    void onLogLine(const log::Line &line);
    void flushLogs();
    void updateLogSubscription();
    void broadcast(const QJsonObject &message, const QString &topic = {});
    // To every session, or to those that subscribed to `topic`.
    void sendToTopic(const QString &text, const QString &topic);
    void send(QWebSocket *socket, const QJsonObject &message);
    QJsonObject snapshot() const;
    Session *session(QWebSocket *socket);

    const routing::ProxyServices &m_services;
    QByteArray m_token;
    TokenGuard &m_guard;
    QWebSocketServer *m_server;
    std::vector<Session> m_sessions;
    QTimer m_countersTimer;
    quint64 m_rev = 0;
    int m_logListener = 0;         // while a session wants "logs"
    std::vector<log::Line> m_pendingLogs;
    QTimer m_logsTimer;
};

} // namespace sy::api
