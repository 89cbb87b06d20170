#include "pool/nodemonitor.h"

#include "http/httpcall.h"
#include "http/origin.h"
#include "http/upstreampool.h"
#include "util/log.h"
#include "util/modelname.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>
#include <algorithm>
#include <utility>

namespace sy::pool {
namespace {

auto &lg()
{
    static auto l = sy::log::get("pool");
    return *l;
}

constexpr int kFirstBackoffMs = 500;
constexpr int kMaxBackoffMs = 10'000;
constexpr int kPingIntervalMs = 3000;
constexpr int kHandshakeTimeoutMs = 5000;
constexpr qsizetype kMaxMessageBytes = 16 * 1024 * 1024; // a snapshot of a large pool is far smaller

// A model name from a node's feed, shown in lists and the terminal: what a config may name a
// model (at most 256 bytes, no spaces, control or format characters). Others are left out.
bool isShowableName(const QString &name)
{
    return !name.isEmpty() && name.toUtf8().size() <= kMaxModelNameBytes && !hasInvisibleCharacters(name);
}

constexpr std::size_t kMaxModelsPerNode = 10'000;

} // namespace

int NodeModel::load() const
{
    return fields.value(QLatin1String("inFlight")).toInt() + fields.value(QLatin1String("queued")).toInt();
}

NodeMonitor::NodeMonitor(http::UpstreamPool &upstreams, const config::NodeConfig &node, QObject *parent)
    : QObject(parent), m_upstreams(upstreams), m_node(node), m_token(qgetenv(node.tokenEnv.toUtf8().constData()))
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &NodeMonitor::connectFeed);
    m_ping.setInterval(kPingIntervalMs);
    connect(&m_ping, &QTimer::timeout, this, [this] {
        if (m_awaitingPong) { // it stopped answering without closing
            m_dropReason = QStringLiteral("the node stopped answering on its feed (no pong within %1 s)").arg(kPingIntervalMs / 1000);
            m_socket.abort();
            return;
        }
        m_awaitingPong = true;
        m_socket.sendTextMessage(QStringLiteral("{\"type\":\"ping\"}"));
    });
    m_socket.setMaxAllowedIncomingMessageSize(quint64(kMaxMessageBytes));
    m_handshake.setSingleShot(true);
    m_handshake.setInterval(kHandshakeTimeoutMs);
    connect(&m_handshake, &QTimer::timeout, this, [this] {
        m_dropReason = QStringLiteral("the node did not connect and complete the feed's WebSocket handshake within %1 s").arg(kHandshakeTimeoutMs / 1000);
        m_socket.abort();
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_handshake.stop();
        m_backoffMs = kFirstBackoffMs;
        m_awaitingPong = false;
        m_ping.start(); // the snapshot comes by itself
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &NodeMonitor::onMessage);
    connect(&m_socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    if (m_token.isEmpty()) {
        setUnreachable(QStringLiteral("the environment variable %1 (its admin token) is not set").arg(m_node.tokenEnv));
        return;
    }
    connectFeed();
}

NodeMonitor::~NodeMonitor()
{
    // Closing the socket reports a state change, which must not reach members already gone.
    m_socket.disconnect(this);
    m_socket.abort();
    // Every action gets its answer, also when the node leaves the config meanwhile.
    for (auto &[id, done] : std::exchange(m_pendingActions, {}))
        done(QStringLiteral("node \"%1\" was removed from the config before it answered").arg(m_node.id));
}

QString NodeMonitor::nameFor(const QString &id) const
{
    const QString prefix = m_node.id + QLatin1Char('/');
    if (!id.startsWith(prefix))
        return {};
    const QString name = id.mid(prefix.size());
    return model(name) ? name : QString();
}

const NodeModel *NodeMonitor::model(const QString &name) const
{
    for (const NodeModel &m : m_models) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

NodeModel *NodeMonitor::find(const QString &name)
{
    return const_cast<NodeModel *>(model(name));
}

void NodeMonitor::connectFeed()
{
    QUrl url(m_node.url);
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    m_dropReason.clear();
    m_handshake.start();
    m_socket.open(request);
}

void NodeMonitor::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("pong")) {
        m_awaitingPong = false;
    } else if (type == QLatin1String("snapshot") || type == QLatin1String("models")) {
        m_system = message.value(QLatin1String("system")).toObject();
        const bool listed = replaceModels(message.value(QLatin1String("models")).toArray());
        if (!m_reachable)
            lg().info("node \"{}\" at {}: connected, {} models", m_node.id.toStdString(), m_node.url.toStdString(), m_models.size());
        const bool wasReachable = std::exchange(m_reachable, true);
        m_error.clear();
        if (listed || !wasReachable)
            Q_EMIT listChanged();
    } else if (type == QLatin1String("model")) {
        const QJsonObject fields = message.value(QLatin1String("model")).toObject();
        const QString name = fields.value(QLatin1String("id")).toString();
        if (fields.value(QLatin1String("kind")) == QLatin1String("node"))
            return; // its own nodes' models are not passed on (no request goes two hops)
        NodeModel *known = find(name);
        if (!known && (!isShowableName(name) || m_models.size() >= kMaxModelsPerNode))
            return;
        if (!known) {
            m_models.push_back({name, fields});
            Q_EMIT listChanged();
            return;
        }
        if (known->fields == fields)
            return;
        known->fields = fields;
        Q_EMIT modelChanged(idFor(name));
    } else if (type == QLatin1String("counters")) {
        const QJsonObject system = message.value(QLatin1String("system")).toObject();
        // The node's own memory and GPU figures are sampled there, not echoes of ours.
        bool changed = system.value(QLatin1String("memory")) != m_system.value(QLatin1String("memory")) ||
                       system.value(QLatin1String("gpu")) != m_system.value(QLatin1String("gpu"));
        m_system = system;
        for (const QJsonValue &v : message.value(QLatin1String("models")).toArray()) {
            const QJsonObject counters = v.toObject();
            const QString name = counters.value(QLatin1String("id")).toString();
            NodeModel *known = find(name);
            if (!known)
                continue;
            for (auto field = counters.begin(); field != counters.end(); ++field) {
                if (known->fields.value(field.key()) != field.value()) {
                    known->fields.insert(field.key(), field.value());
                    // The TTL left is recomputed for every message: by itself no change
                    // (clients count it down), or two nodes would echo it for as long as
                    // their models are loaded.
                    changed = changed || field.key() != QLatin1String("ttlRemainingS");
                }
            }
        }
        // Only a change is passed on: the front's own feed tells its clients, and one of them
        // may be this node (nodes that list each other, or a Switchyard listing itself) whose
        // feed would answer with the same counters, back and forth for ever.
        if (changed)
            Q_EMIT countersChanged();
    }
}

