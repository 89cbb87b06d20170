#include "api/feed.h"

#include "api/admintoken.h"
#include "api/modeljson.h"
#include "pool/modelpool.h"
#include "protocol/apierror.h"
#include "util/log.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace sy::api {
namespace {

auto &lg()
{
    static auto l = sy::log::get("api");
    return *l;
}

constexpr int kCountersIntervalMs = 250; // at most four counter messages a second
constexpr int kLogsIntervalMs = 200;     // log lines go out in batches
constexpr std::size_t kLogsBatchMax = 500;
const QString kRequestsTopic = QStringLiteral("requests");
const QString kLogsTopic = QStringLiteral("logs");

} // namespace

Feed::Feed(const routing::ProxyServices &services, QByteArray token, TokenGuard &guard, QObject *parent)
    : QObject(parent),
      m_services(services),
      m_token(std::move(token)),
      m_guard(guard),
      m_server(new QWebSocketServer(QStringLiteral("switchyard"), QWebSocketServer::NonSecureMode, this))
{
    connect(m_server, &QWebSocketServer::newConnection, this, &Feed::onNewConnection);
    m_countersTimer.setSingleShot(true);
    connect(&m_countersTimer, &QTimer::timeout, this, &Feed::flushCounters);
    connect(m_services.pool, &pool::ModelPool::modelChanged, this, &Feed::onModelChanged);
    connect(m_services.pool, &pool::ModelPool::countersChanged, this, [this] {
        if (!m_sessions.empty() && !m_countersTimer.isActive())
            m_countersTimer.start(kCountersIntervalMs);
    });
    connect(m_services.pool, &pool::ModelPool::modelsReconfigured, this, &Feed::modelsReconfigured);
    m_logsTimer.setSingleShot(true);
    connect(&m_logsTimer, &QTimer::timeout, this, &Feed::flushLogs);
}

Feed::~Feed()
{
    if (m_logListener)
        log::removeListener(m_logListener);
    for (Session &s : m_sessions)
        s.socket->disconnect(this);
}

bool Feed::acceptsUpgrade(const http::RequestHead &head, const QHostAddress &peer) const
{
    // Refused upgrades are answered as plain HTTP (401, 429 or 404), which also counts a
    // wrong token against the client.
    return head.path == "/ws" && isAuthorized(head, m_token, /*allowQuery=*/true) &&
           !m_guard.isLockedOut(peer, QDateTime::currentMSecsSinceEpoch());
}

void Feed::takeUpgrade(QTcpSocket *socket)
{
    m_server->handleConnection(socket);
}

void Feed::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        // A client says ping, subscribe or snapshot in a few bytes; a larger message closes
        // the session (Qt's own limit, about 2 GiB, would be held in memory first).
        constexpr quint64 kMaxClientMessage = 64 * 1024;
        socket->setMaxAllowedIncomingMessageSize(kMaxClientMessage);
        socket->setMaxAllowedIncomingFrameSize(kMaxClientMessage);
        m_sessions.push_back({socket, {}});
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) { onMessage(socket, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            std::erase_if(m_sessions, [socket](const Session &s) { return s.socket == socket; });
            updateLogSubscription();
            socket->deleteLater();
            m_services.pool->setWatchers(int(m_sessions.size()));
        });
        m_services.pool->setWatchers(int(m_sessions.size()));
        send(socket, snapshot());
        lg().debug("feed session opened ({} open)", m_sessions.size());
    }
}

void Feed::closeAll()
{
    const std::vector<Session> sessions = m_sessions;
    for (const Session &s : sessions)
        s.socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("Switchyard is shutting down"));
}

Feed::Session *Feed::session(QWebSocket *socket)
{
    for (Session &s : m_sessions) {
        if (s.socket == socket)
            return &s;
    }
    return nullptr;
}

void Feed::onMessage(QWebSocket *socket, const QString &text)
{
    Session *s = session(socket);
    if (!s)
        return;
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("ping")) {
        send(socket, {{QStringLiteral("type"), QStringLiteral("pong")}, {QStringLiteral("rev"), double(m_rev)}});
    } else if (type == QLatin1String("subscribe") || type == QLatin1String("unsubscribe")) {
        for (const QJsonValue &topic : message.value(QLatin1String("topics")).toArray()) {
            if (topic.toString() != kRequestsTopic && topic.toString() != kLogsTopic) {
                send(socket, {{QStringLiteral("type"), QStringLiteral("error")},
                              {QStringLiteral("message"), QStringLiteral("unknown topic \"%1\" (known: requests, logs)").arg(protocol::loggable(topic.toString(), 64))}});
                continue;
            }
            if (type == QLatin1String("subscribe"))
                s->topics.insert(topic.toString());
            else
                s->topics.remove(topic.toString());
        }
        updateLogSubscription();
        send(socket, {{QStringLiteral("type"), QStringLiteral("subscribed")},
                      {QStringLiteral("topics"), QJsonArray::fromStringList(QStringList(s->topics.begin(), s->topics.end()))}});
    } else if (type == QLatin1String("snapshot")) {
        send(socket, snapshot());
    } else {
        send(socket, {{QStringLiteral("type"), QStringLiteral("error")},
                      {QStringLiteral("message"), QStringLiteral("unknown message type \"%1\"").arg(protocol::loggable(type, 64))}});
    }
}

