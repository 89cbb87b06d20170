#include "client/corelink.h"

#include "models/coremessages.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>
#include <QWebSocket>

namespace sy::ui {
namespace {

constexpr int kFirstRetryMs = 500;
constexpr int kMaxRetryMs = 10000;

} // namespace

CoreLink::CoreLink(QObject *parent)
    : QObject(parent), m_rest(new client::RestClient(this)), m_feed(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &CoreLink::openFeed);
    connect(m_feed, &QWebSocket::connected, this, [this] {
        m_backoffMs = 0;
        m_rev = -1;
        setState(State::Connected);
        if (!m_topics.isEmpty())
            m_feed->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                                                                                  {QStringLiteral("topics"), QJsonArray::fromStringList(m_topics)}})
                                                          .toJson(QJsonDocument::Compact)));
    });
    connect(m_feed, &QWebSocket::disconnected, this, [this] {
        if (!m_wanted)
            return;
        setState(State::Connecting, m_feed->closeReason().isEmpty() ? m_feed->errorString() : m_feed->closeReason());
        scheduleReconnect();
    });
    connect(m_feed, &QWebSocket::textMessageReceived, this, &CoreLink::onFeedMessage);
    // A failed handshake (refused, unreachable, wrong token) never reaches "disconnected".
    connect(m_feed, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (!m_wanted || m_state == State::Connected)
            return;
        const QString reason = m_feed->errorString();
        // Ask the REST API why: a refused token is final, anything else is retried.
        get(QStringLiteral("/api/v1/system"), [this, reason](const RestReply &r) {
            if (!m_wanted || m_state == State::Connected)
                return;
            if (r.status == 401) {
                m_wanted = false;
                m_reconnect.stop();
                setState(State::Disconnected, tr("the core refused the admin token (401)"));
                return;
            }
            setState(State::Connecting, r.status == 0 && !r.errorText.isEmpty() ? r.errorText : reason);
            if (!m_reconnect.isActive())
                scheduleReconnect();
        });
    });
}

CoreLink::~CoreLink()
{
    m_wanted = false;
    m_feed->disconnect(this);
    m_feed->abort();
}

void CoreLink::connectTo(const QUrl &base, const QByteArray &token)
{
    m_base = base;
    m_token = token;
    m_rest->setTarget(base, token);
    m_wanted = true;
    m_backoffMs = 0;
    m_feed->abort();
    openFeed();
}

void CoreLink::disconnectFromCore()
{
    m_wanted = false;
    m_reconnect.stop();
    m_feed->close();
    setState(State::Disconnected);
}

void CoreLink::setState(State state, const QString &error)
{
    if (!error.isEmpty())
        m_lastError = error;
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CoreLink::openFeed()
{
    if (!m_wanted)
        return;
    setState(State::Connecting);
    QUrl url = m_base;
    url.setScheme(m_base.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    m_feed->open(request);
}

void CoreLink::scheduleReconnect()
{
    m_backoffMs = m_backoffMs == 0 ? kFirstRetryMs : std::min(kMaxRetryMs, m_backoffMs * 2);
    m_reconnect.start(m_backoffMs);
}

void CoreLink::onFeedMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    // Revisions count every state message; a gap means something was missed.
    if (message.contains(QLatin1String("rev")) && type != QLatin1String("pong")) {
        const double rev = message.value(QLatin1String("rev")).toDouble();
        const bool resets = type == QLatin1String("snapshot") || type == QLatin1String("models");
        if (!resets && m_rev >= 0 && rev != m_rev + 1) {
            m_rev = -1;
            m_feed->sendTextMessage(QStringLiteral(R"({"type":"snapshot"})"));
            return;
        }
        m_rev = rev;
    }
    if (type == QLatin1String("snapshot") || type == QLatin1String("models"))
        Q_EMIT snapshot(message.value(QLatin1String("models")).toArray(), message.value(QLatin1String("system")).toObject());
    else if (type == QLatin1String("model"))
        Q_EMIT modelChanged(message.value(QLatin1String("model")).toObject());
    else if (type == QLatin1String("counters"))
        Q_EMIT counters(message.value(QLatin1String("models")).toArray(), message.value(QLatin1String("system")).toObject());
    else if (type == QLatin1String("request"))
        Q_EMIT requestFinished(message.value(QLatin1String("request")).toObject());
    else if (type == QLatin1String("config"))
        Q_EMIT configChanged(message.value(QLatin1String("diff")).toArray(), message.value(QLatin1String("source")).toString());
    else if (type == QLatin1String("logs"))
        Q_EMIT logLines(message.value(QLatin1String("lines")).toArray());
}

void CoreLink::subscribe(const QStringList &topics)
{
    for (const QString &t : topics) {
        if (!m_topics.contains(t))
            m_topics << t;
    }
    if (m_state == State::Connected)
        m_feed->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                                                                              {QStringLiteral("topics"), QJsonArray::fromStringList(topics)}})
                                                      .toJson(QJsonDocument::Compact)));
}

void CoreLink::get(const QString &path, Done done)
{
    m_rest->get(path, std::move(done));
}

void CoreLink::send(const QByteArray &method, const QString &path, const QByteArray &body, Done done,
                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_rest->send(method, path, body, std::move(done), headers);
}

void CoreLink::action(const QString &path)
{
    send("POST", path, {}, [this](const RestReply &r) {
        if (!r.ok())
            Q_EMIT actionFailed(localizedCoreError(r.errorCode(), r.message()));
    });
}

void CoreLink::loadModel(const QString &id)
{
    action(client::modelPath(id, QStringLiteral("load")));
}

void CoreLink::unloadModel(const QString &id)
{
    action(client::modelPath(id, QStringLiteral("unload")));
}

void CoreLink::pinModel(const QString &id, bool pinned)
{
    action(client::modelPath(id, pinned ? QStringLiteral("pin") : QStringLiteral("unpin")));
}

void CoreLink::resetCooldown(const QString &id)
{
    action(client::modelPath(id, QStringLiteral("cooldown/reset")));
}

QString CoreLink::modelLogsPath(const QString &model, int lines, qint64 after, bool withTimes)
{
    QString path = QStringLiteral("/api/v1/models/%1/logs?lines=%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(model))).arg(lines);
    if (withTimes)
        path += QStringLiteral("&times=1");
    if (after > 0)
        path += QStringLiteral("&after=%1").arg(after);
    return path;
}

void CoreLink::listModelNames(std::function<void(const QStringList &names)> done)
{
    get(QStringLiteral("/v1/models"), [done = std::move(done)](const RestReply &r) {
        if (!r.ok())
            return;
        QStringList names;
        for (const QJsonValue &v : r.body.value(QLatin1String("data")).toArray())
            names << v.toObject().value(QLatin1String("id")).toString();
        done(names);
    });
}

} // namespace sy::ui