bool NodeMonitor::replaceModels(const QJsonArray &models)
{
    std::vector<NodeModel> fresh;
    for (const QJsonValue &v : models) {
        const QJsonObject fields = v.toObject();
        const QString name = fields.value(QLatin1String("id")).toString();
        if (fields.value(QLatin1String("kind")) == QLatin1String("node") || !isShowableName(name) || fresh.size() >= kMaxModelsPerNode)
            continue;
        fresh.push_back({name, fields});
    }
    const bool sameNames = std::equal(fresh.begin(), fresh.end(), m_models.begin(), m_models.end(),
                                      [](const NodeModel &a, const NodeModel &b) { return a.name == b.name; });
    if (!sameNames) {
        m_models = std::move(fresh);
        return true;
    }
    // The same models: only those that changed are passed on (see the counters in onMessage).
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        if (m_models[i].fields == fresh[i].fields)
            continue;
        m_models[i].fields = std::move(fresh[i].fields);
        Q_EMIT modelChanged(idFor(m_models[i].name));
    }
    return false;
}

void NodeMonitor::onDisconnected()
{
    m_ping.stop();
    m_handshake.stop();
    setUnreachable(!m_dropReason.isEmpty()             ? m_dropReason
                   : m_socket.closeReason().isEmpty() ? m_socket.errorString()
                                                      : m_socket.closeReason());
    if (!m_reconnect.isActive()) {
        m_reconnect.start(m_backoffMs);
        m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
    }
}

void NodeMonitor::setUnreachable(const QString &error)
{
    const bool was = m_reachable;
    m_reachable = false;
    m_error = error;
    if (was) {
        lg().warn("node \"{}\" at {} is unreachable: {}", m_node.id.toStdString(), m_node.url.toStdString(), error.toStdString());
        Q_EMIT listChanged();
    }
}

DriverStatus NodeMonitor::status(const QString &name) const
{
    // Gone from every chain while the node does not answer.
    const NodeModel *m = m_reachable ? model(name) : nullptr;
    if (!m)
        return {false, 0, false};
    const QString state = m->state();
    return {state == QLatin1String("hot") || state == QLatin1String("busy") || state == QLatin1String("remote"), m->load(), true};
}

void NodeMonitor::act(const QString &name, const QByteArray &verb, Done done)
{
    const auto origin = http::Origin::fromUrl(QUrl(m_node.url));
    if (!origin || m_token.isEmpty()) {
        done(m_error.isEmpty() ? QStringLiteral("node \"%1\" cannot be reached").arg(m_node.id) : m_error);
        return;
    }
    http::UpstreamRequestSpec spec;
    spec.origin = *origin;
    spec.method = "POST";
    spec.target = "/api/v1/models/" + QUrl::toPercentEncoding(name) + '/' + verb;
    spec.headers.add(QByteArrayLiteral("Authorization"), "Bearer " + m_token);
    spec.timeouts.connect = std::chrono::seconds(3);
    spec.timeouts.firstByte = std::chrono::seconds(10);
    spec.timeouts.idle = std::chrono::seconds(10);
    const QString nodeId = m_node.id;
    const quint64 action = ++m_lastAction;
    m_pendingActions.emplace(action, std::move(done));
    http::HttpCall::start(m_upstreams, std::move(spec), this, [this, action, nodeId](const http::HttpCallResult &r) {
        const auto pending = m_pendingActions.find(action);
        if (pending == m_pendingActions.end())
            return;
        const Done done = std::move(pending->second);
        m_pendingActions.erase(pending);
        if (r.ok()) {
            done({});
            return;
        }
        const QString reason = r.error.isEmpty()
                                   ? QJsonDocument::fromJson(r.body).object().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString()
                                   : r.error;
        done(QStringLiteral("node \"%1\": %2").arg(nodeId, reason.isEmpty() ? QStringLiteral("status %1").arg(r.status) : reason.left(300)));
    });
}

} // namespace sy::pool
