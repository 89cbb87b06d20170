#include "pool/ollamamonitor.h"

#include "http/httpcall.h"
#include "http/upstreampool.h"
#include "util/log.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace sy::pool {
namespace {

auto &lg()
{
    static auto l = sy::log::get("pool");
    return *l;
}

constexpr int kWatchedIntervalMs = 2000;
constexpr int kIdleIntervalMs = 15000;
constexpr qint64 kTagsEveryMs = 30000;

http::UpstreamRequestSpec request(const http::Origin &origin, const QByteArray &path, const QByteArray &method,
                                  const QByteArray &body = {})
{
    http::UpstreamRequestSpec spec;
    spec.origin = origin;
    spec.method = method;
    spec.target = path;
    spec.body = body;
    if (!body.isEmpty())
        spec.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    spec.timeouts.connect = std::chrono::seconds(3);
    spec.timeouts.firstByte = std::chrono::seconds(method == "GET" ? 5 : 300); // a load can take minutes
    spec.timeouts.idle = std::chrono::seconds(30);
    return spec;
}

} // namespace

OllamaMonitor::OllamaMonitor(http::UpstreamPool &upstreams, QString backendId, http::Origin origin, QByteArray basePath,
                             QString prefix, QObject *parent)
    : QObject(parent),
      m_upstreams(upstreams),
      m_backendId(std::move(backendId)),
      m_origin(std::move(origin)),
      m_basePath(std::move(basePath)),
      m_prefix(std::move(prefix))
{
    m_timer.setInterval(kIdleIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { refresh(QDateTime::currentMSecsSinceEpoch() - m_lastTagsMs > kTagsEveryMs); });
    m_timer.start();
    refresh(true);
}

QString OllamaMonitor::nameFor(const QString &id) const
{
    if (!m_prefix.isEmpty() && !id.startsWith(m_prefix))
        return {};
    const QString name = id.mid(m_prefix.size());
    return model(name) ? name : QString();
}

const OllamaModel *OllamaMonitor::model(const QString &name) const
{
    for (const OllamaModel &m : m_models) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

OllamaModel *OllamaMonitor::find(const QString &name)
{
    return const_cast<OllamaModel *>(model(name));
}

void OllamaMonitor::setWatched(bool watched)
{
    const int interval = watched ? kWatchedIntervalMs : kIdleIntervalMs;
    if (interval == m_timer.interval())
        return;
    m_timer.start(interval);
    if (watched)
        refresh(false);
}

void OllamaMonitor::refresh(bool withTags)
{
    if (withTags) {
        m_lastTagsMs = QDateTime::currentMSecsSinceEpoch();
        http::HttpCall::start(m_upstreams, request(m_origin, m_basePath + "/api/tags", "GET"), this,
                              [this](const http::HttpCallResult &r) {
                                  if (!r.ok())
                                      return setReachable(false, r.error.isEmpty() ? QStringLiteral("/api/tags answered %1").arg(r.status) : r.error);
                                  applyTags(r.body);
                                  refresh(false); // and what is loaded, now that the list is known
                              });
        return;
    }
    http::HttpCall::start(m_upstreams, request(m_origin, m_basePath + "/api/ps", "GET"), this, [this](const http::HttpCallResult &r) {
        if (!r.ok())
            return setReachable(false, r.error.isEmpty() ? QStringLiteral("/api/ps answered %1").arg(r.status) : r.error);
        setReachable(true, {});
        applyPs(r.body);
    });
}

void OllamaMonitor::setReachable(bool reachable, const QString &error)
{
    if (reachable == m_reachable && error == m_error)
        return;
    if (!reachable && (m_reachable || !m_everReached))
        lg().log(m_everReached ? spdlog::level::warn : spdlog::level::debug, "Ollama backend \"{}\" at {} is unreachable: {}",
                 m_backendId, m_origin.display(), error);
    if (reachable && !m_reachable)
        lg().info("Ollama backend \"{}\" at {} is reachable", m_backendId, m_origin.display());
    m_everReached = m_everReached || reachable;
    m_reachable = reachable;
    m_error = error;
    Q_EMIT listChanged();
}

void OllamaMonitor::applyTags(const QByteArray &json)
{
    setReachable(true, {});
    std::vector<OllamaModel> next;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).object().value(QLatin1String("models")).toArray()) {
        const QJsonObject o = v.toObject();
        OllamaModel m;
        m.name = o.value(QLatin1String("name")).toString(o.value(QLatin1String("model")).toString());
        if (m.name.isEmpty())
            continue;
        if (const OllamaModel *old = model(m.name))
            m = *old; // keep what /api/ps said
        m.diskBytes = qint64(o.value(QLatin1String("size")).toDouble());
        const QJsonObject details = o.value(QLatin1String("details")).toObject();
        m.family = details.value(QLatin1String("family")).toString();
        m.parameterSize = details.value(QLatin1String("parameter_size")).toString();
        m.quantization = details.value(QLatin1String("quantization_level")).toString();
        next.push_back(std::move(m));
    }
    const bool changed = next.size() != m_models.size() ||
                         !std::equal(next.begin(), next.end(), m_models.begin(), [](const auto &a, const auto &b) { return a.name == b.name; });
    m_models = std::move(next);
    if (changed)
        Q_EMIT listChanged();
}