QJsonObject Feed::snapshot() const
{
    return {{QStringLiteral("type"), QStringLiteral("snapshot")},
            {QStringLiteral("rev"), double(m_rev)},
            {QStringLiteral("models"), allModelsJson(*m_services.table, *m_services.pool, m_services.routerState)},
            {QStringLiteral("system"), systemJson(*m_services.table, *m_services.pool)}};
}

void Feed::onModelChanged(const QString &id)
{
    if (m_sessions.empty())
        return;
    const auto model = modelJsonById(*m_services.table, *m_services.pool, m_services.routerState, id);
    if (!model)
        return;
    broadcast({{QStringLiteral("type"), QStringLiteral("model")}, {QStringLiteral("rev"), double(++m_rev)}, {QStringLiteral("model"), *model}});
}

void Feed::modelsReconfigured()
{
    if (m_sessions.empty())
        return;
    QJsonObject message = snapshot();
    message.insert(QStringLiteral("type"), QStringLiteral("models"));
    message.insert(QStringLiteral("rev"), double(++m_rev));
    broadcast(message);
}

void Feed::configChanged(const QJsonArray &diff, const QString &source)
{
    if (m_sessions.empty())
        return;
    broadcast({{QStringLiteral("type"), QStringLiteral("config")},
               {QStringLiteral("rev"), double(++m_rev)},
               {QStringLiteral("source"), source},
               {QStringLiteral("diff"), diff}});
    modelsReconfigured();
}

void Feed::flushCounters()
{
    if (m_sessions.empty())
        return;
    broadcast({{QStringLiteral("type"), QStringLiteral("counters")},
               {QStringLiteral("rev"), double(++m_rev)},
               {QStringLiteral("models"), countersJson(*m_services.table, *m_services.pool)},
               {QStringLiteral("system"), systemJson(*m_services.table, *m_services.pool)}});
}

void Feed::requestFinished(const record::RequestRecord &record)
{
    const bool anyone = std::any_of(m_sessions.begin(), m_sessions.end(),
                                    [](const Session &s) { return s.topics.contains(kRequestsTopic); });
    if (!anyone)
        return;
    // Not state: no revision (sessions without the topic would see a gap).
    sendToTopic(QString::fromUtf8("{\"type\":\"request\",\"request\":" + record.json() + '}'), kRequestsTopic);
}

void Feed::updateLogSubscription()
{
    const bool wanted = std::any_of(m_sessions.begin(), m_sessions.end(), [](const Session &s) { return s.topics.contains(kLogsTopic); });
    if (wanted && !m_logListener) {
        // The listener runs on the logging thread: it only posts the line to ours.
        m_logListener = log::addListener([this](const log::Line &line) {
            QMetaObject::invokeMethod(this, [this, line] { onLogLine(line); }, Qt::QueuedConnection);
        });
    } else if (!wanted && m_logListener) {
        log::removeListener(m_logListener);
        m_logListener = 0;
        m_pendingLogs.clear();
    }
}

void Feed::onLogLine(const log::Line &line)
{
    if (!m_logListener)
        return;
    if (m_pendingLogs.size() < kLogsBatchMax)
        m_pendingLogs.push_back(line);
    if (!m_logsTimer.isActive())
        m_logsTimer.start(kLogsIntervalMs);
}

void Feed::flushLogs()
{
    QJsonArray lines;
    for (const log::Line &l : m_pendingLogs)
        lines.append(QJsonObject{{QStringLiteral("timeMs"), double(l.timeMs)},
                                 {QStringLiteral("level"), l.level},
                                 {QStringLiteral("module"), l.module},
                                 {QStringLiteral("message"), l.message}});
    m_pendingLogs.clear();
    if (!lines.isEmpty())
        broadcast({{QStringLiteral("type"), QStringLiteral("logs")}, {QStringLiteral("lines"), lines}}, kLogsTopic);
}

void Feed::broadcast(const QJsonObject &message, const QString &topic)
{
    sendToTopic(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)), topic); // serialised once for everyone
}

void Feed::sendToTopic(const QString &text, const QString &topic)
{
    for (Session &s : m_sessions) {
        if (topic.isEmpty() || s.topics.contains(topic))
            s.socket->sendTextMessage(text);
    }
}

void Feed::send(QWebSocket *socket, const QJsonObject &message)
{
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

} // namespace sy::api
