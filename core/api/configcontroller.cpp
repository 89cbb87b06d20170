#include "api/configcontroller.h"

#include "api/apirequest.h"
#include "api/validators.h"
#include "store/configstore.h"

namespace sy::api {
namespace {

// What became of a change, with the document's ETag after it (called by the store, which is
// alive then; the controller need not be).
ApiResult changeResult(const config::ConfigChange &change, const config::ConfigStore &store)
{
    if (change.ok())
        return ApiResult::ok(change.toJson()).withHeader("ETag", store.etag());
    const auto [kind, code] = change.status == 412   ? std::pair(protocol::ErrorKind::PreconditionFailed, "config_changed")
                              : change.status == 500 ? std::pair(protocol::ErrorKind::Internal, "config_not_saved")
                              : change.status == 503 ? std::pair(protocol::ErrorKind::Unavailable, "config_busy")
                                                     : std::pair(protocol::ErrorKind::InvalidRequest, "invalid_config");
    ApiResult result = ApiResult::error(kind, change.error, code);
    QJsonObject error = result.body.value(QLatin1String("error")).toObject();
    error.insert(QStringLiteral("issues"), config::issuesJson(change.issues));
    result.body.insert(QStringLiteral("error"), error);
    if (change.status == 503)
        result.withHeader("Retry-After", "1");
    return result.withHeader("ETag", store.etag());
}

} // namespace

ApiResult ConfigController::get(const ApiRequest &) const
{
    return ApiResult::text(QJsonDocument(m_store.document()).toJson(QJsonDocument::Indented), "application/json")
        .withHeader("ETag", m_store.etag());
}

ApiResult ConfigController::replace(const ApiRequest &request)
{
    ApiResult error;
    const std::optional<bool> dryRun = dryRunQuery(request, &error);
    if (!dryRun)
        return error;
    m_store.replace(request.body(), request.head().headers.value("if-match"), *dryRun,
                    [&store = m_store, reply = request.replyLater()](const config::ConfigChange &change) { reply(changeResult(change, store)); });
    return ApiResult::deferred();
}

ApiResult ConfigController::preferences(const ApiRequest &) const
{
    return ApiResult::ok({{QStringLiteral("agents"), m_store.document().value(QLatin1String("agents")).toObject()}});
}

ApiResult ConfigController::replacePreferences(const ApiRequest &request)
{
    ApiResult error;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &error);
    const std::optional<bool> dryRun = body ? dryRunQuery(request, &error) : std::nullopt;
    if (!dryRun)
        return error;
    // {"agents": {...}} (what GET returns) or the agents object itself.
    const QJsonValue agents = body->size() == 1 && body->contains(QLatin1String("agents")) ? body->value(QLatin1String("agents")) : *body;
    m_store.replaceMember(QStringLiteral("agents"), agents, *dryRun, [&store = m_store, reply = request.replyLater()](const config::ConfigChange &change) {
        ApiResult result = changeResult(change, store);
        result.headers = {}; // the preferences endpoint never sent the document's ETag
        reply(std::move(result));
    });
    return ApiResult::deferred();
}

} // namespace sy::api
