#pragma once
// Follows another Switchyard (a node, config nodes[]): its models and their live state are
// mirrored from its /ws feed (a snapshot on every connect, then its deltas), so they join
// this pool as "<node>/<model>". When the feed drops, the node is unreachable at once and
// its models leave every chain; it reconnects with back-off (0.5 s doubling to 10 s) and a
// fresh snapshot brings them back. A ping every 3 s catches a node that stops answering
// without closing. Load, unload and pin are forwarded to its management API.

#include "pool/launchdriver.h"
#include "store/config.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QWebSocket>
#include <map>
#include <vector>

namespace sy::http {
class UpstreamPool;
}

namespace sy::pool {

struct NodeModel {
    QString name;       // its id on the node
    QJsonObject fields; // the node's model object (state, port, memory, in flight, ...)
    QString state() const { return fields.value(QLatin1String("state")).toString(); }
    int load() const; // in flight + queued on the node
};

class NodeMonitor : public QObject, public LaunchDriver {
    Q_OBJECT
public:
    NodeMonitor(http::UpstreamPool &upstreams, const config::NodeConfig &node, QObject *parent = nullptr);
    ~NodeMonitor() override;

    const QString &nodeId() const { return m_node.id; }
    const config::NodeConfig &config() const { return m_node; }
    QString idFor(const QString &name) const { return m_node.id + QLatin1Char('/') + name; }
    // The node's name for a client-facing id ("gpu1/coder" -> "coder"), if it is one of its models.
    QString nameFor(const QString &id) const;

    const std::vector<NodeModel> &models() const { return m_models; }
    const NodeModel *model(const QString &name) const;
    bool reachable() const { return m_reachable; }
    const QString &error() const { return m_error; }
    const QJsonObject &system() const { return m_system; } // the node's own system object

    // The launch driver: the node loads and queues its models itself, so actions are sent to
    // its management API, and a model is warm and busy as the node's feed says.
    DriverStatus status(const QString &name) const override;
    void load(const QString &name, int, Done done) override { act(name, "load", std::move(done)); }
    void unload(const QString &name, Done done) override { act(name, "unload", std::move(done)); }
    void setPinned(const QString &name, bool pinned, int, Done done) override { act(name, pinned ? "pin" : "unpin", std::move(done)); }

Q_SIGNALS:
    void modelChanged(const QString &id);
    void countersChanged();
    void listChanged();

private:
    void act(const QString &name, const QByteArray &verb, Done done);
    void connectFeed();
    void onMessage(const QString &text);
    void onDisconnected();
    void setUnreachable(const QString &error);
    // Takes the node's list: true when its models are others than before; when they are the
    // same, only those whose fields changed are announced (modelChanged).
    bool replaceModels(const QJsonArray &models);
    NodeModel *find(const QString &name);

    http::UpstreamPool &m_upstreams;
    config::NodeConfig m_node;
    QByteArray m_token;
    QWebSocket m_socket;
    QTimer m_reconnect;
    QTimer m_handshake; // a node that takes the connection but never completes the upgrade
    QTimer m_ping;
    QString m_dropReason; // why we closed the feed ourselves, for the error
    int m_backoffMs = 500;
    bool m_awaitingPong = false;
    bool m_reachable = false;
    QString m_error;
    std::vector<NodeModel> m_models;
    std::map<quint64, Done> m_pendingActions; // answered on completion, or by the destructor
    quint64 m_lastAction = 0;
    QJsonObject m_system;
};

} // namespace sy::pool
