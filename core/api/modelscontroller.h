#pragma once
// /api/v1/models and /api/v1/system: what the pool holds, and the operator's actions.

#include "api/apiresult.h"
#include "routing/proxyservices.h"

namespace sy::pool {
class OllamaMonitor;
}

namespace sy::api {

class Dispatcher;

class ModelsController {
public:
    // `services` is the core's current set, read on every call.
    explicit ModelsController(const routing::ProxyServices &services) : m_services(services) {}

    ApiResult list() const;
    ApiResult get(const QString &id) const;
    ApiResult load(const QString &id);
    ApiResult unload(const QString &id);
    ApiResult pin(const QString &id, bool pinned);
    ApiResult logs(const QString &id, int lines) const;
    ApiResult system() const;
    ApiResult cooldowns() const;
    ApiResult resetCooldown(const QString &id);
    ApiResult coreLogs(int lines) const;

private:
    // What an id names: a managed model, an Ollama model (configured or discovered), or
    // a remote one (neither).
    struct Target {
        bool exists = false;
        QString id; // canonical
        bool managed = false;
        pool::OllamaMonitor *ollama = nullptr;
        QString ollamaName;
        int ttlS = 0;
    };
    Target resolve(const QString &id) const;
    ApiResult notFound(const QString &id) const;
    ApiResult notLoadable(const QString &id, const char *action) const;
    ApiResult modelResult(const QString &id, int status = 200) const;

    const routing::ProxyServices &m_services;
};

} // namespace sy::api
