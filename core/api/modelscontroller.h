#pragma once
// /api/v1/models and /api/v1/cooldowns: what the pool holds, and the operator's actions.

#include "api/apiresult.h"
#include "routing/modelactions.h"
#include "routing/proxyservices.h"

#include <functional>

namespace sy::api {

class ApiRequest;

class ModelsController {
public:
    // `services` is the core's current set, read on every call.
    explicit ModelsController(const routing::ProxyServices &services) : m_services(services) {}

    ApiResult list(const ApiRequest &request) const;
    ApiResult get(const ApiRequest &request) const;
    ApiResult load(const ApiRequest &request);
    ApiResult unload(const ApiRequest &request);
    ApiResult pin(const ApiRequest &request);
    ApiResult unpin(const ApiRequest &request);
    ApiResult logs(const ApiRequest &request) const;
    ApiResult cooldowns(const ApiRequest &request) const;
    ApiResult resetCooldown(const ApiRequest &request);

private:
    ApiResult modelResult(const QString &id, int status = 200) const;
    ApiResult actionResult(const routing::ModelActionResult &result) const;
    // Answers when the model's driver took the action (a node answers over the network);
    // `settledOnSuccess`: a managed model's new state is final, so 200 instead of 202.
    ApiResult answerWhenDone(const ApiRequest &request, bool settledOnSuccess,
                             const std::function<void(routing::ModelActionDone)> &action);

    const routing::ProxyServices &m_services;
};

} // namespace sy::api
