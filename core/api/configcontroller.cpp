#include "api/configcontroller.h"

#include "api/apirequest.h"
#include "api/validators.h"
#include "store/configstore.h"


namespace sy::api {

ApiResult ConfigController::changeResult(const config::ConfigChange &change) const
{
    if (change.ok())
        return ApiResult::ok(change.toJson()).withHeader("ETag", m_store.etag());
    const protocol::ErrorKind kind = change.status == 412   ? protocol::ErrorKind::PreconditionFailed
                                     : change.status == 500 ? protocol::ErrorKind::Internal
                                                            : protocol::ErrorKind::InvalidRequest;
    ApiResult result = ApiResult::error(kind, change.error,
                                        change.status == 412 ? "config_changed" : change.status == 500 ? "config_not_saved" : "invalid_config");
    QJsonObject error = result.body.value(QLatin1String("error")).toObject();
    error.insert(QStringLiteral("issues"), config::issuesJson(change.issues));
    result.body.insert(QStringLiteral("error"), error);
    return result.withHeader("ETag", m_store.etag());
}

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
    return changeResult(m_store.replace(request.body(), request.head().headers.value("if-match"), *dryRun));
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
    const config::ConfigChange change = m_store.replaceMember(QStringLiteral("agents"), agents, *dryRun);
    ApiResult result = changeResult(change);
    result.headers = {}; // the preferences endpoint never sent the document's ETag
    return result;
}

} // namespace sy::api
