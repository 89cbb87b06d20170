#include "api/managementroutes.h"

#include "api/routehelpers.h"
#include "api/dispatcher.h"
#include "api/modelscontroller.h"
#include "http/httpexchange.h"

#include <QJsonDocument>

namespace sy::api {
namespace {

int linesParam(const http::HttpExchange *exchange)
{
    bool ok = false;
    const int lines = exchange->request().queryValue("lines").toInt(&ok);
    return ok ? std::clamp(lines, 1, 2000) : 200;
}

} // namespace

void registerManagementRoutes(Dispatcher &dispatcher, ModelsController &models, const QByteArray &token)
{
    // Every route checks the token first and does nothing without it.
    auto guarded = [token](std::function<ApiResult(http::HttpExchange *, const PathParams &)> handler) {
        return [token, handler](http::HttpExchange *exchange, const PathParams &params) {
            if (requireAdmin(exchange, token))
                respond(exchange, handler(exchange, params));
        };
    };
    auto id = [](const PathParams &params) { return QString::fromUtf8(params.value("id")); };

    dispatcher.add("GET", "/api/v1/models", guarded([&models](auto *, auto &) { return models.list(); }));
    dispatcher.add("GET", "/api/v1/models/{id}", guarded([&models, id](auto *, auto &p) { return models.get(id(p)); }));
    dispatcher.add("POST", "/api/v1/models/{id}/load", guarded([&models, id](auto *, auto &p) { return models.load(id(p)); }));
    dispatcher.add("POST", "/api/v1/models/{id}/unload", guarded([&models, id](auto *, auto &p) { return models.unload(id(p)); }));
    dispatcher.add("POST", "/api/v1/models/{id}/pin", guarded([&models, id](auto *, auto &p) { return models.pin(id(p), true); }));
    dispatcher.add("POST", "/api/v1/models/{id}/unpin", guarded([&models, id](auto *, auto &p) { return models.pin(id(p), false); }));
    dispatcher.add("GET", "/api/v1/models/{id}/logs",
                   guarded([&models, id](auto *e, auto &p) { return models.logs(id(p), linesParam(e)); }));
    dispatcher.add("GET", "/api/v1/cooldowns", guarded([&models](auto *, auto &) { return models.cooldowns(); }));
    dispatcher.add("POST", "/api/v1/models/{id}/cooldown/reset",
                   guarded([&models, id](auto *, auto &p) { return models.resetCooldown(id(p)); }));
    dispatcher.add("GET", "/api/v1/system", guarded([&models](auto *, auto &) { return models.system(); }));
    dispatcher.add("GET", "/api/v1/logs", guarded([&models](auto *e, auto &) { return models.coreLogs(linesParam(e)); }));
    // A /ws request that reached plain HTTP was not taken by the feed: wrong token or no upgrade.
    dispatcher.add("GET", "/ws", guarded([](auto *, auto &) {
        return ApiResult::error(protocol::ErrorKind::InvalidRequest, QStringLiteral("/ws is a WebSocket endpoint: send an upgrade request"),
                                "upgrade_required");
    }));
}

} // namespace sy::api
