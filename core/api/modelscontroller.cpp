#include "api/modelscontroller.h"

#include "api/apirequest.h"
#include "api/modeljson.h"
#include "api/validators.h"
#include "pool/modelpool.h"
#include "routing/modelactions.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {

ApiResult ModelsController::modelResult(const QString &id, int status) const
{
    const auto model = modelJsonById(*m_services.table, *m_services.pool, m_services.routerState, id);
    return model ? ApiResult::ok({{QStringLiteral("model"), *model}}, status)
                 : ApiResult::error(protocol::ErrorKind::NotFound, QStringLiteral("no model \"%1\"").arg(protocol::excerpt(id)), "model_not_found");
}

ApiResult ModelsController::actionResult(const routing::ModelActionResult &result) const
{
    return result.ok() ? modelResult(result.id, 202) : ApiResult::error(result.errorKind(), result.message, result.errorCode());
}

ApiResult ModelsController::list(const ApiRequest &) const
{
    return ApiResult::ok({{QStringLiteral("models"), allModelsJson(*m_services.table, *m_services.pool, m_services.routerState)}});
}

ApiResult ModelsController::get(const ApiRequest &request) const
{
    const routing::ModelTarget t = routing::resolveModel(m_services, request.param("id"));
    return t.exists ? modelResult(t.id) : modelResult(request.param("id"));
}

ApiResult ModelsController::answerWhenDone(const ApiRequest &request, bool settledOnSuccess,
                                           const std::function<void(routing::ModelActionDone)> &action)
{
    action([this, reply = request.replyLater(), settledOnSuccess](const routing::ModelActionResult &result) {
        const bool settled = settledOnSuccess && result.ok() && m_services.pool->instance(result.id);
        reply(settled ? modelResult(result.id) : actionResult(result));
    });
    return ApiResult::deferred();
}

ApiResult ModelsController::load(const ApiRequest &request)
{
    return answerWhenDone(request, false, [&](routing::ModelActionDone done) { routing::loadModel(m_services, request.param("id"), std::move(done)); });
}

ApiResult ModelsController::unload(const ApiRequest &request)
{
    return answerWhenDone(request, false, [&](routing::ModelActionDone done) { routing::unloadModel(m_services, request.param("id"), std::move(done)); });
}

ApiResult ModelsController::pin(const ApiRequest &request)
{
    return answerWhenDone(request, true, [&](routing::ModelActionDone done) { routing::pinModel(m_services, request.param("id"), true, std::move(done)); });
}

ApiResult ModelsController::unpin(const ApiRequest &request)
{
    return answerWhenDone(request, true, [&](routing::ModelActionDone done) { routing::pinModel(m_services, request.param("id"), false, std::move(done)); });
}

ApiResult ModelsController::logs(const ApiRequest &request) const
{
    const QString id = request.param("id");
    const routing::ModelTarget t = routing::resolveModel(m_services, id);
    if (!t.exists)
        return modelResult(id);
    const pool::ModelInstance *instance = m_services.pool->instance(t.id);
    if (!instance)
        return ApiResult::error(protocol::ErrorKind::InvalidRequest,
                                QStringLiteral("\"%1\" is not a process Switchyard runs: it has no logs here").arg(t.id), "not_managed");
    ApiResult error;
    const std::optional<int> lines = clampedQuery(request, "lines", 1, 2000, 200, &error);
    if (!lines)
        return error;
    // ?after=N: only the lines since the answer whose "last" was N (for following the output).
    bool hasAfter = false;
    const qulonglong after = request.query("after").toULongLong(&hasAfter);
    if (!hasAfter && !request.query("after").isEmpty())
        return invalidRequest(QStringLiteral("after must be a line number (a previous answer's \"last\")"), "invalid_query", "after");
    const LogRing &log = instance->logs();
    return ApiResult::ok({{QStringLiteral("id"), t.id},
                          {QStringLiteral("lines"), QJsonArray::fromStringList(log.after(hasAfter ? after : 0, std::size_t(*lines), request.query("times") == "1"))},
                          {QStringLiteral("last"), double(log.lastNumber())}});
}

ApiResult ModelsController::cooldowns(const ApiRequest &) const
{
    QJsonArray out;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const routing::CooldownInfo &c : m_services.routerState->cooldowns(now)) {
        const qint64 left = c.untilMs ? c.untilMs - now : 0;
        out.append(QJsonObject{{QStringLiteral("model"), QString::fromUtf8(c.label)},
                               {QStringLiteral("cooling"), left > 0},
                               {QStringLiteral("remainingS"), double((std::max<qint64>(0, left) + 999) / 1000)},
                               {QStringLiteral("recentFailures"), c.failures}});
    }
    return ApiResult::ok({{QStringLiteral("cooldowns"), out}});
}

ApiResult ModelsController::resetCooldown(const ApiRequest &request)
{
    const QString id = request.param("id");
    // A model (by its id: the router counts failures under it, not under an alias), or a name
    // the router has kept a failure count for (a prefix-routed one); else 404 like the other
    // model actions.
    const routing::ModelTarget model = routing::resolveModel(m_services, id);
    const QByteArray label = model.exists ? model.id.toUtf8() : id.toUtf8();
    const auto counted = m_services.routerState->cooldowns(QDateTime::currentMSecsSinceEpoch());
    if (!model.exists && std::none_of(counted.begin(), counted.end(), [&](const routing::CooldownInfo &c) { return c.label == label; }))
        return modelResult(id);
    const bool was = m_services.routerState->resetCooldown(label);
    return ApiResult::ok({{QStringLiteral("model"), id}, {QStringLiteral("wasCooling"), was}});
}

} // namespace sy::api
