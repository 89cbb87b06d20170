#include "api/systemcontroller.h"

#include "api/apirequest.h"
#include "api/modeljson.h"
#include "api/validators.h"
#include "metrics/metrics.h"
#include "routing/proxyservices.h"
#include "util/log.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {

ApiResult SystemController::health(const ApiRequest &) const
{
    return ApiResult::ok({{QStringLiteral("status"), QStringLiteral("ok")},
                          {QStringLiteral("version"), QStringLiteral(SWITCHYARD_VERSION)},
                          {QStringLiteral("uptimeS"), (QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000}});
}

ApiResult SystemController::metrics(const ApiRequest &) const
{
    return ApiResult::text(m_metrics.render(*m_services.table, *m_services.pool, *m_services.routerState, m_history, m_services.secondTier),
                           "text/plain; version=0.0.4; charset=utf-8");
}

ApiResult SystemController::system(const ApiRequest &) const
{
    return ApiResult::ok(systemJson(*m_services.table, *m_services.pool));
}

ApiResult SystemController::coreLogs(const ApiRequest &request) const
{
    ApiResult error;
    const std::optional<int> lines = clampedQuery(request, "lines", 1, 2000, 200, &error);
    if (!lines)
        return error;
    QJsonArray out;
    for (const log::Line &line : log::recent(std::size_t(*lines))) {
        out.append(QJsonObject{{QStringLiteral("timeMs"), double(line.timeMs)},
                               {QStringLiteral("level"), line.level},
                               {QStringLiteral("module"), line.module},
                               {QStringLiteral("message"), line.message}});
    }
    return ApiResult::ok({{QStringLiteral("lines"), out}});
}

ApiResult SystemController::poolStatus(const ApiRequest &) const
{
    return ApiResult::ok({{QStringLiteral("models"), allModelsJson(*m_services.table, *m_services.pool, m_services.routerState)},
                          {QStringLiteral("system"), systemJson(*m_services.table, *m_services.pool)}});
}

ApiResult SystemController::webSocketOnly(const ApiRequest &) const
{
    // A /ws request that reached plain HTTP was not taken by the feed: no upgrade asked.
    return ApiResult::error(protocol::ErrorKind::InvalidRequest, QStringLiteral("/ws is a WebSocket endpoint: send an upgrade request"),
                            "upgrade_required");
}

} // namespace sy::api