void OllamaMonitor::applyPs(const QByteArray &json)
{
    QSet<QString> loaded;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const QJsonValue &v : QJsonDocument::fromJson(json).object().value(QLatin1String("models")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QLatin1String("name")).toString(o.value(QLatin1String("model")).toString());
        OllamaModel *m = find(name);
        if (!m) {
            m_models.push_back({});
            m = &m_models.back();
            m->name = name;
            Q_EMIT listChanged();
        }
        loaded.insert(name);
        const QDateTime expires = QDateTime::fromString(o.value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs);
        // Ollama reports "never" as a date centuries away.
        const qint64 expiresAt = !expires.isValid() || expires.toMSecsSinceEpoch() - now > 10ll * 365 * 24 * 3600 * 1000
                                     ? -1
                                     : expires.toMSecsSinceEpoch();
        const qint64 memory = qint64(o.value(QLatin1String("size")).toDouble());
        const qint64 vram = qint64(o.value(QLatin1String("size_vram")).toDouble());
        const bool changed = !m->loaded || m->expiresAtMs != expiresAt || m->memoryBytes != memory || m->vramBytes != vram ||
                             m->pending == QLatin1String("loading");
        m->loaded = true;
        m->expiresAtMs = expiresAt;
        m->memoryBytes = memory;
        m->vramBytes = vram;
        if (m->pending == QLatin1String("loading"))
            m->pending.clear();
        if (changed)
            Q_EMIT modelChanged(idFor(name));
    }
    for (OllamaModel &m : m_models) {
        if (loaded.contains(m.name) || (!m.loaded && m.pending != QLatin1String("unloading")))
            continue;
        m.loaded = false;
        m.expiresAtMs = 0;
        m.memoryBytes = 0;
        m.vramBytes = 0;
        m.pending.clear();
        Q_EMIT modelChanged(idFor(m.name));
    }
}

void OllamaMonitor::applyKeepAlive(const QString &name, const QJsonValue &keepAlive, const QString &pending)
{
    if (OllamaModel *m = find(name)) {
        m->pending = pending;
        m->lastError.clear();
        Q_EMIT modelChanged(idFor(name));
    }
    sendKeepAlive(name, keepAlive, pending, false);
}

void OllamaMonitor::sendKeepAlive(const QString &name, const QJsonValue &keepAlive, const QString &pending, bool embeddingModel)
{
    // An empty generate loads or unloads a model; Ollama refuses it for an embedding model,
    // which an empty embed does the same for.
    QJsonObject body{{QStringLiteral("model"), name}, {QStringLiteral("keep_alive"), keepAlive}};
    if (embeddingModel)
        body.insert(QStringLiteral("input"), QJsonArray());
    http::HttpCall::start(m_upstreams,
                          request(m_origin, m_basePath + (embeddingModel ? "/api/embed" : "/api/generate"), "POST",
                                  QJsonDocument(body).toJson(QJsonDocument::Compact)),
                          this, [this, name, keepAlive, pending, embeddingModel](const http::HttpCallResult &r) {
                              if (!embeddingModel && r.status == 400 && r.body.contains("does not support generate")) {
                                  // Again as an embed, unless another action came meanwhile (an
                                  // unload after this load must not be undone by it).
                                  if (const OllamaModel *m = find(name); !m || m->pending == pending)
                                      sendKeepAlive(name, keepAlive, pending, true);
                                  return;
                              }
                              if (!r.ok()) {
                                  if (OllamaModel *m = find(name)) {
                                      m->pending.clear();
                                      const QJsonValue e = QJsonDocument::fromJson(r.body).object().value(QLatin1String("error"));
                                      m->lastError = r.error.isEmpty() ? QStringLiteral("Ollama answered %1: %2").arg(r.status).arg(e.toString()) : r.error;
                                      Q_EMIT modelChanged(idFor(name));
                                  }
                              }
                              refresh(false);
                          });
}

DriverStatus OllamaMonitor::status(const QString &name) const
{
    const OllamaModel *m = model(name);
    return {m && m->loaded, 0, true};
}

void OllamaMonitor::load(const QString &name, int ttlS, Done done)
{
    applyKeepAlive(name, ttlS > 0 ? QJsonValue(QStringLiteral("%1s").arg(ttlS)) : QJsonValue(-1), QStringLiteral("loading"));
    done({});
}

void OllamaMonitor::unload(const QString &name, Done done)
{
    applyKeepAlive(name, 0, QStringLiteral("unloading"));
    done({});
}

void OllamaMonitor::setPinned(const QString &name, bool pinned, int ttlS, Done done)
{
    // keep_alive -1 keeps it loaded; unpinned, its own TTL applies again (0: never unloaded).
    // Unpinning a model that is not loaded has nothing to do: it must not load it.
    const OllamaModel *m = model(name);
    if (!pinned && !(m && m->loaded)) {
        done({});
        return;
    }
    load(name, pinned ? 0 : ttlS, std::move(done));
}

} // namespace sy::pool
