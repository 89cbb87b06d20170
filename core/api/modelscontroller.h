#pragma once
// /api/v1/models and /api/v1/system: what the pool holds, and the operator's actions.

#include "api/apiresult.h"
#include "routing/proxyservices.h"

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
    ApiResult coreLogs(int lines) const;

private:
    int indexOf(const QString &id) const;
    ApiResult notFound(const QString &id) const;
    ApiResult managedOnly(const QString &id, const char *action) const;

    const routing::ProxyServices &m_services;
};

} // namespace sy::api
