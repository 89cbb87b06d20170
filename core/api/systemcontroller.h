#pragma once
// The core itself: /health, /metrics (Prometheus), /api/v1/system, the core's log lines,
// /model-pool/status, and the plain-HTTP answer on /ws.

#include "api/apiresult.h"

namespace sy::metrics {
class Metrics;
}
namespace sy::routing {
struct ProxyServices;
}
namespace sy::history {
class History;
}

namespace sy::api {

class ApiRequest;

class SystemController {
public:
    SystemController(const routing::ProxyServices &services, const metrics::Metrics &metrics, const history::History *history,
                     qint64 startedMs)
        : m_services(services), m_metrics(metrics), m_history(history), m_startedMs(startedMs)
    {
    }

    ApiResult health(const ApiRequest &request) const;
    ApiResult metrics(const ApiRequest &request) const;
    ApiResult system(const ApiRequest &request) const;
    ApiResult coreLogs(const ApiRequest &request) const;
    ApiResult poolStatus(const ApiRequest &request) const;
    ApiResult webSocketOnly(const ApiRequest &request) const;

private:
    const routing::ProxyServices &m_services;
    const metrics::Metrics &m_metrics;
    const history::History *m_history;
    qint64 m_startedMs;
};

} // namespace sy::api
