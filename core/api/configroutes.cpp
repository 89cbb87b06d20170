#include "api/configroutes.h"

#include "api/dispatcher.h"
#include "api/routehelpers.h"
#include "http/httpexchange.h"
#include "store/configstore.h"

#include <QJsonArray>

namespace sy::api {

void respondChange(http::HttpExchange *exchange, const config::ConfigChange &change)
{
    if (change.ok()) {
        respond(exchange, ApiResult::ok(change.toJson()));
        return;
    }
    const protocol::ErrorKind kind = change.status == 412   ? protocol::ErrorKind::PreconditionFailed
                                     : change.status == 500 ? protocol::ErrorKind::Internal
                                                            : protocol::ErrorKind::InvalidRequest;
    ApiResult result = ApiResult::error(kind, change.error,
                                        change.status == 412 ? "config_changed" : change.status == 500 ? "config_not_saved" : "invalid_config");
    QJsonArray issues;
    for (const config::Issue &issue : change.issues)
        issues.append(QJsonObject{{QStringLiteral("path"), issue.path}, {QStringLiteral("message"), issue.message}});
    QJsonObject error = result.body.value(QLatin1String("error")).toObject();
    error.insert(QStringLiteral("issues"), issues);
    result.body.insert(QStringLiteral("error"), error);
    respond(exchange, result);
}

bool isDryRun(const http::HttpExchange *exchange)
{
    const QByteArray a = exchange->request().queryValue("dryRun");
    const QByteArray b = exchange->request().queryValue("dry_run");
    return a == "1" || a == "true" || b == "1" || b == "true";
}

void registerConfigRoutes(Dispatcher &dispatcher, config::ConfigStore &store, const QByteArray &token)
{
    dispatcher.add("GET", "/api/v1/config", [&store, token](http::HttpExchange *exchange, const PathParams &) {
        if (!requireAdmin(exchange, token))
            return;
        exchange->addResponseHeader(QByteArrayLiteral("ETag"), store.etag());
        exchange->respondJson(200, QJsonDocument(store.document()).toJson(QJsonDocument::Indented));
    });
    dispatcher.add("PUT", "/api/v1/config", [&store, token](http::HttpExchange *exchange, const PathParams &) {
        if (!requireAdmin(exchange, token))
            return;
        const config::ConfigChange change = store.replace(exchange->body(), exchange->request().headers.value("if-match"), isDryRun(exchange));
        exchange->addResponseHeader(QByteArrayLiteral("ETag"), store.etag());
        respondChange(exchange, change);
    });
}

} // namespace sy::api
