#include "api/managementapi.h"

#include "api/admintoken.h"
#include "api/apirequest.h"
#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "http/refusallog.h"

#include <QDateTime>

namespace sy::api {
namespace {

template<typename Controller>
std::function<ApiResult(const ApiRequest &)> bind(Controller &c, ApiResult (Controller::*action)(const ApiRequest &))
{
    return [&c, action](const ApiRequest &r) { return (c.*action)(r); };
}

template<typename Controller>
std::function<ApiResult(const ApiRequest &)> bind(const Controller &c, ApiResult (Controller::*action)(const ApiRequest &) const)
{
    return [&c, action](const ApiRequest &r) { return (c.*action)(r); };
}

ApiResult unauthorized()
{
    return ApiResult::error(protocol::ErrorKind::Unauthorized,
                            QStringLiteral("missing or wrong admin token: send \"Authorization: Bearer <token>\" "
                                           "(the token is in the config directory, file admin-token, or "
                                           "$SWITCHYARD_ADMIN_TOKEN)"),
                            "unauthorized")
        .withHeader("WWW-Authenticate", "Bearer");
}

} // namespace

ManagementApi::ManagementApi(const ManagementServices &s)
    : m_token(s.adminToken),
      m_guard(s.tokenGuard),
      m_models(s.services),
      m_system(s.services, s.metrics, s.history, s.startedMs),
      m_config(s.config),
      m_history(s.history),
      m_routing(s.services)
{
}

bool ManagementApi::admitted(http::HttpExchange *exchange)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QHostAddress client = exchange->peerAddress();
    if (m_guard.isLockedOut(client, now)) {
        http::logRefusal(exchange->requestId(), exchange->request().method, exchange->request().path, client, 429,
                         u"locked out after too many wrong admin tokens");
        respond(exchange, ApiResult::error(protocol::ErrorKind::RateLimited,
                                           QStringLiteral("too many wrong admin tokens from this address; try again later"), "too_many_attempts")
                              .withHeader("Retry-After", QByteArray::number(m_guard.retryAfterS(client, now))));
        return false;
    }
    if (!isAuthorized(exchange->request(), m_token)) {
        m_guard.recordFailure(client, now);
        http::logRefusal(exchange->requestId(), exchange->request().method, exchange->request().path, client, 401,
                         u"missing or wrong admin token");
        respond(exchange, unauthorized());
        return false;
    }
    m_guard.recordSuccess(client);
    return true;
}

void ManagementApi::add(http::PathRouter &router, const char *method, const char *path, Access access, Action action)
{
    // Admin routes: the token is checked before the body is read, and again (with the
    // lock-out after wrong tokens) before the action runs.
    if (access == Access::Admin)
        router.setGate({[this](http::HttpExchange *exchange) { return admitted(exchange); },
                        [this](const http::RequestHead &head) { return isAuthorized(head, m_token); }});
    else
        router.setGate({});
    router.add(method, path, [this, action = std::move(action)](http::HttpExchange *exchange, const http::PathParams &params) {
        const ApiResult result = action(ApiRequest(exchange, params));
        if (!result.isDeferred)
            respond(exchange, result);
    });
}

void ManagementApi::addRoutes(http::PathRouter &r)
{
    constexpr Access Admin = Access::Admin;
    constexpr Access Public = Access::Public;
    // system
    add(r, "GET", "/health", Public, bind(m_system, &SystemController::health));
    add(r, "GET", "/metrics", Public, bind(m_system, &SystemController::metrics));
    add(r, "GET", "/api/v1/system", Admin, bind(m_system, &SystemController::system));
    add(r, "GET", "/api/v1/logs", Admin, bind(m_system, &SystemController::coreLogs));
    add(r, "GET", "/model-pool/status", Public, bind(m_system, &SystemController::poolStatus));
    add(r, "GET", "/ws", Admin, bind(m_system, &SystemController::webSocketOnly));
    // models
    add(r, "GET", "/api/v1/models", Admin, bind(m_models, &ModelsController::list));
    add(r, "GET", "/api/v1/models/{id}", Admin, bind(m_models, &ModelsController::get));
    add(r, "POST", "/api/v1/models/{id}/load", Admin, bind(m_models, &ModelsController::load));
    add(r, "POST", "/api/v1/models/{id}/unload", Admin, bind(m_models, &ModelsController::unload));
    add(r, "POST", "/api/v1/models/{id}/pin", Admin, bind(m_models, &ModelsController::pin));
    add(r, "POST", "/api/v1/models/{id}/unpin", Admin, bind(m_models, &ModelsController::unpin));
    add(r, "GET", "/api/v1/models/{id}/logs", Admin, bind(m_models, &ModelsController::logs));
    add(r, "GET", "/api/v1/cooldowns", Admin, bind(m_models, &ModelsController::cooldowns));
    add(r, "POST", "/api/v1/models/{id}/cooldown/reset", Admin, bind(m_models, &ModelsController::resetCooldown));
    // config
    add(r, "GET", "/api/v1/config", Admin, bind(m_config, &ConfigController::get));
    add(r, "PUT", "/api/v1/config", Admin, bind(m_config, &ConfigController::replace));
    add(r, "GET", "/model-pool/preferences", Public, bind(m_config, &ConfigController::preferences));
    add(r, "PUT", "/model-pool/preferences", Admin, bind(m_config, &ConfigController::replacePreferences));
    // history
    add(r, "GET", "/api/v1/requests", Admin, bind(m_history, &HistoryController::list));
    add(r, "GET", "/api/v1/requests/{id}", Admin, bind(m_history, &HistoryController::get));
    // routing
    add(r, "POST", "/api/v1/route/preview", Admin, bind(m_routing, &RoutingController::preview));
    add(r, "POST", "/api/v1/decompose", Admin, bind(m_routing, &RoutingController::decompose));
    r.setGate({}); // routes added after these are not the management API's
}

} // namespace sy::api
