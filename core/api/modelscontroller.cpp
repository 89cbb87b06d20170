#include "api/modelscontroller.h"

#include "api/modeljson.h"
#include "pool/modelpool.h"
#include "util/log.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {

ModelsController::Target ModelsController::resolve(const QString &id) const
{
    Target t;
    const routing::RouteTable &table = *m_services.table;
    const int index = table.findModel(id.toUtf8());
    if (index >= 0) {
        const routing::ModelEntry &model = table.models()[std::size_t(index)];
        t.exists = true;
        t.id = QString::fromUtf8(model.id);
        t.ttlS = model.config->ttlS.value_or(table.config().pool.defaultTtlS);
        if (m_services.pool->instance(t.id)) {
            t.managed = true;
        } else if (pool::OllamaMonitor *monitor = m_services.pool->ollamaFor(QString::fromUtf8(table.backends()[std::size_t(model.backend)].id))) {
            t.ollama = monitor;
            t.ollamaName = model.config->upstreamModel;
        }
        return t;
    }
    if (pool::OllamaMonitor *monitor = m_services.pool->ollamaModel(id, &t.ollamaName)) {
        t.exists = true;
        t.id = id;
        t.ollama = monitor;
        t.ttlS = table.config().pool.defaultTtlS;
    }
    return t;
}

ApiResult ModelsController::notFound(const QString &id) const
{
    return ApiResult::error(protocol::ErrorKind::NotFound, QStringLiteral("no model \"%1\"").arg(id), "model_not_found");
}

ApiResult ModelsController::notLoadable(const QString &id, const char *action) const
{
    return ApiResult::error(protocol::ErrorKind::InvalidRequest,
                            QStringLiteral("\"%1\" is served by a remote backend; only managed and Ollama models can be %2")
                                .arg(id, QLatin1String(action)),
                            "not_managed");
}

ApiResult ModelsController::modelResult(const QString &id, int status) const
{
    const auto model = modelJsonById(*m_services.table, *m_services.pool, m_services.routerState, id);
    return model ? ApiResult::ok({{QStringLiteral("model"), *model}}, status) : notFound(id);
}

ApiResult ModelsController::list() const
{
    return ApiResult::ok({{QStringLiteral("models"), allModelsJson(*m_services.table, *m_services.pool, m_services.routerState)}});
}

ApiResult ModelsController::get(const QString &id) const
{
    const Target t = resolve(id);
    return t.exists ? modelResult(t.id) : notFound(id);
}

ApiResult ModelsController::load(const QString &id)
{
    const Target t = resolve(id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        t.ollama->load(t.ollamaName, t.ttlS > 0 ? t.ttlS : -1);
        return modelResult(t.id, 202);
    }
    if (!t.managed)
        return notLoadable(id, "loaded");
    QString error;
    if (!m_services.pool->load(t.id, &error))
        return ApiResult::error(protocol::ErrorKind::Unavailable, error, "load_refused");
    return modelResult(t.id, 202);
}

ApiResult ModelsController::unload(const QString &id)
{
    const Target t = resolve(id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        t.ollama->unload(t.ollamaName);
        return modelResult(t.id, 202);
    }
    if (!t.managed)
        return notLoadable(id, "unloaded");
    QString error;
    m_services.pool->unload(t.id, &error);
    return modelResult(t.id, 202);
}

ApiResult ModelsController::pin(const QString &id, bool pinned)
{
    const Target t = resolve(id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        // Ollama's way: keep_alive -1 keeps it loaded; a finite one lets it expire again.
        t.ollama->load(t.ollamaName, pinned ? -1 : std::max(t.ttlS, 1));
        return modelResult(t.id, 202);
    }
    if (!t.managed)
        return notLoadable(id, pinned ? "pinned" : "unpinned");
    QString error;
    m_services.pool->setPinned(t.id, pinned, &error);
    return modelResult(t.id);
}

ApiResult ModelsController::logs(const QString &id, int lines) const
{
    const Target t = resolve(id);
    if (!t.exists)
        return notFound(id);
    const pool::ModelInstance *instance = t.managed ? m_services.pool->instance(t.id) : nullptr;
    if (!instance)
        return ApiResult::error(protocol::ErrorKind::InvalidRequest,
                                QStringLiteral("\"%1\" is not a process Switchyard runs: it has no logs here").arg(id), "not_managed");
    return ApiResult::ok({{QStringLiteral("id"), t.id}, {QStringLiteral("lines"), QJsonArray::fromStringList(instance->logTail(lines))}});
}

ApiResult ModelsController::cooldowns() const
{
    QJsonArray out;
    for (const routing::CooldownInfo &c : m_services.routerState->cooldowns(QDateTime::currentMSecsSinceEpoch())) {
        const qint64 left = c.untilMs ? c.untilMs - QDateTime::currentMSecsSinceEpoch() : 0;
        out.append(QJsonObject{{QStringLiteral("model"), QString::fromUtf8(c.label)},
                               {QStringLiteral("cooling"), left > 0},
                               {QStringLiteral("remainingS"), double((std::max<qint64>(0, left) + 999) / 1000)},
                               {QStringLiteral("recentFailures"), c.failures}});
    }
    return ApiResult::ok({{QStringLiteral("cooldowns"), out}});
}

ApiResult ModelsController::resetCooldown(const QString &id)
{
    const bool was = m_services.routerState->resetCooldown(id.toUtf8());
    return ApiResult::ok({{QStringLiteral("model"), id}, {QStringLiteral("wasCooling"), was}});
}

ApiResult ModelsController::system() const
{
    return ApiResult::ok(systemJson(*m_services.table, *m_services.pool));
}

ApiResult ModelsController::coreLogs(int lines) const
{
    QJsonArray out;
    for (const log::Line &line : log::recent(std::size_t(lines))) {
        out.append(QJsonObject{{QStringLiteral("timeMs"), double(line.timeMs)},
                               {QStringLiteral("level"), line.level},
                               {QStringLiteral("module"), line.module},
                               {QStringLiteral("message"), line.message}});
    }
    return ApiResult::ok({{QStringLiteral("lines"), out}});
}

} // namespace sy::api
