#pragma once
// Switchyard's own HTTP API, registered in one place: one controller per scope (models,
// system, config, history, routing), each action a method returning an ApiResult. The
// table below says which actions need the admin token.

#include "api/admintoken.h"
#include "api/configcontroller.h"
#include "api/historycontroller.h"
#include "api/modelscontroller.h"
#include "api/routingcontroller.h"
#include "api/systemcontroller.h"

#include <QByteArray>

namespace sy::http {
class HttpExchange;
class PathRouter;
}

namespace sy::api {

struct ManagementServices {
    const routing::ProxyServices &services;
    const metrics::Metrics &metrics;
    config::ConfigStore &config;
    history::History *history;
    QByteArray adminToken;
    TokenGuard &tokenGuard;
    qint64 startedMs = 0;
};

class ManagementApi {
public:
    explicit ManagementApi(const ManagementServices &s);

    void addRoutes(http::PathRouter &router);

private:
    enum class Access { Public, Admin };
    using Action = std::function<ApiResult(const ApiRequest &)>;
    void add(http::PathRouter &router, const char *method, const char *path, Access access, Action action);
    // The admin token is right and the client is not locked out; otherwise answered.
    bool admitted(http::HttpExchange *exchange);

    QByteArray m_token;
    TokenGuard &m_guard;
    ModelsController m_models;
    SystemController m_system;
    ConfigController m_config;
    HistoryController m_history;
    RoutingController m_routing;
};

} // namespace sy::api
