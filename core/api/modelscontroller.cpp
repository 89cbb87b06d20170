#include "api/modelscontroller.h"

#include "api/modeljson.h"
#include "pool/modelpool.h"
#include "util/log.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {

int ModelsController::indexOf(const QString &id) const
{
    return m_services.table->findModel(id.toUtf8());
}

ApiResult ModelsController::notFound(const QString &id) const
{
    return ApiResult::error(protocol::ErrorKind::NotFound, QStringLiteral("no model \"%1\"").arg(id), "model_not_found");
}

ApiResult ModelsController::managedOnly(const QString &id, const char *action) const
{
    return ApiResult::error(protocol::ErrorKind::InvalidRequest,
                            QStringLiteral("\"%1\" is served by a remote backend; only managed models can be %2")
                                .arg(id, QLatin1String(action)),
                            "not_managed");
}

ApiResult ModelsController::list() const
{
    const routing::RouteTable &table = *m_services.table;
    QJsonArray models;
    for (int i = 0; i < int(table.models().size()); ++i)
        models.append(modelJson(table, *m_services.pool, i));
    return ApiResult::ok({{QStringLiteral("models"), models}});
}

ApiResult ModelsController::get(const QString &id) const
{
    const int index = indexOf(id);
    if (index < 0)
        return notFound(id);
    return ApiResult::ok({{QStringLiteral("model"), modelJson(*m_services.table, *m_services.pool, index)}});
}

ApiResult ModelsController::load(const QString &id)
{
    const int index = indexOf(id);
    if (index < 0)
        return notFound(id);
    const QString canonical = QString::fromUtf8(m_services.table->models()[std::size_t(index)].id);
    if (!m_services.pool->instance(canonical))
        return managedOnly(id, "loaded");
    QString error;
    if (!m_services.pool->load(canonical, &error))
        return ApiResult::error(protocol::ErrorKind::Unavailable, error, "load_refused");
    return ApiResult::ok({{QStringLiteral("model"), modelJson(*m_services.table, *m_services.pool, index)}}, 202);
}

ApiResult ModelsController::unload(const QString &id)
{
    const int index = indexOf(id);
    if (index < 0)
        return notFound(id);
    const QString canonical = QString::fromUtf8(m_services.table->models()[std::size_t(index)].id);
    if (!m_services.pool->instance(canonical))
        return managedOnly(id, "unloaded");
    QString error;
    m_services.pool->unload(canonical, &error);
    return ApiResult::ok({{QStringLiteral("model"), modelJson(*m_services.table, *m_services.pool, index)}}, 202);
}

ApiResult ModelsController::pin(const QString &id, bool pinned)
{
    const int index = indexOf(id);
    if (index < 0)
        return notFound(id);
    const QString canonical = QString::fromUtf8(m_services.table->models()[std::size_t(index)].id);
    if (!m_services.pool->instance(canonical))
        return managedOnly(id, pinned ? "pinned" : "unpinned");
    QString error;
    m_services.pool->setPinned(canonical, pinned, &error);
    return ApiResult::ok({{QStringLiteral("model"), modelJson(*m_services.table, *m_services.pool, index)}});
}

ApiResult ModelsController::logs(const QString &id, int lines) const
{
    const int index = indexOf(id);
    if (index < 0)
        return notFound(id);
    const QString canonical = QString::fromUtf8(m_services.table->models()[std::size_t(index)].id);
    const pool::ModelInstance *instance = m_services.pool->instance(canonical);
    if (!instance)
        return managedOnly(id, "asked for logs");
    return ApiResult::ok({{QStringLiteral("id"), canonical},
                          {QStringLiteral("lines"), QJsonArray::fromStringList(instance->logTail(lines))}});
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
